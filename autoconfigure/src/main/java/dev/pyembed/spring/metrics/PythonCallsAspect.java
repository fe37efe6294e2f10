package dev.pyembed.spring.metrics;

import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonInterruptedException;
import dev.pyembed.PythonTimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code python.calls}: a timer per {@code @WithGil} method and outcome, like Micrometer's {@code TimedAspect}.
 * Tags: {@code method} ({@code SimpleClassName.method}, the label the {@code @WithGil} aspect gives the GIL scope;
 * bounded like the GIL meters'), {@code outcome} ({@code success}, {@code error}, {@code gil-timeout} when the
 * call gave up waiting for the GIL, {@code timeout} when it ran past its deadline and was stopped, {@code interrupted}
 * when its thread was interrupted and its Python code stopped) and {@code exception} (the simple class name, {@code none} on success).
 *
 * <p>It wraps the {@code @WithGil} aspect (its order is one less), so the time is the whole call: the wait for the
 * GIL and the method body. A method returning a {@code CompletionStage} is timed until it returns, not until the
 * stage completes (the GIL scope ends when the method returns).
 */
@Aspect
public class PythonCallsAspect implements Ordered {

    public static final String CALLS = "python.calls";

    private final MeterRegistry registry;
    private final MethodTags methods;
    private final int order;
    private final Map<CallKey, String> labels = new ConcurrentHashMap<>();
    /** The success timer of each method, so that the common outcome builds no meter id per call. */
    private final Map<String, Timer> successTimers = new ConcurrentHashMap<>();

    /**
     * @param order this aspect's order: one less than the {@code @WithGil} aspect's, so that it runs around it
     */
    public PythonCallsAspect(MeterRegistry registry, int maxMethodTags, int order) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.methods = new MethodTags(maxMethodTags);
        this.order = order;
    }

    @Around("@annotation(dev.pyembed.spring.gil.WithGil) || @within(dev.pyembed.spring.gil.WithGil)")
    public Object recordCall(ProceedingJoinPoint call) throws Throwable {
        if (call.getTarget() instanceof dev.pyembed.spring.module.PythonModuleBean) {
            return call.proceed(); // a typed Python interface takes the GIL itself, with its own @WithGil settings
        }
        long start = System.nanoTime();
        String outcome = "success";
        String exception = "none";
        try {
            return call.proceed();
        } catch (GilTimeoutException e) {
            outcome = "gil-timeout";
            exception = e.getClass().getSimpleName();
            throw e;
        } catch (PythonTimeoutException e) {
            outcome = "timeout";
            exception = e.getClass().getSimpleName();
            throw e;
        } catch (PythonInterruptedException e) {
            outcome = "interrupted";
            exception = e.getClass().getSimpleName();
            throw e;
        } catch (Throwable t) {
            outcome = "error";
            exception = t.getClass().getSimpleName();
            throw t;
        } finally {
            String method = methods.tag(label(call));
            Timer timer = "success".equals(outcome)
                    ? successTimers.computeIfAbsent(method, m -> timer(m, "success", "none"))
                    : timer(method, outcome, exception);
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String method, String outcome, String exception) {
        return Timer.builder(CALLS)
                .description("Calls of @WithGil methods: the wait for the GIL and the method body")
                .tags("method", method, "outcome", outcome, "exception", exception)
                .register(registry);
    }

    /** {@code SimpleClassName.method} of the target, as the {@code @WithGil} aspect labels the scope. */
    private String label(ProceedingJoinPoint call) {
        Method method = ((MethodSignature) call.getSignature()).getMethod();
        Class<?> targetClass = call.getTarget() != null ? AopUtils.getTargetClass(call.getTarget()) : method.getDeclaringClass();
        return labels.computeIfAbsent(new CallKey(method, targetClass), key -> {
            Class<?> userClass = ClassUtils.getUserClass(key.targetClass());
            return userClass.getSimpleName() + "." + AopUtils.getMostSpecificMethod(key.method(), userClass).getName();
        });
    }

    @Override
    public int getOrder() {
        return order;
    }

    private record CallKey(Method method, Class<?> targetClass) {
    }
}
