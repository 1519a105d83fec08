package org.ctiserver.core.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.expr.Requirement;

/**
 * The eligible agent who gives up the least by taking the call, then the longest idle. What an agent gives up
 * is his spare skill: the sum of his levels in the skills the call does not ask for (positively). A specialist
 * (nothing but what the call needs) goes before a generalist, who stays free for the calls only he can take;
 * between two agents with the same other skill, the one weaker in it goes first.
 *
 * <p>The measure is static (the agent's profile against this call), so the pick depends only on the eligible
 * agents, as {@link AgentSelector} requires, and costs one pass over them with no allocation but the call's
 * wanted skills.
 */
public final class LeastFlexibleSelector implements AgentSelector {
    public static final String NAME = "least-flexible";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Agent select(Call call, Collection<Agent> readyAgents) {
        Requirement need = call.routingRequirement();
        Set<String> wanted = null;
        Agent best = null;
        int bestSpare = Integer.MAX_VALUE;
        for (Agent agent : readyAgents) {
            Map<String, Integer> skills = agent.profile().skills();
            if (!need.isMetBy(skills)) {
                continue;
            }
            if (wanted == null) {
                wanted = need.wantedSkills();
            }
            int spare = spareSkill(skills, wanted);
            // strictly less: among equals the earlier (longer idle) one stays
            if (spare < bestSpare) {
                best = agent;
                bestSpare = spare;
                if (spare == 0) {
                    break;
                }
            }
        }
        return best;
    }

    /** The sum of the levels of the skills not in {@code wanted}. */
    static int spareSkill(Map<String, Integer> skills, Set<String> wanted) {
        int spare = 0;
        for (Map.Entry<String, Integer> e : skills.entrySet()) {
            if (!wanted.contains(e.getKey())) {
                spare += e.getValue();
            }
        }
        return spare;
    }
}
