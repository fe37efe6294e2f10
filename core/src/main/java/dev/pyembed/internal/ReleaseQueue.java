package dev.pyembed.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * References Java dropped without holding the GIL (a {@code PyObject} closed on a thread without a scope, or
 * collected by the Cleaner). A reference is never decremented without the GIL: the next thread that holds
 * it drains this queue. After the engine closed, references are forgotten, never touched.
 */
public final class ReleaseQueue {

    private final Queue<Long> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    public void add(long reference) {
        if (!closed) {
            pending.add(reference);
        }
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public void drain(GilHeld gil) {
        for (Long ref = pending.poll(); ref != null; ref = pending.poll()) {
            gil.api().Py_DecRef(ref);
        }
    }

    public void close() {
        closed = true;
        pending.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}
