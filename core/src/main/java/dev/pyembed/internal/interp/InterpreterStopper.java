package dev.pyembed.internal.interp;

import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.ThreadSwitchApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stops work running on a pool's sub-interpreters when its future is cancelled with {@code cancel(true)}. Each
 * sub-interpreter has its own GIL, and {@code PyThreadState_SetAsyncExc} reaches only threads of the interpreter
 * whose GIL the caller holds, so this thread ({@code pyembed-interpreter-stopper}, one per pool, started at the
 * first such cancel) keeps a thread state of its own in each interpreter it was asked to reach: it takes that
 * interpreter's GIL (the worker gives it up at its next switch interval), checks that the cancelled work still runs,
 * and schedules {@code pyembed.Interrupted} for the worker. A thread state is used only by the OS thread that made it.
 *
 * <p>Its thread states are deleted by the workers when they end their interpreters, after this thread has ended
 * ({@link #shutdown}): {@code Py_EndInterpreter} needs to be its interpreter's last thread.
 */
public final class InterpreterStopper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(InterpreterStopper.class);
    private static final Request STOP = new Request(null, null);

    private final CApi api;
    private final ThreadSwitchApi switches;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    /** This thread's state in each interpreter it reached; read by the workers only after this thread ended. */
    private final Map<InterpreterWorker, Long> threadStates = new HashMap<>();
    private Thread thread;

    public InterpreterStopper(CApi api, ThreadSwitchApi switches) {
        this.api = api;
        this.switches = switches;
    }

    /** Asks for {@code task} to be stopped if it still runs on {@code worker} when this thread gets there. */
    public synchronized void requestStop(InterpreterWorker worker, Object task) {
        if (thread == null) {
            thread = new Thread(this, "pyembed-interpreter-stopper");
            thread.setDaemon(true);
            thread.start();
        } else if (!thread.isAlive()) {
            return; // the pool is closing: its interpreters end anyway
        }
        requests.add(new Request(worker, task));
    }

    /** Ends this thread (after the request in progress) and waits for it; then {@link #threadState} may be used. */
    public void shutdown() throws InterruptedException {
        Thread running;
        synchronized (this) {
            running = thread;
            if (running == null) {
                thread = new Thread(() -> { }); // never started: later requests are dropped
                return;
            }
        }
        requests.add(STOP);
        running.join();
    }

    /** This (ended) thread's state in {@code worker}'s interpreter, or 0: for the worker to delete. */
    public long threadState(InterpreterWorker worker) {
        synchronized (this) {
            Long state = threadStates.get(worker);
            return state == null ? 0 : state;
        }
    }

    @Override
    public void run() {
        try {
            for (Request request = requests.take(); request != STOP; request = requests.take()) {
                try {
                    stopIfRunning(request);
                } catch (RuntimeException | Error e) {
                    log.warn("pyembed: could not stop work on sub-interpreter {}", request.worker.index(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopIfRunning(Request request) {
        InterpreterWorker worker = request.worker;
        long state;
        synchronized (this) {
            Long known = threadStates.get(worker);
            if (known == null) {
                known = switches.PyThreadState_New(worker.interpreterState()); // no GIL needed; bound to this thread
                if (known == 0) {
                    throw new OutOfMemoryError("PyThreadState_New failed");
                }
                threadStates.put(worker, known);
            }
            state = known;
        }
        switches.PyEval_RestoreThread(state); // that interpreter's GIL
        try {
            // The worker changes its running task only with this GIL held: what it says now stays true until we let go.
            if (worker.runningTask() == request.task) {
                api.PyThreadState_SetAsyncExc(worker.pythonIdent(), worker.interruptedType());
            }
        } finally {
            switches.PyEval_SaveThread();
        }
    }

    private record Request(InterpreterWorker worker, Object task) {
    }
}
