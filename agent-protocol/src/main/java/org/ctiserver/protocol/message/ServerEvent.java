package org.ctiserver.protocol.message;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.CallOutcome;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The events a session receives, each named on the wire by {@code "event"}. Times are epoch
 * milliseconds of the engine's clock.
 */
public sealed interface ServerEvent {
    /** The wire name, the value of {@code "event"}. */
    String name();

    /**
     * The agent's state. Sent on every change and once right after login (then {@code previous} is null).
     *
     * @param reason    the not-ready reason code, "" in other states
     * @param sinceMs   when the agent entered this state
     * @param extension the extension the agent is signed in on, null when logged out
     */
    record AgentStateEvent(String agentId, AgentState state, AgentState previous, String reason, long sinceMs,
                           String extension) implements ServerEvent {
        public static final String NAME = "agentState";

        public AgentStateEvent {
            Objects.requireNonNull(state, "state");
            reason = reason == null ? "" : reason;
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    /** A call rings at the agent's phone; the fields are the screen pop. {@code data} holds the IVR's fields. */
    record CallOfferedEvent(String callId, String queueId, String queueName, String callerNumber, String callerName,
                            String dialedNumber, long waitMs, Map<String, String> data, long atMs)
            implements ServerEvent {
        public static final String NAME = "callOffered";

        public CallOfferedEvent {
            data = data == null ? Map.of() : Map.copyOf(data);
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    record CallConnectedEvent(String callId, String queueId, long atMs) implements ServerEvent {
        public static final String NAME = "callConnected";

        @Override
        public String name() {
            return NAME;
        }
    }

    record CallEndedEvent(String callId, String queueId, CallOutcome outcome, String reason, long atMs)
            implements ServerEvent {
        public static final String NAME = "callEnded";

        public CallEndedEvent {
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    /** After-call work began; {@code deadlineMs} is 0 when the agent ends it by hand. */
    record WrapUpStartedEvent(String callId, long deadlineMs, long atMs) implements ServerEvent {
        public static final String NAME = "wrapUpStarted";

        @Override
        public String name() {
            return NAME;
        }
    }

    record WrapUpCompletedEvent(String callId, String disposition, String notes, boolean byDeadline, long atMs)
            implements ServerEvent {
        public static final String NAME = "wrapUpCompleted";

        @Override
        public String name() {
            return NAME;
        }
    }

    /**
     * The session's settings, sent after login and after {@code setLang}: pick lists with labels in
     * {@code lang}, and the server's clock so a toolbar can show times in state despite clock skew.
     */
    record ConfigEvent(String lang, String agentId, String agentName, List<Choice> reasons, List<Choice> dispositions,
                       long serverTimeMs, String sessionId) implements ServerEvent {
        public static final String NAME = "config";

        public ConfigEvent(String lang, String agentId, String agentName, List<Choice> reasons,
                           List<Choice> dispositions, long serverTimeMs) {
            this(lang, agentId, agentName, reasons, dispositions, serverTimeMs, null);
        }

        public ConfigEvent {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            dispositions = dispositions == null ? List.of() : List.copyOf(dispositions);
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    /**
     * The whole picture at once, sent instead of a replay when a reconnecting client's {@code lastSeq} can no
     * longer be replayed ({@code eventsLost}): the agent's settings, state and current call. Call parts are
     * null when the agent has none; a client replaces its state with this.
     */
    record SnapshotEvent(boolean eventsLost, ConfigEvent config, AgentStateEvent agentState,
                         CallOfferedEvent callOffered, CallConnectedEvent callConnected,
                         WrapUpStartedEvent wrapUpStarted) implements ServerEvent {
        public static final String NAME = "snapshot";

        public SnapshotEvent {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(agentState, "agentState");
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    /** Another connection logged in as this agent; the server closes this one next. Sent with seq 0. */
    record SessionReplacedEvent(long atMs) implements ServerEvent {
        public static final String NAME = "sessionReplaced";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** An event a newer server sends that this client does not know; kept whole so callers can still read it. */
    record UnknownEvent(String name, JsonNode fields) implements ServerEvent {
    }

    /** The names of the events this version knows, for documentation checks. */
    List<String> KNOWN = List.of(AgentStateEvent.NAME, CallOfferedEvent.NAME, CallConnectedEvent.NAME,
            CallEndedEvent.NAME, WrapUpStartedEvent.NAME, WrapUpCompletedEvent.NAME, ConfigEvent.NAME,
            SessionReplacedEvent.NAME, SnapshotEvent.NAME);
}
