package org.ctiserver.wallboard;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.stats.StatsSnapshot;

/** Test snapshots: a sales and a service queue, three agents. */
final class Snapshots {
    static final long TAKEN_AT = 1_760_000_000_000L;

    private Snapshots() {
    }

    static QueueSnapshot sales(long offered, long answered) {
        return new QueueSnapshot("sales", "销售热线", 3, 42_000, offered, answered, 12, 2, 85, 20, 85.0,
                15_000, 205_000, 2, 1, 5, 1, 1, 10);
    }

    static QueueSnapshot service() {
        return new QueueSnapshot("service", "Service", 0, 0, 0, 0, 0, 0, 0, 30, -1, 0, 0, 1, 0, 0, 0, 0, 1);
    }

    static List<AgentSnapshot> agents() {
        return List.of(
                new AgentSnapshot("a1", "张伟", AgentState.TALKING, "", TAKEN_AT - 65_000, "8001", "call-7",
                        Map.of("sales", 5), Set.of("sales", "service"), 12),
                new AgentSnapshot("a2", "李娜", AgentState.NOT_READY, "break", TAKEN_AT - 125_000, "8002", null,
                        Map.of(), Set.of("sales"), 3),
                new AgentSnapshot("a3", "Wang Fang", AgentState.READY, null, TAKEN_AT - 5_000, "8003", null,
                        Map.of(), Set.of("service"), 0));
    }

    static StatsSnapshot snapshot(long sequence, long offered, long answered) {
        return new StatsSnapshot(TAKEN_AT + sequence, sequence, List.of(sales(offered, answered), service()), agents());
    }
}
