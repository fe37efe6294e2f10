package dev.pyembed.spring.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A timer whose record costs the recording thread a few plain writes: no allocation, no atomic read-modify-write,
 * no clock read. Every thread that records gets its own {@link Cell} (count, total, and a ring of maxima per time
 * slot), written by that thread only and published with opaque writes; a scrape adds the cells up. Micrometer sees
 * it as a {@code FunctionTimer} (count, total) and a gauge (the maximum of a rolling window), see {@link TimerRegistrar}.
 *
 * <p>The maximum ages out like a Micrometer {@code Timer}'s ({@code TimeWindowMax}): the window of {@code expiry} is
 * cut into {@code bufferLength} slots, and a value stays in the maximum for between {@code (bufferLength - 1) / bufferLength}
 * of {@code expiry} and all of it. The slot of a value comes from the clock reading the engine passes with each event
 * (the end of the wait, the end of the hold), so recording reads no clock of its own. A ring entry packs the slot
 * (16 bits, so a thread idle for {@code 65536} slots could show a stale maximum for one window) and the value in
 * nanoseconds (48 bits: values above ~78 hours are kept as ~78 hours) into one {@code long}, so a scrape never reads
 * a slot and a value that do not belong together.
 *
 * <p>Cells of threads that died are folded into the totals at the next scrape, so thread-per-task executors do not
 * grow the list for ever, and the count and total never go down. Virtual threads (one per task, many) share one
 * {@link #shared() cell} of adders and compare-and-set maxima instead of getting one each.
 */
final class PerThreadTimer {

    /** Entries of a cell's ring of maxima: a power of two, larger than the slots a window spans. */
    private static final int RING = 8;
    private static final int VALUE_BITS = 48;
    private static final long VALUE_MASK = (1L << VALUE_BITS) - 1;
    private static final long SLOT_MASK = (1L << (64 - VALUE_BITS)) - 1;

    private static final VarHandle COUNT;
    private static final VarHandle TOTAL;
    private static final VarHandle MAXIMA = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(Cell.class, "count", long.class);
            TOTAL = lookup.findVarHandle(Cell.class, "total", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code Math.multiplyHigh(nanoTime, slotFactor)} is the slot of a clock reading: {@code nanoTime / slotNanos}. */
    private final long slotFactor;
    /** How many slots, the current one included, the maximum spans. */
    private final int slots;

    // Guarded by this: the cells of live threads, and what the dead ones left.
    private final List<Cell> cells = new ArrayList<>();
    private long retiredCount;
    private long retiredTotal;
    private final long[] retiredMaxima = new long[RING];
    private final SharedCell shared = new SharedCell();

    /**
     * @param expiry       how long a value stays in the maximum (at most)
     * @param bufferLength how many slots the window is cut into (1 to 7)
     */
    PerThreadTimer(Duration expiry, int bufferLength) {
        this.slots = Math.max(1, Math.min(bufferLength, RING - 1));
        long slotNanos = Math.max(1_000_000L, expiry.toNanos() / slots); // at least a millisecond
        this.slotFactor = Long.divideUnsigned(-1L, slotNanos); // floor((2^64 - 1) / slotNanos): < 2^44, positive
    }

    /** A new cell for the calling thread, which is the only one to record into it. */
    synchronized Cell newCell() {
        Cell cell = new Cell(Thread.currentThread());
        cells.add(cell);
        return cell;
    }

    /** The cell every virtual thread records into (thread-safe, costlier than a thread's own). */
    TimerRegistrar.Recorder shared() {
        return shared;
    }

    /** The records so far, of all threads. */
    synchronized long count() {
        retireDeadThreads();
        long sum = retiredCount + shared.count.sum();
        for (Cell cell : cells) {
            sum += (long) COUNT.getOpaque(cell);
        }
        return sum;
    }

    /** The sum of the recorded values, of all threads, in nanoseconds. */
    synchronized double totalNanos() {
        retireDeadThreads();
        long sum = retiredTotal + shared.total.sum();
        for (Cell cell : cells) {
            sum += (long) TOTAL.getOpaque(cell);
        }
        return sum;
    }

    /** The largest value recorded in the window that ends now, in nanoseconds; 0 when none. */
    synchronized long maxNanos() {
        retireDeadThreads();
        long now = slot(System.nanoTime());
        long max = Math.max(windowMax(retiredMaxima, now), shared.windowMax(now));
        for (Cell cell : cells) {
            max = Math.max(max, windowMax(cell.maxima, now));
        }
        return max;
    }

    private long slot(long nanoTime) {
        return Math.multiplyHigh(nanoTime, slotFactor);
    }

    private long windowMax(long[] maxima, long now) {
        long max = 0;
        for (int i = 0; i < RING; i++) {
            long entry = (long) MAXIMA.getOpaque(maxima, i);
            if (age(entry, now) < slots) {
                max = Math.max(max, entry & VALUE_MASK);
            }
        }
        return max;
    }

    /** How many slots before {@code now} the entry was written (modulo 2^16). */
    private static long age(long entry, long now) {
        return (now - (entry >>> VALUE_BITS)) & SLOT_MASK;
    }

    /** Folds the cells of dead threads into the retired sums (a dead thread's writes are all visible: isAlive). */
    private void retireDeadThreads() {
        long now = -1;
        for (Iterator<Cell> it = cells.iterator(); it.hasNext(); ) {
            Cell cell = it.next();
            if (cell.owner.isAlive()) {
                continue;
            }
            if (now == -1) {
                now = slot(System.nanoTime());
            }
            retiredCount += cell.count;
            retiredTotal += cell.total;
            for (int i = 0; i < RING; i++) {
                long entry = cell.maxima[i];
                long kept = retiredMaxima[i];
                long ageEntry = age(entry, now);
                long ageKept = age(kept, now);
                if (ageEntry < ageKept || (ageEntry == ageKept && (entry & VALUE_MASK) > (kept & VALUE_MASK))) {
                    retiredMaxima[i] = entry;
                }
            }
            it.remove();
        }
    }

    /** Packs a value (clamped to 48 bits) with the low 16 bits of its slot. */
    private static long entry(long slot, long value) {
        return ((slot & SLOT_MASK) << VALUE_BITS) | value;
    }

    private static long clamp(long nanos) {
        return Math.min(Math.max(nanos, 0), VALUE_MASK);
    }

    /** The records of virtual threads, written by any of them. */
    private final class SharedCell implements TimerRegistrar.Recorder {

        final LongAdder count = new LongAdder();
        final LongAdder total = new LongAdder();
        private final AtomicLongArray maxima = new AtomicLongArray(RING);

        @Override
        public void record(long nanos, long atNanos) {
            long value = clamp(nanos);
            count.increment();
            total.add(value);
            long slot = slot(atNanos);
            int index = (int) slot & (RING - 1);
            long entry = entry(slot, value);
            long old;
            do {
                old = maxima.get(index);
                if ((old >>> VALUE_BITS) == (entry >>> VALUE_BITS) && value <= (old & VALUE_MASK)) {
                    return;
                }
            } while (!maxima.compareAndSet(index, old, entry)); // another slot there is RING slots old: replace it
        }

        long windowMax(long now) {
            long max = 0;
            for (int i = 0; i < RING; i++) {
                long entry = maxima.get(i);
                if (age(entry, now) < slots) {
                    max = Math.max(max, entry & VALUE_MASK);
                }
            }
            return max;
        }
    }

    /** One thread's records. Written by {@link #owner} only; read by scrapes. */
    final class Cell implements TimerRegistrar.Recorder {

        final Thread owner;
        private long count;
        private long total;
        private final long[] maxima = new long[RING];

        private Cell(Thread owner) {
            this.owner = owner;
        }

        @Override
        public void record(long nanos, long atNanos) {
            long value = clamp(nanos);
            COUNT.setOpaque(this, count + 1); // the owner reads its own plain writes; opaque: a scrape sees whole values
            TOTAL.setOpaque(this, total + value);
            long slot = slot(atNanos);
            int index = (int) slot & (RING - 1);
            long entry = entry(slot, value);
            long old = maxima[index];
            if ((old >>> VALUE_BITS) != (entry >>> VALUE_BITS) || value > (old & VALUE_MASK)) {
                MAXIMA.setOpaque(maxima, index, entry);
            }
        }
    }
}
