package org.ctiserver.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.Router;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueActionCounts;
import org.ctiserver.core.stats.QueueCounters;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.stats.StatsSnapshot;

/**
 * The statistics the {@link Engine} publishes (wallboards, metrics, the toolbar's queue view), read from the queues'
 * counters and the router's waiting calls. Reads only; engine thread, like the rest.
 */
final class StatsViews {
    private final Map<String, QueueConfig> queues;
    private final Map<String, QueueCounters> counters;
    private final List<Agent> agentsById;
    private final Router router;
    private final RoutingSetup routing;

    StatsViews(Map<String, QueueConfig> queues, Map<String, QueueCounters> counters, List<Agent> agentsById,
               Router router, RoutingSetup routing) {
        this.queues = queues;
        this.counters = counters;
        this.agentsById = agentsById;
        this.router = router;
        this.routing = routing;
    }

    /** Queues in configuration order, agents sorted by id; waits on the epoch clock from each call's arrival. */
    StatsSnapshot snapshot(long epochMs, long sequence) {
        List<QueueSnapshot> qs = new ArrayList<>(queues.size());
        for (QueueConfig q : queues.values()) {
            Call oldest = router.oldestWaiting(q.id());
            long longestWaitMs = oldest == null ? 0 : Math.max(0, epochMs - oldest.arrivedEpochMs());
            qs.add(counters.get(q.id()).snapshot(q, router.waitingCount(q.id()), longestWaitMs));
        }
        List<AgentSnapshot> as = new ArrayList<>(agentsById.size());
        for (Agent a : agentsById) {
            as.add(a.snapshot());
        }
        return new StatsSnapshot(epochMs, sequence, qs, as);
    }

    /** The waiting calls of a queue in the order they will be served at {@code nowNs}. */
    List<String> waitingCallIds(String queueId, long nowNs) {
        List<String> ids = new ArrayList<>();
        List<Call> ordered = new ArrayList<>(router.waitingCalls(queueId));
        Router.CallRanking ranking = routing.ranking();
        if (ranking != null) {
            ordered.sort(ranking.at(nowNs));
        }
        for (Call c : ordered) {
            ids.add(c.id());
        }
        return ids;
    }

    QueueActionCounts actionCounts(String queueId) {
        QueueCounters c = counters.get(queueId);
        if (c == null) {
            throw new IllegalArgumentException("unknown queue '" + queueId + "'");
        }
        return c.actionCounts(queueId);
    }
}
