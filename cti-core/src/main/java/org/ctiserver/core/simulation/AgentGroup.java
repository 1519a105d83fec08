package org.ctiserver.core.simulation;

import java.util.Map;

/** {@code count} agents with the same skills, all logged in and READY for the whole run. */
public record AgentGroup(String name, int count, Map<String, Integer> skills) {
    public AgentGroup {
        skills = Map.copyOf(skills);
        if (count < 0) {
            throw new IllegalArgumentException(name + ": negative count");
        }
    }
}
