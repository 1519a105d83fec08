package org.ctiserver.core.command;

import java.util.Map;

import org.ctiserver.core.pbx.PbxCommand.SpyMode;

/**
 * What a supervisor asks the engine about an agent. The front end has already authenticated the supervisor and
 * checked the role and that {@code agentId} belongs to one of the supervisor's groups.
 */
public sealed interface SupervisorCommand {
    String supervisorId();

    String agentId();

    /** Make the agent NOT_READY with {@code reasonCode}; at once when idle, after the current call otherwise. */
    record ForceNotReady(String supervisorId, String agentId, String reasonCode) implements SupervisorCommand {
    }

    /** Sign the agent out; a call in progress is left to finish on the phone. */
    record ForceLogout(String supervisorId, String agentId) implements SupervisorCommand {
    }

    /** Listen to, whisper to or barge into the agent's current call from the supervisor's phone. */
    record Spy(String supervisorId, String supervisorExtension, String agentId, SpyMode mode) implements SupervisorCommand {
    }

    /** Replace the agent's skills (name to level 1-10); takes effect for the next routing decision. */
    record SetSkills(String supervisorId, String agentId, Map<String, Integer> skills) implements SupervisorCommand {
        public SetSkills {
            skills = Map.copyOf(skills);
        }
    }
}
