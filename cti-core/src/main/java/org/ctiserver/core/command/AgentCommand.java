package org.ctiserver.core.command;

/**
 * What a seat agent (through the toolbar) asks the engine. The front end has already
 * authenticated the agent and checked that {@code agentId} is the session's own agent.
 */
public sealed interface AgentCommand {
    String agentId();

    /** Sign in on a phone extension; the agent starts NOT_READY. */
    record Login(String agentId, String extension) implements AgentCommand {
    }

    record Logout(String agentId) implements AgentCommand {
    }

    record Ready(String agentId) implements AgentCommand {
    }

    /** @param reasonCode one of the configured not-ready reasons */
    record NotReady(String agentId, String reasonCode) implements AgentCommand {
    }

    /** Hang up the agent's current call (offered or talking). */
    record Hangup(String agentId) implements AgentCommand {
    }

    /**
     * End after-call work. {@code dispositionCode} is one of the configured dispositions;
     * the agent goes READY, or NOT_READY with {@code nextReasonCode} when it is not null.
     */
    record CompleteWrapUp(String agentId, String dispositionCode, String notes, String nextReasonCode) implements AgentCommand {
    }
}
