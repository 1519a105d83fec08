package org.ctiserver.core.stats;

import java.util.List;

/** Everything a wallboard shows, taken at once on the engine thread and immutable after. */
public record StatsSnapshot(long takenAtEpochMs, long sequence, List<QueueSnapshot> queues, List<AgentSnapshot> agents) {
    public static final StatsSnapshot EMPTY = new StatsSnapshot(0, 0, List.of(), List.of());

    public StatsSnapshot {
        queues = List.copyOf(queues);
        agents = List.copyOf(agents);
    }
}
