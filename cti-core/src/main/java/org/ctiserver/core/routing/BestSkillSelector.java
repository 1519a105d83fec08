package org.ctiserver.core.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.expr.Requirement;

/**
 * The eligible agent with the highest level in the skills the call asks for (the best of them), then the
 * longest idle. A call asking for no skill in particular goes to the longest idle.
 */
public final class BestSkillSelector implements AgentSelector {
    public static final String NAME = "best-skill";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Agent select(Call call, Collection<Agent> readyAgents) {
        Requirement need = call.routingRequirement();
        Set<String> wanted = need.wantedSkills();
        Agent best = null;
        int bestLevel = -1;
        for (Agent agent : readyAgents) {
            Map<String, Integer> skills = agent.profile().skills();
            if (!need.isMetBy(skills)) {
                continue;
            }
            int level = 0;
            for (String s : wanted) {
                level = Math.max(level, skills.getOrDefault(s, 0));
            }
            // strictly greater: among equals the earlier (longer idle) one stays
            if (level > bestLevel) {
                best = agent;
                bestLevel = level;
                if (wanted.isEmpty()) {
                    break;
                }
            }
        }
        return best;
    }
}
