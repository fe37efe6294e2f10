package dev.pyembed.spring.gil;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method (or every public method of the annotated type) inside a GIL scope of the
 * application's {@code PythonEngine}: {@code engine.withGil(timeout, "SimpleClassName.method", gil -> method())}.
 * Inside, {@code engine.withGil(...)} and {@code engine.acquireGil()} are re-entrant and cost no wait.
 *
 * <h2>Threads</h2>
 * On a platform thread the method runs on the calling thread. On a <b>virtual thread</b>
 * ({@code spring.threads.virtual.enabled=true}) it runs on a platform thread of the engine
 * ({@code pyembed-gil-worker}) while the virtual thread waits without pinning its carrier, because a CPython
 * thread state must never move between carriers. Thread-bound context of the caller (a transaction bound by
 * {@code @Transactional}, the security context, MDC, request attributes) is therefore <b>not</b> visible inside
 * the method on a virtual thread: keep such work outside the {@code @WithGil} method.
 *
 * <h2>Order against other advice</h2>
 * The aspect has the lowest precedence by default ({@code pyembed.gil.aspect-order}): it is the innermost advice,
 * so the GIL is held around the method body only. {@code @Transactional} begins and commits outside the GIL,
 * {@code @Cacheable} looks up the cache outside it (a cache hit takes no GIL), and {@code @Async} hands the call to
 * its executor first, so the GIL is taken on the executor's thread, never on the caller's.
 *
 * <h2>Timeout</h2>
 * A call that cannot get the GIL within the timeout fails with {@code dev.pyembed.GilTimeoutException}, which names
 * the thread holding the GIL and for how long.
 *
 * <h2>Deadline and interruption</h2>
 * With a {@link #deadline()} (or {@code pyembed.gil.call-deadline}) the call's Python code is stopped when it runs
 * too long; interrupting the calling thread ({@code Thread.interrupt()}, {@code Future.cancel(true)}) stops it the
 * same way with a {@code dev.pyembed.PythonInterruptedException}.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface WithGil {

    /**
     * How long to wait for the GIL, e.g. {@code "500ms"} or {@code "2s"} (or ISO-8601, {@code "PT0.5S"}). Empty: the
     * {@code pyembed.gil.acquire-timeout} property, and without it no limit.
     */
    String timeout() default "";

    /**
     * How long the call may run, the wait for the GIL included, e.g. {@code "2s"}: past it, the method's Python code
     * is stopped (it gets {@code pyembed.DeadlineExceeded}, a {@code BaseException}: {@code except Exception} does not
     * catch it, {@code finally} blocks run) and the method throws {@code dev.pyembed.PythonTimeoutException}, naming
     * the deadline and the Python line it stopped at. Empty: the {@code pyembed.gil.call-deadline} property, and
     * without it no deadline. C code that does not return to the interpreter is stopped only when it returns.
     */
    String deadline() default "";
}
