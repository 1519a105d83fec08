package org.ctiserver.protocol.message;

import static org.ctiserver.protocol.message.ProtocolCodec.putIfSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.ConsultState;
import org.ctiserver.core.event.CtiEvent.OutboundState;
import org.ctiserver.core.event.CtiEvent.PreviewOutcome;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.protocol.message.JsonFields.FieldError;
import org.ctiserver.protocol.message.ReplyBody.AgentInfo;
import org.ctiserver.protocol.message.ReplyBody.AgentList;
import org.ctiserver.protocol.message.ReplyBody.QueueInfo;
import org.ctiserver.protocol.message.ReplyBody.QueueList;
import org.ctiserver.protocol.message.ServerEvent.Access;
import org.ctiserver.protocol.message.ServerEvent.CallTransferredEvent;
import org.ctiserver.protocol.message.ServerEvent.CallbackScheduledEvent;
import org.ctiserver.protocol.message.ServerEvent.ConferenceStartedEvent;
import org.ctiserver.protocol.message.ServerEvent.ConsultChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.CustomerRecordEvent;
import org.ctiserver.protocol.message.ServerEvent.DtmfEvent;
import org.ctiserver.protocol.message.ServerEvent.HoldChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.OutboundCallEvent;
import org.ctiserver.protocol.message.ServerEvent.PreviewEndedEvent;
import org.ctiserver.protocol.message.ServerEvent.PreviewOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.RecordingChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.SkillsChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.SpyChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpExtendedEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The call-control events, the access part of {@code config}, and the supervisors' reply bodies. */
final class CallEventCodec {
    static final String F_AGENT_ID = "agentId";
    static final String F_CALL_ID = "callId";
    static final String F_AT = "atMs";
    static final String F_HELD = "held";
    static final String F_QUEUE_ID = "queueId";
    static final String F_FROM_AGENT_ID = "fromAgentId";
    static final String F_TARGET_KIND = "targetKind";
    static final String F_TARGET = "target";
    static final String F_CONSULTED = "consulted";
    static final String F_STATE = "state";
    static final String F_REASON = "reason";
    static final String F_ROOM = "room";
    static final String F_ACTION = "action";
    static final String F_FILE = "file";
    static final String F_SUPERVISOR_ID = "supervisorId";
    static final String F_MODE = "mode";
    static final String F_ACTIVE = "active";
    static final String F_REQUEST_ID = "requestId";
    static final String F_NUMBER = "number";
    static final String F_DIGIT = "digit";
    static final String F_SKILLS = "skills";
    static final String F_CALLBACK_ID = "callbackId";
    static final String F_DUE = "dueMs";
    static final String F_NOTE = "note";
    static final String F_DEADLINE = "deadlineMs";
    static final String F_PREVIEW_ID = "previewId";
    static final String F_KIND = "kind";
    static final String F_OUTCOME = "outcome";
    static final String F_RETRY = "retryMs";
    static final String F_CUSTOMER_ID = "customerId";
    static final String F_CUSTOMER_NAME = "customerName";
    static final String F_TIER = "tier";
    static final String F_FIELDS = "fields";
    static final String F_MASKED = "masked";
    static final String F_ROLE = "role";
    static final String F_GROUPS = "groups";
    static final String F_CLEARANCE = "clearance";
    static final String F_TAKES_CALLS = "takesCalls";
    static final String F_AGENTS = "agents";
    static final String F_QUEUES = "queues";

    private CallEventCodec() {
    }

    /** Writes the event's fields; false when it is not one of this codec's events. */
    static boolean write(ObjectNode n, ServerEvent event) {
        if (event instanceof HoldChangedEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_CALL_ID, e.callId());
            n.put(F_HELD, e.held());
        } else if (event instanceof CallTransferredEvent e) {
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_QUEUE_ID, e.queueId());
            putIfSet(n, F_FROM_AGENT_ID, e.fromAgentId());
            putIfSet(n, F_TARGET_KIND, e.targetKind());
            putIfSet(n, F_TARGET, e.target());
            n.put(F_CONSULTED, e.consulted());
        } else if (event instanceof ConsultChangedEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_TARGET_KIND, e.targetKind());
            putIfSet(n, F_TARGET, e.target());
            n.put(F_STATE, e.state().name());
            putIfSet(n, F_REASON, e.reason());
        } else if (event instanceof ConferenceStartedEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_ROOM, e.room());
        } else if (event instanceof RecordingChangedEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_CALL_ID, e.callId());
            n.put(F_ACTION, e.action().name());
            putIfSet(n, F_FILE, e.file());
        } else if (event instanceof SpyChangedEvent e) {
            putIfSet(n, F_SUPERVISOR_ID, e.supervisorId());
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_CALL_ID, e.callId());
            n.put(F_MODE, e.mode().name());
            n.put(F_ACTIVE, e.active());
        } else if (event instanceof OutboundCallEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_REQUEST_ID, e.requestId());
            putIfSet(n, F_NUMBER, e.number());
            n.put(F_STATE, e.state().name());
            putIfSet(n, F_REASON, e.reason());
        } else if (event instanceof DtmfEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_DIGIT, e.digit());
        } else if (event instanceof SkillsChangedEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            writeSkills(n.putObject(F_SKILLS), e.skills());
            putIfSet(n, F_SUPERVISOR_ID, e.supervisorId());
        } else if (event instanceof CallbackScheduledEvent e) {
            putIfSet(n, F_CALLBACK_ID, e.callbackId());
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_NUMBER, e.number());
            n.put(F_DUE, e.dueMs());
            putIfSet(n, F_NOTE, e.note());
        } else if (event instanceof PreviewOfferedEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_PREVIEW_ID, e.previewId());
            putIfSet(n, F_NUMBER, e.number());
            putIfSet(n, F_NOTE, e.note());
            putIfSet(n, F_KIND, e.kind());
            n.put(F_DEADLINE, e.deadlineMs());
        } else if (event instanceof PreviewEndedEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_PREVIEW_ID, e.previewId());
            n.put(F_OUTCOME, e.outcome().name());
            putIfSet(n, F_REASON, e.reason());
            n.put(F_RETRY, e.retryMs());
        } else if (event instanceof WrapUpExtendedEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_CALL_ID, e.callId());
            n.put(F_DEADLINE, e.deadlineMs());
        } else if (event instanceof CustomerRecordEvent e) {
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_CUSTOMER_ID, e.customerId());
            putIfSet(n, F_CUSTOMER_NAME, e.customerName());
            putIfSet(n, F_TIER, e.tier());
            writeTexts(n.putObject(F_FIELDS), e.fields());
            writeMasked(n, e.masked());
        } else {
            return false;
        }
        n.put(F_AT, atMs(event));
        return true;
    }

    private static long atMs(ServerEvent event) {
        if (event instanceof HoldChangedEvent e) {
            return e.atMs();
        } else if (event instanceof CallTransferredEvent e) {
            return e.atMs();
        } else if (event instanceof ConsultChangedEvent e) {
            return e.atMs();
        } else if (event instanceof ConferenceStartedEvent e) {
            return e.atMs();
        } else if (event instanceof RecordingChangedEvent e) {
            return e.atMs();
        } else if (event instanceof SpyChangedEvent e) {
            return e.atMs();
        } else if (event instanceof OutboundCallEvent e) {
            return e.atMs();
        } else if (event instanceof DtmfEvent e) {
            return e.atMs();
        } else if (event instanceof SkillsChangedEvent e) {
            return e.atMs();
        } else if (event instanceof CallbackScheduledEvent e) {
            return e.atMs();
        } else if (event instanceof WrapUpExtendedEvent e) {
            return e.atMs();
        } else if (event instanceof PreviewOfferedEvent e) {
            return e.atMs();
        } else if (event instanceof PreviewEndedEvent e) {
            return e.atMs();
        } else if (event instanceof CustomerRecordEvent e) {
            return e.atMs();
        }
        return 0;
    }

    /** The event named {@code name}, or null when it is not one of this codec's. */
    static ServerEvent read(String name, JsonFields f) {
        switch (name) {
            case HoldChangedEvent.NAME:
                return new HoldChangedEvent(f.text(F_AGENT_ID), f.text(F_CALL_ID), f.optionalBoolean(F_HELD),
                        f.optionalLong(F_AT));
            case CallTransferredEvent.NAME:
                return new CallTransferredEvent(f.text(F_CALL_ID), f.text(F_QUEUE_ID), f.text(F_FROM_AGENT_ID),
                        f.text(F_TARGET_KIND), f.text(F_TARGET), f.optionalBoolean(F_CONSULTED), f.optionalLong(F_AT));
            case ConsultChangedEvent.NAME:
                return new ConsultChangedEvent(f.text(F_AGENT_ID), f.text(F_CALL_ID), f.text(F_TARGET_KIND),
                        f.text(F_TARGET), f.requiredEnum(F_STATE, ConsultState.class), f.text(F_REASON),
                        f.optionalLong(F_AT));
            case ConferenceStartedEvent.NAME:
                return new ConferenceStartedEvent(f.text(F_AGENT_ID), f.text(F_CALL_ID), f.text(F_ROOM),
                        f.optionalLong(F_AT));
            case RecordingChangedEvent.NAME:
                return new RecordingChangedEvent(f.text(F_AGENT_ID), f.text(F_CALL_ID),
                        f.requiredEnum(F_ACTION, RecordingAction.class), f.text(F_FILE), f.optionalLong(F_AT));
            case SpyChangedEvent.NAME:
                return new SpyChangedEvent(f.text(F_SUPERVISOR_ID), f.text(F_AGENT_ID), f.text(F_CALL_ID),
                        f.requiredEnum(F_MODE, SpyMode.class), f.optionalBoolean(F_ACTIVE), f.optionalLong(F_AT));
            case OutboundCallEvent.NAME:
                return new OutboundCallEvent(f.text(F_AGENT_ID), f.text(F_REQUEST_ID), f.text(F_NUMBER),
                        f.requiredEnum(F_STATE, OutboundState.class), f.text(F_REASON), f.optionalLong(F_AT));
            case DtmfEvent.NAME:
                return new DtmfEvent(f.text(F_AGENT_ID), f.text(F_CALL_ID), f.text(F_DIGIT), f.optionalLong(F_AT));
            case SkillsChangedEvent.NAME:
                return new SkillsChangedEvent(f.text(F_AGENT_ID), readSkills(f.node(F_SKILLS)), f.text(F_SUPERVISOR_ID),
                        f.optionalLong(F_AT));
            case CallbackScheduledEvent.NAME:
                return new CallbackScheduledEvent(f.text(F_CALLBACK_ID), f.text(F_AGENT_ID), f.text(F_NUMBER),
                        f.optionalLong(F_DUE), f.text(F_NOTE), f.optionalLong(F_AT));
            case WrapUpExtendedEvent.NAME:
                return new WrapUpExtendedEvent(f.text(F_AGENT_ID), f.text(F_CALL_ID), f.optionalLong(F_DEADLINE),
                        f.optionalLong(F_AT));
            case PreviewOfferedEvent.NAME:
                return new PreviewOfferedEvent(f.text(F_AGENT_ID), f.text(F_PREVIEW_ID), f.text(F_NUMBER),
                        f.text(F_NOTE), f.text(F_KIND), f.optionalLong(F_DEADLINE), f.optionalLong(F_AT));
            case PreviewEndedEvent.NAME:
                return new PreviewEndedEvent(f.text(F_AGENT_ID), f.text(F_PREVIEW_ID),
                        f.requiredEnum(F_OUTCOME, PreviewOutcome.class), f.text(F_REASON), f.optionalLong(F_RETRY),
                        f.optionalLong(F_AT));
            case CustomerRecordEvent.NAME:
                return new CustomerRecordEvent(f.text(F_CALL_ID), f.text(F_CUSTOMER_ID), f.text(F_CUSTOMER_NAME),
                        f.text(F_TIER), f.stringMap(F_FIELDS), f.stringMap(F_MASKED), f.optionalLong(F_AT));
            default:
                return null;
        }
    }

    // ---- parts of other messages ----

    /** The {@code masked} object of a screen pop, only when something was withheld. */
    static void writeMasked(ObjectNode n, Map<String, String> masked) {
        if (!masked.isEmpty()) {
            writeTexts(n.putObject(F_MASKED), masked);
        }
    }

    static Map<String, String> readMasked(JsonFields f) {
        return f.stringMap(F_MASKED);
    }

    static void writeAccess(ObjectNode n, Access a) {
        if (a == null) {
            return;
        }
        putIfSet(n, F_ROLE, a.role());
        ArrayNode groups = n.putArray(F_GROUPS);
        a.groups().forEach(groups::add);
        putIfSet(n, F_CLEARANCE, a.clearance());
        n.put(F_TAKES_CALLS, a.takesCalls());
    }

    /** The access fields of a {@code config} event, or null when it has none (an older server). */
    static Access readAccess(JsonFields f) {
        String role = f.text(F_ROLE);
        if (role == null) {
            return null;
        }
        return new Access(role, readTextList(f.node(F_GROUPS), F_GROUPS), f.text(F_CLEARANCE),
                f.optionalBoolean(F_TAKES_CALLS));
    }

    static void writeBody(ObjectNode n, ReplyBody body) {
        if (body instanceof AgentList l) {
            ArrayNode agents = n.putArray(F_AGENTS);
            for (AgentInfo a : l.agents()) {
                ObjectNode o = agents.addObject();
                o.put(F_AGENT_ID, a.agentId());
                putIfSet(o, "name", a.name());
                o.put(F_STATE, a.state().name());
                o.put(F_REASON, a.reason());
                o.put("sinceMs", a.sinceMs());
                putIfSet(o, "extension", a.extension());
                putIfSet(o, F_CALL_ID, a.callId());
                o.put(F_HELD, a.held());
                writeSkills(o.putObject(F_SKILLS), a.skills());
                ArrayNode groups = o.putArray(F_GROUPS);
                a.groups().forEach(groups::add);
            }
        } else if (body instanceof QueueList l) {
            ArrayNode queues = n.putArray(F_QUEUES);
            for (QueueInfo q : l.queues()) {
                ObjectNode o = queues.addObject();
                o.put(F_QUEUE_ID, q.queueId());
                putIfSet(o, "name", q.name());
                o.put("waiting", q.waiting());
                o.put("longestWaitMs", q.longestWaitMs());
                o.put("offered", q.offered());
                o.put("answered", q.answered());
                o.put("abandoned", q.abandoned());
                o.put("serviceLevelPercent", q.serviceLevelPercent());
                o.put("averageSpeedOfAnswerMs", q.averageSpeedOfAnswerMs());
                o.put("averageHandleTimeMs", q.averageHandleTimeMs());
                o.put("agentsReady", q.agentsReady());
                o.put("agentsTalking", q.agentsTalking());
                o.put("agentsWrapUp", q.agentsWrapUp());
                o.put("agentsNotReady", q.agentsNotReady());
                o.put("agentsLoggedIn", q.agentsLoggedIn());
            }
        }
    }

    /** A reply's body, or null when it has none. */
    static ReplyBody readBody(JsonFields f) {
        JsonNode agents = f.node(F_AGENTS);
        if (agents != null) {
            List<AgentInfo> out = new ArrayList<>();
            for (JsonFields a : objects(agents, F_AGENTS)) {
                out.add(new AgentInfo(a.requiredCode(F_AGENT_ID, ProtocolCodec.MAX_CODE_LENGTH), a.text("name"),
                        a.requiredEnum(F_STATE, AgentState.class), a.text(F_REASON), a.optionalLong("sinceMs"),
                        a.text("extension"), a.text(F_CALL_ID), a.optionalBoolean(F_HELD),
                        readSkills(a.node(F_SKILLS)), readTextList(a.node(F_GROUPS), F_GROUPS)));
            }
            return new AgentList(out);
        }
        JsonNode queues = f.node(F_QUEUES);
        if (queues != null) {
            List<QueueInfo> out = new ArrayList<>();
            for (JsonFields q : objects(queues, F_QUEUES)) {
                out.add(new QueueInfo(q.requiredCode(F_QUEUE_ID, ProtocolCodec.MAX_CODE_LENGTH), q.text("name"),
                        (int) q.optionalLong("waiting"), q.optionalLong("longestWaitMs"), q.optionalLong("offered"),
                        q.optionalLong("answered"), q.optionalLong("abandoned"), number(q, "serviceLevelPercent"),
                        q.optionalLong("averageSpeedOfAnswerMs"), q.optionalLong("averageHandleTimeMs"),
                        (int) q.optionalLong("agentsReady"), (int) q.optionalLong("agentsTalking"),
                        (int) q.optionalLong("agentsWrapUp"), (int) q.optionalLong("agentsNotReady"),
                        (int) q.optionalLong("agentsLoggedIn")));
            }
            return new QueueList(out);
        }
        return null;
    }

    private static double number(JsonFields f, String name) {
        JsonNode v = f.node(name);
        if (v == null) {
            return 0;
        }
        if (!v.isNumber()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        return v.doubleValue();
    }

    private static List<JsonFields> objects(JsonNode array, String field) {
        if (!array.isArray()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, field);
        }
        List<JsonFields> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isObject()) {
                throw new FieldError(ProtocolError.INVALID_FIELD, field);
            }
            out.add(new JsonFields((ObjectNode) item));
        }
        return out;
    }

    private static List<String> readTextList(JsonNode v, String field) {
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new FieldError(ProtocolError.INVALID_FIELD, field);
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static void writeSkills(ObjectNode o, Map<String, Integer> skills) {
        new TreeMap<>(skills).forEach(o::put);
    }

    private static Map<String, Integer> readSkills(JsonNode v) {
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, F_SKILLS);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        v.properties().forEach(e -> {
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt()) {
                throw new FieldError(ProtocolError.INVALID_FIELD, F_SKILLS);
            }
            out.put(e.getKey(), e.getValue().intValue());
        });
        return out;
    }

    private static void writeTexts(ObjectNode o, Map<String, String> texts) {
        new TreeMap<>(texts).forEach(o::put);
    }
}
