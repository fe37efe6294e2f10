package dev.pyembed.spring.metrics;

import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonInterruptedException;
import dev.pyembed.PythonTimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.TargetClassAware;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
 *
 * <p>Recorded like the GIL timers ({@link TimerRegistrar}): a {@code FunctionTimer} plus a max gauge
 * {@code python.calls.seconds.max} kept per thread, unless the meter filters give {@code python.calls} a histogram,
 * percentiles or SLOs (then a {@code Timer}). A thread calling the same method again finds its recorder without a
 * look-up.
 */
@Aspect
public class PythonCallsAspect implements Ordered {

    public static final String CALLS = "python.calls";
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private final TimerRegistrar timers;
    private final MethodTags methods;
    private final int order;
    private final Map<CallKey, String> labels = new ConcurrentHashMap<>();
    private final Map<TimerKey, TimerRegistrar.RegisteredTimer> registered = new ConcurrentHashMap<>();
    private final ThreadLocal<ThreadCalls> current = ThreadLocal.withInitial(ThreadCalls::new);

    /**
     * @param order this aspect's order: one less than the {@code @WithGil} aspect's, so that it runs around it
     */
    public PythonCallsAspect(MeterRegistry registry, int maxMethodTags, int order) {
        this(registry, maxMethodTags, order, List.of());
    }

    /**
     * @param order   this aspect's order: one less than the {@code @WithGil} aspect's, so that it runs around it
     * @param filters the registry's meter filters, in the order it applies them: where they configure a histogram,
     *                percentiles or SLOs for {@code python.calls}, it is a real {@code Timer}
     */
    public PythonCallsAspect(MeterRegistry registry, int maxMethodTags, int order, List<MeterFilter> filters) {
        this.timers = new TimerRegistrar(Objects.requireNonNull(registry, "registry"), filters);
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
            long end = System.nanoTime();
            recorder(call, outcome, exception).record(end - start, end);
        }
    }

    /**
     * The calling thread's recorder of this call's timer: without a look-up when it is the thread's last success. A
     * virtual thread (often one per request) gets no state of its own: it records into the timer's shared cell.
     */
    private TimerRegistrar.Recorder recorder(ProceedingJoinPoint call, String outcome, String exception) {
        Method method = ((MethodSignature) call.getSignature()).getMethod();
        Object target = call.getTarget();
        if (isVirtual(Thread.currentThread())) {
            return timer(new TimerKey(methods.tag(label(method, target)), outcome, exception)).sharedRecorder();
        }
        ThreadCalls thread = current.get();
        // The label depends on the target's class (no bean is kept); a target that is a proxy itself may stand for
        // several classes under one proxy class: it takes the look-up every time.
        Class<?> targetType = target == null ? null : target.getClass();
        boolean cacheable = "success".equals(outcome) && !(target instanceof TargetClassAware);
        if (cacheable && method == thread.lastMethod && targetType == thread.lastTargetType) {
            return thread.lastSuccess;
        }
        TimerRegistrar.RegisteredTimer timer = timer(new TimerKey(methods.tag(label(method, target)), outcome, exception));
        TimerRegistrar.Recorder recorder = thread.recorders.computeIfAbsent(timer, TimerRegistrar.RegisteredTimer::recorder);
        if (cacheable) {
            thread.lastMethod = method;
            thread.lastTargetType = targetType;
            thread.lastSuccess = recorder;
        }
        return recorder;
    }

    private TimerRegistrar.RegisteredTimer timer(TimerKey key) {
        TimerRegistrar.RegisteredTimer found = registered.get(key);
        return found != null ? found : registered.computeIfAbsent(key, k -> timers.register(CALLS,
                "Calls of @WithGil methods: the wait for the GIL and the method body",
                Tags.of("method", k.method(), "outcome", k.outcome(), "exception", k.exception())));
    }

    private static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false; // Java 17: there are none
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** {@code SimpleClassName.method} of the target, as the {@code @WithGil} aspect labels the scope. */
    private String label(Method method, Object target) {
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
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

    private record TimerKey(String method, String outcome, String exception) {
    }

    /**
     * One thread's recorders, touched by that thread only; the last successful call's method and target class (the
     * same {@code Method} object on every call through a proxy) lead to its recorder at once.
     */
    private static final class ThreadCalls {
        Method lastMethod;
        Class<?> lastTargetType;
        TimerRegistrar.Recorder lastSuccess;
        final Map<TimerRegistrar.RegisteredTimer, TimerRegistrar.Recorder> recorders = new IdentityHashMap<>();
    }
}
