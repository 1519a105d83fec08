package org.ctiserver.core.agent;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A seat agent as configured: who, which skills at which level (1..10), which queues.
 * Credentials are not here: front ends authenticate before they speak to the engine.
 *
 * @param queueIds the queues this agent serves; a call of a queue goes only to its agents
 */
public record AgentProfile(String id, String name, Map<String, Integer> skills, Set<String> queueIds) {
    public AgentProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        skills = Map.copyOf(skills);
        queueIds = Set.copyOf(queueIds);
    }
}
