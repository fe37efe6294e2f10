package dev.pyembed.bench;

import dev.pyembed.Gil;
import dev.pyembed.PythonEngine;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;

/**
 * {@link PythonState}, optionally with a Python thread spinning in {@code while running: pass} for the whole
 * trial: it wants the GIL all the time, so every Java scope has to take it away from Python (CPython's switch
 * interval, 5 ms by default, decides how soon the spinning thread lets go).
 */
@State(Scope.Benchmark)
public class BusyPythonState extends PythonState {

    static final String START = """
            import threading, time
            _running = True
            _spins = 0
            def _spin():
                global _spins
                n = 0
                while _running:
                    n += 1
                    if n == 100000:
                        _spins += n
                        n = 0
            _busy = threading.Thread(target=_spin, name="busy", daemon=True)
            _busy_started = time.perf_counter()
            _busy.start()
            """;

    @Param({"false", "true"})
    public boolean busy;

    /** The max wait of pyembed's opt-in Java caller queue in front of the GIL, in microseconds; 0: off. */
    @Param({"0"})
    public long queueMicros;

    @Override
    protected PythonEngine startEngine(String runtime) {
        PythonEngine.Builder builder = builder(runtime);
        if (queueMicros > 0) {
            builder.javaCallerQueue(Duration.ofNanos(queueMicros * 1000));
        }
        return builder.start();
    }

    @Override
    protected void afterStart(Gil gil) {
        if (busy) {
            gil.exec(START);
        }
    }

    @Override
    protected void beforeClose(Gil gil) {
        if (busy) {
            gil.exec("""
                    _running = False
                    _busy.join()
                    print(f"busy Python thread: {_spins / (time.perf_counter() - _busy_started) / 1e6:.1f} M loop "
                          f"iterations/s over the trial (warm-up included)")
                    """);
        }
    }
}
