package org.ctiserver.core.stats;

import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.AgentState;

/** One agent's live state at one instant. {@code callId} is null when the agent has no call. */
public record AgentSnapshot(String agentId, String name, AgentState state, String reason, long sinceEpochMs,
                            String extension, String callId, Map<String, Integer> skills, Set<String> queueIds,
                            long callsHandled) {
    public AgentSnapshot {
        skills = Map.copyOf(skills);
        queueIds = Set.copyOf(queueIds);
    }
}
