package org.ctiserver.core.event;

import java.util.Map;

import org.ctiserver.core.agent.AgentState;
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

    enum CallOutcome {
        /** Talked to an agent. */
        ANSWERED,
        /** The caller hung up before an agent answered. */
        ABANDONED,
        /** Ended by the system (hang-up command, lost on the PBX, failed to route). */
        CLEARED
    }
}
