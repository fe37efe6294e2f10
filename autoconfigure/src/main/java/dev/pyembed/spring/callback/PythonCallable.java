package dev.pyembed.spring.callback;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a Spring bean callable from Python: its public methods become {@code pyembed.java("name").method(args)}.
 * {@link PythonCallableRegistrar} registers every such bean with the engine after all singletons exist and before
 * the engine starts, so startup scripts ({@code pyembed.scripts}) can call them already.
 *
 * <p>Python calls the bean as Spring exposes it (its proxy, when it has one), so {@code @Transactional},
 * {@code @Cacheable} or {@code @WithGil} on its methods apply.
 *
 * <pre>{@code
 * @Service
 * @PythonCallable(name = "prices")
 * class PriceService { public double price(String sku) { ... } }
 * }</pre>
 * <pre>
 * import pyembed
 * pyembed.java('prices').price('A-42')
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PythonCallable {

    /** The name Python looks the bean up by. Empty: the bean name. */
    String name() default "";

    /**
     * Whether the GIL is released while a method runs (default): other Python and Java threads go on meanwhile.
     * {@code false} only for tiny methods that never block and are called very often from Python.
     */
    boolean releasesGil() default true;
}
