package dev.pyembed.spring.actuate.endpoint;

import dev.pyembed.EngineState;
import dev.pyembed.GilStatus;
import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStats;
import dev.pyembed.PythonThreadInfo;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /actuator/python}: which CPython runs and why, the engine's state, who holds the GIL now and who waits,
 * the interpreter's counters, and every Python thread with its Python stack (plus the Java stack of Java threads
 * running Python code).
 *
 * <p>The answer never waits longer than {@code snapshotTimeout} for the GIL: when a thread keeps it longer (Java
 * or C code inside a GIL scope does not hand it over), the Python threads and counters are reported unavailable,
 * naming the holder, while the GIL status (read without the GIL) still shows it with its Java stack.
 */
@Endpoint(id = "python")
public class PythonEndpoint {

    /** Java stack frames shown per thread. */
    static final int JAVA_FRAMES = 20;

    private final PythonEngine engine;
    private final Duration snapshotTimeout;

    public PythonEndpoint(PythonEngine engine, Duration snapshotTimeout) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.snapshotTimeout = Objects.requireNonNull(snapshotTimeout, "snapshotTimeout");
    }

    @ReadOperation
    public PythonDescriptor python() {
        EngineState state = engine.state();
        GilDescriptor gil = gil(engine.gilStatus()); // before the snapshot: it shows who would block it
        PythonThreadsDescriptor threads;
        CountersDescriptor counters;
        if (state != EngineState.RUNNING) {
            String reason = "the engine is " + state;
            threads = PythonThreadsDescriptor.unavailable(reason);
            counters = new CountersDescriptor(engine.liveObjects(), StatsDescriptor.unavailable(reason));
        } else {
            long deadline = System.nanoTime() + snapshotTimeout.toNanos();
            threads = threads();
            StatsDescriptor stats = threads.available() ? stats(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)))
                    : StatsDescriptor.unavailable(threads.reason());
            counters = new CountersDescriptor(engine.liveObjects(), stats);
        }
        return new PythonDescriptor(runtime(), state.name(), engine.uptime().toMillis(), gil, counters, threads,
                interpreters(), calls());
    }

    private CallsDescriptor calls() {
        List<PastDeadlineDescriptor> late = engine.callsPastDeadline().stream()
                .map(c -> new PastDeadlineDescriptor(c.thread(), c.label(), c.deadline().toMillis(),
                        c.pastDeadline().toMillis(), c.stopRequested()))
                .toList();
        return new CallsDescriptor(late, engine.callsStoppedAtDeadline(), engine.callsStoppedByInterrupt());
    }

    private RuntimeDescriptor runtime() {
        PythonRuntime runtime;
        try {
            runtime = engine.runtime();
        } catch (IllegalStateException notStarted) {
            return null;
        }
        return new RuntimeDescriptor(runtime.version().toString(), runtime.source().name().toLowerCase(java.util.Locale.ROOT),
                text(runtime.home()), text(runtime.executable()), text(runtime.venv()), text(runtime.library()),
                runtime.reason(), runtime.nativeBackend().name().toLowerCase(java.util.Locale.ROOT),
                engine.packages().stream().map(p -> new PackageDescriptor(p.id(), p.version(), p.pythonTag(),
                        p.platform(), text(p.path()), p.source())).toList());
    }

    private static GilDescriptor gil(GilStatus status) {
        HolderDescriptor holder = status.holder().map(h -> new HolderDescriptor(h.thread(), h.label(),
                h.heldFor().toMillis(), frames(h.javaStack()))).orElse(null);
        List<WaiterDescriptor> waiters = status.waiters().stream()
                .map(w -> new WaiterDescriptor(w.thread(), w.label(), w.waitingFor().toMillis())).toList();
        return new GilDescriptor(holder, waiters);
    }

    private PythonThreadsDescriptor threads() {
        List<PythonThreadInfo> threads;
        try {
            threads = engine.pythonThreads(snapshotTimeout);
        } catch (GilTimeoutException e) {
            return PythonThreadsDescriptor.unavailable(reason(e));
        } catch (IllegalStateException e) {
            return PythonThreadsDescriptor.unavailable(e.getMessage());
        }
        Map<String, Thread> javaThreads = javaThreadsByName(threads);
        return new PythonThreadsDescriptor(true, null, threads.stream().map(t -> {
            Thread java = t.javaThread() == null ? null : javaThreads.get(t.javaThread());
            return new ThreadDescriptor(t.name(), t.ident(), t.daemon(), t.javaThread(), t.stack(),
                    java == null ? null : frames(java.getStackTrace()));
        }).toList());
    }

    private StatsDescriptor stats(Duration timeout) {
        try {
            PythonStats stats = engine.stats(timeout);
            return new StatsDescriptor(true, null, stats.pythonThreads(), stats.gcCollections(), stats.allocatedBlocks());
        } catch (GilTimeoutException e) {
            return StatsDescriptor.unavailable(reason(e));
        } catch (IllegalStateException e) {
            return StatsDescriptor.unavailable(e.getMessage());
        }
    }

    private String reason(GilTimeoutException e) {
        return e.holderThread() != null
                ? "GIL held by thread '" + e.holderThread() + "' for " + e.heldFor().toMillis() + " ms (in Java or C code:"
                + " it did not hand the GIL over within " + snapshotTimeout.toMillis() + " ms)"
                : "the GIL was not free within " + snapshotTimeout.toMillis() + " ms and no Java scope holds it"
                + " (a Python thread runs C code that keeps it)";
    }

    /** The live Java threads the snapshot names, when the name is unique (Java thread names need not be). */
    private static Map<String, Thread> javaThreadsByName(List<PythonThreadInfo> threads) {
        if (threads.stream().allMatch(t -> t.javaThread() == null)) {
            return Map.of();
        }
        Map<String, Thread> byName = new HashMap<>();
        Map<String, Boolean> duplicate = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (byName.putIfAbsent(thread.getName(), thread) != null) {
                duplicate.put(thread.getName(), true);
            }
        }
        duplicate.keySet().forEach(byName::remove);
        return byName;
    }

    private static List<String> frames(StackTraceElement[] stack) {
        return Arrays.stream(stack).limit(JAVA_FRAMES).map(StackTraceElement::toString).toList();
    }

    private static String text(Path path) {
        return path == null ? null : path.toString();
    }

    /** What {@code /actuator/python} answers. */
    public record PythonDescriptor(RuntimeDescriptor runtime, String state, long uptimeMs, GilDescriptor gil,
                                   CountersDescriptor counters, PythonThreadsDescriptor pythonThreads,
                                   List<InterpreterDescriptor> interpreters, CallsDescriptor calls)
            implements OperationResponseBody {
    }

    /**
     * Calls in GIL scopes past their deadline now (being stopped, or in C code that does not return to the
     * interpreter), and how many calls pyembed has stopped since start, at their deadline or on an interrupt.
     */
    public record CallsDescriptor(List<PastDeadlineDescriptor> pastDeadline, long stoppedAtDeadline, long stoppedByInterrupt) {
    }

    public record PastDeadlineDescriptor(String thread, String label, long deadlineMs, long pastDeadlineMs, boolean stopRequested) {
    }

    /** The configured sub-interpreter pool, one entry per interpreter ({@code null} when there is none). */
    private List<InterpreterDescriptor> interpreters() {
        return engine.interpretersIfStarted().map(pool -> pool.stats().stream()
                .map(s -> new InterpreterDescriptor(s.index(), s.busy(), s.queued(), s.completed(), s.failed(),
                        s.runTime().toMillis()))
                .toList()).orElse(null);
    }

    /** One sub-interpreter of the pool: whether it runs work now, what waits, what it did. */
    public record InterpreterDescriptor(int index, boolean busy, int queued, long completed, long failed, long runMs) {
    }

    /**
     * The CPython in use, where it came from and why, and the Python packages from the class path ({@code null}
     * before the engine started).
     */
    public record RuntimeDescriptor(String version, String source, String home, String executable, String venv,
                                    String library, String reason, String nativeBackend,
                                    List<PackageDescriptor> packages) {
    }

    /** A Python package set from the class path (pyembed-numpy, ...): its version, tag, folder on sys.path, jar. */
    public record PackageDescriptor(String id, String version, String pythonTag, String platform, String path,
                                    String source) {
    }

    /** The GIL as far as Java scopes go: the holder (or {@code null}) and the waiters, longest wait first. */
    public record GilDescriptor(HolderDescriptor holder, List<WaiterDescriptor> waiters) {
    }

    /** The Java thread holding the GIL, its scope's label, for how long, and its top Java frames. */
    public record HolderDescriptor(String thread, String label, long heldForMs, List<String> javaStack) {
    }

    public record WaiterDescriptor(String thread, String label, long waitingForMs) {
    }

    /** PyObjects Java holds, and the interpreter's counters (read under the GIL, so possibly unavailable). */
    public record CountersDescriptor(long liveObjects, StatsDescriptor stats) {
    }

    public record StatsDescriptor(boolean available, String reason, Long pythonThreads, List<Long> gcCollections,
                                  Long allocatedBlocks) {

        static StatsDescriptor unavailable(String reason) {
            return new StatsDescriptor(false, reason, null, null, null);
        }
    }

    /** Every Python thread with its stack, or why there is no snapshot. */
    public record PythonThreadsDescriptor(boolean available, String reason, List<ThreadDescriptor> threads) {

        static PythonThreadsDescriptor unavailable(String reason) {
            return new PythonThreadsDescriptor(false, reason, List.of());
        }
    }

    /**
     * A Python thread: its Python name, {@code threading} ident, whether it is a daemon, the Java thread it is (for a
     * Java thread running Python code) with that thread's top Java frames, and its Python stack.
     */
    public record ThreadDescriptor(String name, long ident, boolean daemon, String javaThread, String stack,
                                   List<String> javaStack) {
    }
}
