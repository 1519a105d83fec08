package org.ctiserver.core.routing;

import java.util.Collection;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.expr.Requirement;

/**
 * Round robin with memory (app_queue's {@code rrmemory}): the next eligible agent, in agent-id order, after
 * the one this queue served last, wrapping around. One instance per queue: the memory is the queue's.
 */
public final class RoundRobinSelector implements AgentSelector {
    public static final String NAME = "round-robin";

    private String lastAgentId;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Agent select(Call call, Collection<Agent> readyAgents) {
        Requirement need = call.routingRequirement();
        Agent after = null;
        Agent first = null;
        for (Agent agent : readyAgents) {
            if (!need.isMetBy(agent.profile().skills())) {
                continue;
            }
            String id = agent.id();
            if (first == null || id.compareTo(first.id()) < 0) {
                first = agent;
            }
            if (lastAgentId != null && id.compareTo(lastAgentId) > 0 && (after == null || id.compareTo(after.id()) < 0)) {
                after = agent;
            }
        }
        Agent pick = after != null ? after : first;
        if (pick != null) {
            lastAgentId = pick.id();
        }
        return pick;
    }

    /** The agent this queue served last (null before the first), for tests. */
    public String lastAgentId() {
        return lastAgentId;
    }
}
