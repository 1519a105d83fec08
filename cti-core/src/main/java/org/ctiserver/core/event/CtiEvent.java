package org.ctiserver.core.event;

import java.util.Map;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.core.pbx.PhoneState;

/**
 * What the engine tells the world. {@code sequence} rises by one for every event the engine emits,
 * so consumers can order events and detect gaps. Times are epoch milliseconds from the engine's clock.
 */
public sealed interface CtiEvent {
    long sequence();

    long atEpochMs();

    /** An agent changed state. {@code reason} is the not-ready reason code, or "" for other states. */
    record AgentStateChanged(long sequence, long atEpochMs, String agentId, AgentState from, AgentState to,
                             String reason, String extension) implements CtiEvent {
    }

    /** A call entered a queue (first arrival, or back after ring-no-answer when {@code requeued}). */
    record CallQueued(long sequence, long atEpochMs, String callId, String queueId, String callerNumber,
                      boolean requeued) implements CtiEvent {
    }

    /** A call was offered to an agent (the agent is RESERVED; the phone will ring). Carries the screen pop. */
    record CallOffered(long sequence, long atEpochMs, String agentId, String callId, String queueId,
                       String callerNumber, String callerName, String dialedNumber, long waitMs,
                       Map<String, String> data) implements CtiEvent {
        public CallOffered {
            data = Map.copyOf(data);
        }
    }

    /** The agent answered: talking. */
    record CallConnected(long sequence, long atEpochMs, String agentId, String callId, String queueId) implements CtiEvent {
    }

    /**
     * A call ended. {@code agentId} is the agent who had it, or null when it ended unanswered.
     */
    record CallEnded(long sequence, long atEpochMs, String callId, String queueId, String agentId,
                     CallOutcome outcome, String reason) implements CtiEvent {
    }

    /** After-call work began; {@code deadlineEpochMs} is 0 when the agent must end it by hand. */
    record WrapUpStarted(long sequence, long atEpochMs, String agentId, String callId, long deadlineEpochMs) implements CtiEvent {
    }

    /** The agent ended after-call work with a disposition. */
    record WrapUpCompleted(long sequence, long atEpochMs, String agentId, String callId, String dispositionCode,
                           String notes, boolean byDeadline) implements CtiEvent {
    }

    /**
     * A logged-in agent's phone changed state, or the agent logged in on a phone that is not idle. When
     * {@code offerable} is false the agent (still READY or not) is offered no call: the phone is unregistered, or
     * busy with a call that is not the CTI's. The agent's own CTI state does not change.
     */
    record AgentPhoneChanged(long sequence, long atEpochMs, String agentId, String extension, PhoneState state,
                             boolean offerable) implements CtiEvent {
    }

    /** The caller of the agent's call is on hold ({@code held}) or back. */
    record CallHoldChanged(long sequence, long atEpochMs, String agentId, String callId, boolean held) implements CtiEvent {
    }

    /**
     * The call left {@code fromAgentId} for another agent, a queue or a number (blind transfer, or a completed
     * consultation). {@code targetKind} is {@code agent}, {@code queue} or {@code number}.
     */
    record CallTransferred(long sequence, long atEpochMs, String callId, String queueId, String fromAgentId,
                           String targetKind, String target, boolean consulted) implements CtiEvent {
    }

    /** A consultation of the agent's call moved on; {@code reason} explains FAILED (busy, no answer, ...). */
    record ConsultChanged(long sequence, long atEpochMs, String agentId, String callId, String targetKind,
                          String target, ConsultState state, String reason) implements CtiEvent {
    }

    /** The agent's call became a conference in {@code room}. */
    record ConferenceStarted(long sequence, long atEpochMs, String agentId, String callId, String room) implements CtiEvent {
    }

    /** The recording of a call changed; {@code file} is the recording's file name (it carries the call id). */
    record RecordingChanged(long sequence, long atEpochMs, String callId, String agentId, RecordingAction action,
                            String file) implements CtiEvent {
    }

    /** A supervisor started or stopped listening to, whispering to or barging into an agent's call. */
    record SpyChanged(long sequence, long atEpochMs, String supervisorId, String agentId, String callId, SpyMode mode,
                      boolean active) implements CtiEvent {
    }

    /** An outbound call an agent placed (manual dial or callback) moved on. */
    record OutboundCallChanged(long sequence, long atEpochMs, String agentId, String requestId, String number,
                               OutboundState state, String reason) implements CtiEvent {
    }

    /** The caller pressed a key during the agent's call. */
    record CallDtmf(long sequence, long atEpochMs, String agentId, String callId, String digit) implements CtiEvent {
    }

    /** A supervisor changed an agent's skills. */
    record AgentSkillsChanged(long sequence, long atEpochMs, String agentId, Map<String, Integer> skills,
                              String supervisorId) implements CtiEvent {
        public AgentSkillsChanged {
            skills = Map.copyOf(skills);
        }
    }

    /** A callback was booked. */
    record CallbackScheduled(long sequence, long atEpochMs, String callbackId, String agentId, String number,
                             long dueEpochMs, String note) implements CtiEvent {
    }

    /** The agent's after-call work got more time; {@code deadlineEpochMs} is the new deadline. */
    record WrapUpExtended(long sequence, long atEpochMs, String agentId, String callId, long deadlineEpochMs)
            implements CtiEvent {
    }

    /**
     * A callback keeping the caller's place (virtual hold) moved on. {@code callId} is the inbound call's id, which the
     * request keeps; {@code attempt} counts the dials of the customer (0 before the first); {@code agentId} is the
     * agent reserved for it, or null; {@code reason} explains RETRY_SCHEDULED, GIVEN_UP and DECLINED.
     */
    record CallbackChanged(long sequence, long atEpochMs, String callId, String queueId, String agentId, String number,
                           int attempt, CallbackState state, String reason) implements CtiEvent {
    }

    /**
     * A call left its queue to a dialplan action instead of an agent (overflow or closed): {@code action} is
     * {@code voicemail}, {@code hangup} (with or without a message) or {@code callback} (offered); {@code closed} tells
     * the closed action from the overflow one.
     */
    record CallDiverted(long sequence, long atEpochMs, String callId, String queueId, boolean closed, String action,
                        String detail) implements CtiEvent {
    }

    /**
     * REQUESTED (the caller pressed the key or accepted the offer; hung up after the confirmation), DECLINED (an offer
     * refused or left unanswered), OFFERED (an agent is reserved for it), DIALING (the agent answered; the customer is
     * dialed), REACHED (the customer answered: a normal call in talk from here), RETRY_SCHEDULED, GIVEN_UP.
     */
    enum CallbackState { REQUESTED, DECLINED, OFFERED, DIALING, REACHED, RETRY_SCHEDULED, GIVEN_UP }

    /**
     * A preview call is offered to the agent: it sees the number and note and accepts or skips it before
     * {@code deadlineEpochMs} (then it is skipped by itself). {@code kind} is what the preview comes from
     * ({@code callback}). The agent is offered no inbound call while the preview is pending.
     */
    record PreviewOffered(long sequence, long atEpochMs, String agentId, String previewId, String number, String note,
                          String kind, long deadlineEpochMs) implements CtiEvent {
    }

    /**
     * A preview call is no longer pending. {@code retryEpochMs} is when the callback is offered again after a skip,
     * a timeout or the agent's logout; 0 when it was accepted or dropped (skipped too often).
     */
    record PreviewEnded(long sequence, long atEpochMs, String agentId, String previewId, PreviewOutcome outcome,
                        String reason, long retryEpochMs) implements CtiEvent {
    }

    enum PreviewOutcome { ACCEPTED, SKIPPED, TIMED_OUT, WITHDRAWN }

    enum ConsultState { RINGING, CONNECTED, COMPLETED, CANCELLED, FAILED, CONFERENCED }

    enum OutboundState { DIALING, CONNECTED, FAILED, ENDED }

    enum CallOutcome {
        /** Talked to an agent. */
        ANSWERED,
        /** The caller hung up before an agent answered. */
        ABANDONED,
        /** Ended by the system (hang-up command, lost on the PBX, failed to route). */
        CLEARED
    }
}
