package dev.pyembed.internal.gil;

import dev.pyembed.internal.capi.BufferApi;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * References Java dropped without holding the GIL (a {@code PyObject} closed on a thread without a scope, or
 * collected by the Cleaner), and buffer exports ({@code Py_buffer}s of a {@code PyBuffer}) ended the same way. A
 * reference is never decremented, nor a buffer released, without the GIL: the next thread that holds it drains this
 * queue. After the engine closed, both are forgotten, never touched.
 */
public final class DeferredDecRefs {

    private final Queue<Long> pending = new ConcurrentLinkedQueue<>();
    private final Queue<Long> pendingBuffers = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    public void add(long reference) {
        if (!closed) {
            pending.add(reference);
        }
    }

    /** A {@code Py_buffer} (allocated with {@code PyMem_RawCalloc}) to release and free under the GIL. */
    public void addBuffer(long view) {
        if (!closed) {
            pendingBuffers.add(view);
        }
    }

    public boolean isEmpty() {
        return pending.isEmpty() && pendingBuffers.isEmpty();
    }

    public void drain(GilHeld gil) {
        for (Long ref = pending.poll(); ref != null; ref = pending.poll()) {
            gil.api().Py_DecRef(ref);
        }
        for (Long view = pendingBuffers.poll(); view != null; view = pendingBuffers.poll()) {
            releaseBuffer(gil, view);
        }
    }

    /** Ends a buffer export at once (GIL held) and frees its {@code Py_buffer}. */
    public static void releaseBuffer(GilHeld gil, long view) {
        BufferApi buffers = gil.api().buffers();
        buffers.PyBuffer_Release(view);
        buffers.PyMem_RawFree(view);
    }

    public void close() {
        closed = true;
        pending.clear();
        pendingBuffers.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}
