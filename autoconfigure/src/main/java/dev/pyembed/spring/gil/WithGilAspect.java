package dev.pyembed.spring.gil;

import dev.pyembed.PythonEngine;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs {@link WithGil} methods inside a GIL scope: {@code engine.withGil(timeout, "SimpleClassName.method", ...)}.
 * The label is the target class's simple name and the method name, so that metrics stay low-cardinality.
 *
 * <p>Order: {@link #getOrder()} (default {@link Ordered#LOWEST_PRECEDENCE}, property
 * {@code pyembed.gil.aspect-order}) makes it the innermost advice; see {@link WithGil} for what that means for
 * {@code @Transactional}, {@code @Cacheable} and {@code @Async}, and for virtual threads.
 */
@Aspect
public class WithGilAspect implements Ordered {

    private final Supplier<PythonEngine> engine;
    private final Duration defaultTimeout;
    private final int order;
    private final Map<CallKey, GilCall> settings = new ConcurrentHashMap<>();

    /**
     * @param engine         the engine, started if it is not yet (lazy start)
     * @param defaultTimeout the GIL wait limit of methods whose annotation sets none; {@code null}: no limit
     * @param order          this aspect's order among the advice of a bean
     */
    public WithGilAspect(Supplier<PythonEngine> engine, Duration defaultTimeout, int order) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.defaultTimeout = defaultTimeout;
        this.order = order;
    }

    @Around("@annotation(dev.pyembed.spring.gil.WithGil) || @within(dev.pyembed.spring.gil.WithGil)")
    public Object aroundWithGil(ProceedingJoinPoint call) throws Throwable {
        if (call.getTarget() instanceof dev.pyembed.spring.module.PythonModuleBean) {
            return call.proceed(); // a typed Python interface takes the GIL itself, with its own @WithGil settings
        }
        Method method = ((MethodSignature) call.getSignature()).getMethod();
        Class<?> targetClass = call.getTarget() != null ? AopUtils.getTargetClass(call.getTarget()) : method.getDeclaringClass();
        GilCall callSettings = settings.computeIfAbsent(new CallKey(method, targetClass), this::settingsFor);
        try {
            java.util.function.Function<dev.pyembed.Gil, Object> body = gil -> {
                try {
                    return call.proceed();
                } catch (Throwable t) {
                    throw new Rethrown(t);
                }
            };
            return callSettings.run(engine.get(), body);
        } catch (Rethrown rethrown) {
            throw rethrown.getCause();
        }
    }

    private GilCall settingsFor(CallKey key) {
        Class<?> userClass = ClassUtils.getUserClass(key.targetClass());
        Method specific = AopUtils.getMostSpecificMethod(key.method(), userClass);
        WithGil annotation = AnnotatedElementUtils.findMergedAnnotation(specific, WithGil.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(userClass, WithGil.class);
        }
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(key.method().getDeclaringClass(), WithGil.class);
        }
        return GilCall.of(annotation, defaultTimeout, userClass.getName() + "." + specific.getName(),
                userClass.getSimpleName() + "." + specific.getName());
    }

    @Override
    public int getOrder() {
        return order;
    }

    private record CallKey(Method method, Class<?> targetClass) {
    }

    /** Carries a checked exception of the method through {@code withGil}'s function. */
    private static final class Rethrown extends RuntimeException {
        Rethrown(Throwable cause) {
            super(null, cause, false, false);
        }
    }
}
