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
}
