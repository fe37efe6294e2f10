package dev.pyembed.internal.gil;

import dev.pyembed.PythonInterruptedException;
import dev.pyembed.PythonTimeoutException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs the GIL work of virtual threads on a few platform threads ({@code pyembed-gil-worker}): a virtual thread
 * never holds a CPython thread state (it can change carriers between two native calls). Virtual threads wait in a
 * queue, unmounted, not each on a platform thread of its own.
 *
 * <p>How many workers: at most {@code size} run work that holds (or waits for) the GIL; only one can hold it at a
 * time anyway. A worker that gives the GIL back around Java work ({@code allowThreads}, a GIL-releasing Java callback)
 * does not count while it is out, so such work, even work that waits for other virtual threads' Python calls, cannot
 * starve or deadlock the queue: another worker starts (up to {@value #MAX_THREADS} in all). Python code that blocks
 * with the GIL released inside Python ({@code time.sleep}, socket I/O) does count: {@code size} such calls at once make
 * the others wait in the queue until one returns. Idle workers end after {@value #KEEP_ALIVE_SECONDS} s.
 *
 * <p>Interrupting the waiting virtual thread (or {@code Future.cancel(true)} of its task) cancels work still in the
 * queue, which then never runs, or interrupts the worker running it, which stops its Python code; the virtual thread
 * then waits for the work's own outcome and reports that. It never reports a failure for work that still runs.
 */
public final class GilHandOff {

    public static final int MAX_THREADS = 64;
    public static final long KEEP_ALIVE_SECONDS = 30;

    private final int size;
    private final Supplier<RuntimeException> refusal;
    private final Runnable markWorker; // on a new worker: tells its ThreadContext that it is one
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
    private int threads; // guarded by lock, as the counts below
    private int idle;
    private int released;
    private boolean closed;

    public GilHandOff(int size, Supplier<RuntimeException> refusal, java.util.function.Consumer<ThreadContext.HandOffWorker> markWorker) {
        this.size = size;
        this.refusal = refusal;
        ThreadContext.HandOffWorker worker = this::releasedGil;
        this.markWorker = () -> markWorker.accept(worker);
    }

    /** The default number of workers: the cores, at least 2, at most 8. */
    public static int defaultSize() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs {@code work} on a worker and waits for it (unmounted, on a virtual thread). {@code deadline} (may be null)
     * bounds the wait in the queue: past it, work that has not started is dropped with a {@link PythonTimeoutException}.
     */
    public <T> T call(Supplier<T> work, Duration deadline, long deadlineAt) {
        Task<T> task = new Task<>(work);
        submit(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (deadline == null) {
                        return task.result.get();
                    }
                    long left = deadlineAt - System.nanoTime();
                    if (left > 0) {
                        return task.result.get(left, TimeUnit.NANOSECONDS);
                    }
                    if (cancel(task)) {
                        throw new PythonTimeoutException(deadline, "before it got the GIL (no Python code ran)", "", null);
                    }
                    deadline = null; // it runs: its own scope stops it at the deadline; wait for what it reports
                } catch (TimeoutException e) {
                    // loop: the deadline passed while waiting
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (cancel(task)) {
                        throw new PythonInterruptedException("interrupted while waiting for the GIL (no Python code ran)", "", null);
                    }
                    task.interruptRunner(); // reaches the Python code on the worker; wait for the outcome it reports
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void submit(Task<?> task) {
        lock.lock();
        try {
            if (closed) {
                throw refusal.get();
            }
            queue.add(task);
            if (idle > 0) {
                available.signal();
            } else if (threads - released < size && threads < MAX_THREADS) {
                startWorker();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops {@code task} if it has not started: true when it will never run. */
    private boolean cancel(Task<?> task) {
        if (!task.cancelIfQueued()) {
            return false;
        }
        lock.lock();
        try {
            queue.remove(task);
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** A worker gave the GIL back around Java work (or took it back): it does not count against {@code size} meanwhile. */
    private void releasedGil(boolean gaveBack) {
        lock.lock();
        try {
            released += gaveBack ? 1 : -1;
            if (gaveBack && !queue.isEmpty() && idle == 0 && threads - released < size && threads < MAX_THREADS) {
                startWorker();
            }
        } finally {
            lock.unlock();
        }
    }

    private void startWorker() { // lock held
        Thread thread = new Thread(this::work, "pyembed-gil-worker");
        thread.setDaemon(true);
        threads++;
        thread.start();
    }

    private void work() {
        markWorker.run();
        lock.lock();
        try {
            while (true) {
                Task<?> task;
                while ((task = queue.poll()) == null) {
                    if (closed) {
                        threads--;
                        return;
                    }
                    idle++;
                    boolean signalled;
                    try {
                        signalled = available.await(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException stray) {
                        signalled = true;
                    } finally {
                        idle--;
                    }
                    if (!signalled && queue.isEmpty()) {
                        threads--;
                        return;
                    }
                }
                lock.unlock();
                try {
                    task.run();
                } finally {
                    lock.lock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many workers exist now (for tests and status). */
    public int threads() {
        lock.lock();
        try {
            return threads;
        } finally {
            lock.unlock();
        }
    }

    /** No more work: what waits in the queue fails with the engine's refusal; running work finishes. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Task<?> task = queue.poll(); task != null; task = queue.poll()) {
                if (task.cancelIfQueued()) {
                    task.result.completeExceptionally(refusal.get());
                }
            }
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One piece of work: started at most once, cancelled only before it starts, its runner interrupted only while it runs. */
    private static final class Task<T> {
        private static final int QUEUED = 0, RUNNING = 1, DONE = 2, CANCELLED = 3;
        final Supplier<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        private int state = QUEUED; // guarded by this
        private Thread runner;

        Task(Supplier<T> work) {
            this.work = work;
        }

        void run() {
            synchronized (this) {
                if (state != QUEUED) {
                    return;
                }
                state = RUNNING;
                runner = Thread.currentThread();
            }
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                synchronized (this) {
                    state = DONE;
                    runner = null;
                }
                Thread.interrupted(); // an interrupt meant for this work must not reach the worker's next one
            }
        }

        synchronized boolean cancelIfQueued() {
            if (state == QUEUED) {
                state = CANCELLED;
                return true;
            }
            return false;
        }

        synchronized void interruptRunner() {
            if (state == RUNNING) {
                runner.interrupt();
            }
        }
    }
}
