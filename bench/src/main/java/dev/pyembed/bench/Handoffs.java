package dev.pyembed.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A secondary JMH result, {@code handoffs} per second: how often the GIL went to a different Java thread than the
 * one that held it last. Each handoff costs a futex wake-up and a context switch, so at the same throughput
 * fewer handoffs mean a cheaper, but less fair, GIL. Counted by the thread that just took the GIL.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Handoffs {

    /** The Java thread that held the GIL last (written only while holding the GIL). */
    private static volatile Thread lastHolder;

    public long handoffs;

    @Setup(Level.Iteration)
    public void reset() {
        handoffs = 0;
    }

    /** Call with the GIL held. */
    void tookGil() {
        Thread me = Thread.currentThread();
        if (lastHolder != me) {
            lastHolder = me;
            handoffs++;
        }
    }
}
