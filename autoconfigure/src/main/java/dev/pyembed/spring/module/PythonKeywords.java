package dev.pyembed.spring.module;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Passes a parameter of a {@link PythonModule} method as keyword arguments instead of one positional dict: a record's
 * components, a JavaBean's readable properties or a {@code Map<String, ?>}'s entries become {@code name=value}.
 *
 * <pre>{@code
 * record Options(double scale, double offset) {}
 * double weighted(double x, @PythonKeywords Options options);   // weighted(x, scale=..., offset=...)
 * }</pre>
 *
 * For a record or a bean the start-up check binds the names to the Python signature, so a component the function does
 * not take fails the start; a {@code Map}'s names are known only at the call. {@code null} passes no keywords; two
 * parameters giving the same name fail the call.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PythonKeywords {
}
