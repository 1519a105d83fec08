package org.ctiserver.protocol.message;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.event.CtiEvent.ConsultState;
import org.ctiserver.core.event.CtiEvent.OutboundState;
import org.ctiserver.core.event.CtiEvent.PreviewOutcome;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;

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

    /**
     * A call rings at the agent's phone; the fields are the screen pop. {@code data} holds the IVR's fields the
     * agent is cleared for; {@code masked} names each field withheld, with its secrecy level (密级).
     */
    record CallOfferedEvent(String callId, String queueId, String queueName, String callerNumber, String callerName,
                            String dialedNumber, long waitMs, Map<String, String> data, long atMs,
                            Map<String, String> masked)
            implements ServerEvent {
        public static final String NAME = "callOffered";

        public CallOfferedEvent {
            data = data == null ? Map.of() : Map.copyOf(data);
            masked = masked == null ? Map.of() : Map.copyOf(masked);
        }

        public CallOfferedEvent(String callId, String queueId, String queueName, String callerNumber,
                                String callerName, String dialedNumber, long waitMs, Map<String, String> data,
                                long atMs) {
            this(callId, queueId, queueName, callerNumber, callerName, dialedNumber, waitMs, data, atMs, Map.of());
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
                       long serverTimeMs, String sessionId, Access access) implements ServerEvent {
        public static final String NAME = "config";

        public ConfigEvent(String lang, String agentId, String agentName, List<Choice> reasons,
                           List<Choice> dispositions, long serverTimeMs) {
            this(lang, agentId, agentName, reasons, dispositions, serverTimeMs, null, null);
        }

        public ConfigEvent(String lang, String agentId, String agentName, List<Choice> reasons,
                           List<Choice> dispositions, long serverTimeMs, String sessionId) {
            this(lang, agentId, agentName, reasons, dispositions, serverTimeMs, sessionId, null);
        }

        public ConfigEvent {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            dispositions = dispositions == null ? List.of() : List.copyOf(dispositions);
        }

        public ConfigEvent withSessionId(String id) {
            return new ConfigEvent(lang, agentId, agentName, reasons, dispositions, serverTimeMs, id, access);
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
                         WrapUpStartedEvent wrapUpStarted, CustomerRecordEvent customerRecord) implements ServerEvent {
        public static final String NAME = "snapshot";

        public SnapshotEvent(boolean eventsLost, ConfigEvent config, AgentStateEvent agentState,
                             CallOfferedEvent callOffered, CallConnectedEvent callConnected,
                             WrapUpStartedEvent wrapUpStarted) {
            this(eventsLost, config, agentState, callOffered, callConnected, wrapUpStarted, null);
        }

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

    /**
     * Who the session's user is: {@code role} ({@code agent}, {@code supervisor}, {@code qa}, {@code admin}), the
     * groups (班组) the user belongs to or supervises, the secrecy level (密级) the user is cleared for, and
     * whether the user takes calls (is signed in on the engine as an agent).
     */
    record Access(String role, List<String> groups, String clearance, boolean takesCalls) {
        public Access {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    /** The caller of the agent's call is on hold ({@code held}) or back. */
    record HoldChangedEvent(String agentId, String callId, boolean held, long atMs) implements ServerEvent {
        public static final String NAME = "holdChanged";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** The call left {@code fromAgentId} for an agent, a queue or a number ({@code targetKind}). */
    record CallTransferredEvent(String callId, String queueId, String fromAgentId, String targetKind, String target,
                                boolean consulted, long atMs) implements ServerEvent {
        public static final String NAME = "callTransferred";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** A consultation moved on; {@code reason} explains FAILED. */
    record ConsultChangedEvent(String agentId, String callId, String targetKind, String target, ConsultState state,
                               String reason, long atMs) implements ServerEvent {
        public static final String NAME = "consultChanged";

        public ConsultChangedEvent {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    record ConferenceStartedEvent(String agentId, String callId, String room, long atMs) implements ServerEvent {
        public static final String NAME = "conferenceStarted";

        @Override
        public String name() {
            return NAME;
        }
    }

    record RecordingChangedEvent(String agentId, String callId, RecordingAction action, String file, long atMs)
            implements ServerEvent {
        public static final String NAME = "recordingChanged";

        public RecordingChangedEvent {
            Objects.requireNonNull(action, "action");
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    /** A supervisor started or stopped listening, whispering or barging; sent to supervisors, not to the agent. */
    record SpyChangedEvent(String supervisorId, String agentId, String callId, SpyMode mode, boolean active, long atMs)
            implements ServerEvent {
        public static final String NAME = "spyChanged";

        public SpyChangedEvent {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    /** An outbound call the agent placed (manual dial, callback) moved on. */
    record OutboundCallEvent(String agentId, String requestId, String number, OutboundState state, String reason,
                             long atMs) implements ServerEvent {
        public static final String NAME = "outboundCall";

        public OutboundCallEvent {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    /** The caller pressed a key. */
    record DtmfEvent(String agentId, String callId, String digit, long atMs) implements ServerEvent {
        public static final String NAME = "dtmf";

        @Override
        public String name() {
            return NAME;
        }
    }

    record SkillsChangedEvent(String agentId, Map<String, Integer> skills, String supervisorId, long atMs)
            implements ServerEvent {
        public static final String NAME = "skillsChanged";

        public SkillsChangedEvent {
            skills = skills == null ? Map.of() : Map.copyOf(skills);
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    record CallbackScheduledEvent(String callbackId, String agentId, String number, long dueMs, String note, long atMs)
            implements ServerEvent {
        public static final String NAME = "callbackScheduled";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** A preview call (预览式外呼) for the agent to accept or skip before {@code deadlineMs}. */
    record PreviewOfferedEvent(String agentId, String previewId, String number, String note, String kind,
                               long deadlineMs, long atMs) implements ServerEvent {
        public static final String NAME = "previewOffered";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** The preview call is no longer pending; {@code retryMs} is when it comes back, 0 when it does not. */
    record PreviewEndedEvent(String agentId, String previewId, PreviewOutcome outcome, String reason, long retryMs,
                             long atMs) implements ServerEvent {
        public static final String NAME = "previewEnded";

        @Override
        public String name() {
            return NAME;
        }
    }

    record WrapUpExtendedEvent(String agentId, String callId, long deadlineMs, long atMs) implements ServerEvent {
        public static final String NAME = "wrapUpExtended";

        @Override
        public String name() {
            return NAME;
        }
    }

    /**
     * The customer behind the offered call, from the customer directory: the fields the agent is cleared for in
     * {@code fields}, and each withheld field with its secrecy level in {@code masked}.
     */
    record CustomerRecordEvent(String callId, String customerId, String customerName, String tier,
                               Map<String, String> fields, Map<String, String> masked, long atMs)
            implements ServerEvent {
        public static final String NAME = "customerRecord";

        public CustomerRecordEvent {
            fields = fields == null ? Map.of() : Map.copyOf(fields);
            masked = masked == null ? Map.of() : Map.copyOf(masked);
        }

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
            SessionReplacedEvent.NAME, SnapshotEvent.NAME, HoldChangedEvent.NAME, CallTransferredEvent.NAME,
            ConsultChangedEvent.NAME, ConferenceStartedEvent.NAME, RecordingChangedEvent.NAME, SpyChangedEvent.NAME,
            OutboundCallEvent.NAME, DtmfEvent.NAME, SkillsChangedEvent.NAME, CallbackScheduledEvent.NAME,
            WrapUpExtendedEvent.NAME, CustomerRecordEvent.NAME, PreviewOfferedEvent.NAME, PreviewEndedEvent.NAME);
}
