package org.ctiserver.core.routing;

import java.util.Collection;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.expr.Requirement;

/** The eligible agent who has been READY the longest: the fairest spread of work among equals. */
public final class LongestIdleSelector implements AgentSelector {
    public static final String NAME = "longest-idle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Agent select(Call call, Collection<Agent> readyAgents) {
        Requirement need = call.routingRequirement();
        // the collection is already in longest-idle order: the first eligible one wins
        for (Agent agent : readyAgents) {
            if (need.isMetBy(agent.profile().skills())) {
                return agent;
            }
        }
        return null;
    }
}
