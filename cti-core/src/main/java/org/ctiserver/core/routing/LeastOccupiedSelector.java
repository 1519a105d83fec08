package org.ctiserver.core.routing;

import java.util.Collection;
import java.time.Duration;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.expr.Requirement;

/**
 * The eligible agent with the least handle time (talk + wrap-up) in the last hour, then the longest idle:
 * evens out workload between agents whose idle times say little (short calls vs long ones).
 */
public final class LeastOccupiedSelector implements AgentSelector {
    public static final String NAME = "least-occupied";
    public static final Duration WINDOW = Duration.ofHours(1);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Agent select(Call call, Collection<Agent> readyAgents) {
        long now = 0;
        for (Agent a : readyAgents) {
            now = Math.max(now, a.idleSinceNs());
        }
        return select(call, readyAgents, now);
    }

    @Override
    public Agent select(Call call, Collection<Agent> readyAgents, long nowNs) {
        Requirement need = call.routingRequirement();
        Agent best = null;
        long bestBusy = Long.MAX_VALUE;
        long windowNs = WINDOW.toNanos();
        for (Agent agent : readyAgents) {
            if (!need.isMetBy(agent.profile().skills())) {
                continue;
            }
            long busy = agent.busyNsWithin(windowNs, nowNs);
            if (busy < bestBusy) {
                best = agent;
                bestBusy = busy;
            }
        }
        return best;
    }
}
