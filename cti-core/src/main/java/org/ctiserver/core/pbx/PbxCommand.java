package org.ctiserver.core.pbx;

import java.util.List;
import java.util.Map;

/**
 * What the engine asks of the PBX. The adapter carries these out without blocking the engine and
 * reports a failure back as {@link PbxEvent.CommandFailed}. The AMI mapping of each command is in
 * {@code docs/decisions/0007-call-control.md}; the comments below name the Asterisk action.
 */
public sealed interface PbxCommand {
    /** The call the command is about; for an {@link Originate} that starts a new call, its request id. */
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

    /**
     * Hang up one leg of a call, not the caller: the agent's leg, a consultation leg, a conference party,
     * a supervisor's spy call (Asterisk: {@code Hangup} of that channel).
     */
    record HangupChannel(String callId, String channel) implements PbxCommand {
    }

    /**
     * Put the caller on hold with music and keep the agent's leg up in silence (Asterisk: dual {@code Redirect}
     * of the caller to {@code hold,caller} and of the agent's leg, as ExtraChannel, to {@code hold,agent}).
     */
    record HoldCall(String callId, String callerChannel, String agentChannel) implements PbxCommand {
    }

    /**
     * Park the caller alone with music; the agent's leg is released (Asterisk: {@code Redirect} of the caller to
     * {@code hold,caller}; the agent's leg, left alone in the dial, hangs up). Used before a consultation and
     * for a transfer to a queue.
     */
    record ParkCaller(String callId, String callerChannel) implements PbxCommand {
    }

    /**
     * Join two channels that are up, each outside any bridge (Asterisk: {@code Bridge Channel1 Channel2 Tone=no}):
     * resume after hold, complete a consultation transfer.
     */
    record BridgeChannels(String callId, String channel1, String channel2) implements PbxCommand {
    }

    /**
     * Send the caller somewhere else, dropping the agent's leg: blind transfer (Asterisk: {@code Redirect} of the
     * caller to the agent-dial context at an agent's extension, or to the outbound context at a number).
     */
    record Redirect(String callId, String callerChannel, Destination destination) implements PbxCommand {
    }

    /**
     * Ring a phone, then dial a destination from it (Asterisk: {@code Originate Async=true} of
     * {@code Local/<fromExtension>@<agents context>} to the agent-dial or outbound context, with the variables;
     * the {@code ActionID} is {@code requestId}, and the outcome comes back as {@link PbxEvent.OriginateResult}).
     * Used for a consultation call ({@code callId} is the consulted call), a manual outbound call and a callback.
     *
     * @param callId        the call this originate belongs to (the consulted call), or {@code requestId} when it
     *                      starts a call of its own
     * @param fromExtension the agent phone that rings first
     * @param variables     channel variables set on the new channel (campaign, click id, ...)
     * @param timeoutMs     how long the first phone may ring
     */
    record Originate(String callId, String requestId, String fromExtension, Destination destination,
                     String callerIdName, String callerIdNumber, Map<String, String> variables, long timeoutMs)
            implements PbxCommand {
        public Originate {
            variables = Map.copyOf(variables);
        }
    }

    /**
     * Dial a customer first and run answering-machine detection on the answered channel before any agent is
     * involved (Asterisk: {@code Originate Async=true} of the outbound channel for {@code number} to
     * {@code amd,s}, which runs {@code AMD()} and reports {@code UserEvent: CtiAmdResult}). The outcome comes back
     * as {@link PbxEvent.OriginateResult}, then {@link PbxEvent.AmdResult} for an answered call.
     */
    record DialCustomer(String callId, String requestId, String number, String callerIdNumber,
                        Map<String, String> variables, long timeoutMs) implements PbxCommand {
        public DialCustomer {
            variables = Map.copyOf(variables);
        }
    }

    /**
     * Move channels into a conference room (Asterisk: {@code Redirect} to {@code conf,<room>}, dual for the first
     * two channels, single for the others; ConfBridge reports {@code ConfbridgeJoin}).
     */
    record Conference(String callId, String room, List<String> channels) implements PbxCommand {
        public Conference {
            channels = List.copyOf(channels);
        }
    }

    /**
     * Control the recording of a call on the caller's channel (Asterisk: {@code MixMonitor File=<fileName>
     * Options=b}, {@code MixMonitorMute Direction=both State=1|0}, {@code StopMixMonitor}).
     *
     * @param fileName the file name, which carries the call id; used by {@link RecordingAction#START} only
     */
    record Record(String callId, String channel, RecordingAction action, String fileName) implements PbxCommand {
    }

    /**
     * Let a supervisor listen to, whisper to or barge into an agent's call (Asterisk: {@code Originate} of
     * {@code Local/<supervisorExtension>@<supervisor context>} to {@code Application=ChanSpy},
     * {@code Data=<agentChannel>,q|qw|qB}; {@code ActionID} is {@code requestId}).
     */
    record Spy(String callId, String requestId, String supervisorExtension, String agentChannel, SpyMode mode)
            implements PbxCommand {
    }

    /** Play DTMF digits to the caller (Asterisk: one {@code PlayDTMF} per digit). */
    record SendDtmf(String callId, String channel, String digits) implements PbxCommand {
    }

    /** Set a channel variable, e.g. the disposition for the dialplan or a CDR (Asterisk: {@code Setvar}). */
    record SetVariable(String callId, String channel, String name, String value) implements PbxCommand {
    }

    /** Where a {@link Redirect} or an {@link Originate} goes. */
    sealed interface Destination {
        /** An agent's phone, dialed through the agent-dial context (ring, answer, requeue on failure). */
        record AgentPhone(String extension) implements Destination {
        }

        /** An outside number, dialed through the outbound context. */
        record External(String number) implements Destination {
        }

        /**
         * A place in the dialplan, priority 1 (Asterisk: {@code Redirect} to {@code context,exten,1}): the voicemail,
         * message and callback-offer contexts of {@link org.ctiserver.core.queue.DialplanTargets}.
         */
        record Dialplan(String context, String exten) implements Destination {
        }
    }

    enum RecordingAction { START, PAUSE, RESUME, STOP }

    enum SpyMode {
        /** Hear both sides, say nothing ({@code ChanSpy} option {@code q}). */
        LISTEN,
        /** Speak to the agent only ({@code qw}). */
        WHISPER,
        /** Speak to both ({@code qB}). */
        BARGE
    }
}
