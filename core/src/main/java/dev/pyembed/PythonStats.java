package dev.pyembed;

import java.util.List;

/**
 * Counters read from the interpreter: what Actuator and Micrometer show.
 *
 * @param pythonThreads   threads {@code threading} knows ({@code threading.active_count()})
 * @param gcCollections   collections per generation so far ({@code gc.get_stats()[i]['collections']})
 * @param allocatedBlocks memory blocks the interpreter has allocated ({@code sys.getallocatedblocks()})
 */
public record PythonStats(long pythonThreads, List<Long> gcCollections, long allocatedBlocks) {

    public PythonStats {
        gcCollections = List.copyOf(gcCollections);
    }

    /** All generations' collections added up. */
    public long totalGcCollections() {
        return gcCollections.stream().mapToLong(Long::longValue).sum();
    }
}
