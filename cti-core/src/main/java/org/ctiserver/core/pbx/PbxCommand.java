package org.ctiserver.core.pbx;

/**
 * What the engine asks of the PBX. The adapter carries these out without blocking the engine and
 * reports a failure back as {@link PbxEvent.CommandFailed}.
 */
public sealed interface PbxCommand {
    String callId();

    /**
     * Connect the waiting caller to an agent's phone (Asterisk: {@code Redirect} of the caller's channel
     * to the agent-dial context at the agent's extension).
     */
    record RouteToAgent(String callId, String channel, String agentExtension) implements PbxCommand {
    }

    /** End the call (Asterisk: {@code Hangup} of the caller's channel). */
    record HangupCall(String callId, String channel) implements PbxCommand {
    }
}
