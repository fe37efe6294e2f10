package dev.pyembed.spring.gil;

import dev.pyembed.PythonEngine;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
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
    private final Map<CallKey, CallSettings> settings = new ConcurrentHashMap<>();

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
        Method method = ((MethodSignature) call.getSignature()).getMethod();
        Class<?> targetClass = call.getTarget() != null ? AopUtils.getTargetClass(call.getTarget()) : method.getDeclaringClass();
        CallSettings callSettings = settings.computeIfAbsent(new CallKey(method, targetClass), this::settingsFor);
        try {
            java.util.function.Function<dev.pyembed.Gil, Object> body = gil -> {
                try {
                    return call.proceed();
                } catch (Throwable t) {
                    throw new Rethrown(t);
                }
            };
            PythonEngine python = engine.get();
            return callSettings.deadline() == null ? python.withGil(callSettings.timeout(), callSettings.label(), body)
                    : python.withGil(callSettings.timeout(), callSettings.label(), callSettings.deadline(), body);
        } catch (Rethrown rethrown) {
            throw rethrown.getCause();
        }
    }

    private CallSettings settingsFor(CallKey key) {
        Class<?> userClass = ClassUtils.getUserClass(key.targetClass());
        Method specific = AopUtils.getMostSpecificMethod(key.method(), userClass);
        WithGil annotation = AnnotatedElementUtils.findMergedAnnotation(specific, WithGil.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(userClass, WithGil.class);
        }
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(key.method().getDeclaringClass(), WithGil.class);
        }
        Duration timeout = defaultTimeout;
        if (annotation != null && !annotation.timeout().isBlank()) {
            try {
                timeout = DurationStyle.detectAndParse(annotation.timeout().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("@WithGil(timeout = \"" + annotation.timeout() + "\") on " + userClass.getName()
                        + "." + specific.getName() + " is not a duration (examples: \"500ms\", \"2s\", \"PT0.5S\")", e);
            }
        }
        Duration deadline = null; // null: the engine's default (pyembed.gil.call-deadline)
        if (annotation != null && !annotation.deadline().isBlank()) {
            deadline = parse(annotation.deadline(), "deadline", userClass, specific);
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("@WithGil(deadline = \"" + annotation.deadline() + "\") on "
                        + userClass.getName() + "." + specific.getName() + " must be positive (or empty for the default)");
            }
        }
        return new CallSettings(timeout, deadline, userClass.getSimpleName() + "." + specific.getName());
    }

    private static Duration parse(String value, String attribute, Class<?> userClass, Method method) {
        try {
            return DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@WithGil(" + attribute + " = \"" + value + "\") on " + userClass.getName()
                    + "." + method.getName() + " is not a duration (examples: \"500ms\", \"2s\", \"PT0.5S\")", e);
        }
    }

    @Override
    public int getOrder() {
        return order;
    }

    private record CallKey(Method method, Class<?> targetClass) {
    }

    private record CallSettings(Duration timeout, Duration deadline, String label) {
    }

    /** Carries a checked exception of the method through {@code withGil}'s function. */
    private static final class Rethrown extends RuntimeException {
        Rethrown(Throwable cause) {
            super(null, cause, false, false);
        }
    }
}
