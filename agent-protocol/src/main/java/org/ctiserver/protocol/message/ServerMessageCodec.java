package org.ctiserver.protocol.message;

import static org.ctiserver.protocol.message.ProtocolCodec.F_AGENT_ID;
import static org.ctiserver.protocol.message.ProtocolCodec.F_DISPOSITION;
import static org.ctiserver.protocol.message.ProtocolCodec.F_EXTENSION;
import static org.ctiserver.protocol.message.ProtocolCodec.F_ID;
import static org.ctiserver.protocol.message.ProtocolCodec.F_LANG;
import static org.ctiserver.protocol.message.ProtocolCodec.F_NOTES;
import static org.ctiserver.protocol.message.ProtocolCodec.F_REASON;
import static org.ctiserver.protocol.message.ProtocolCodec.F_SESSION_ID;
import static org.ctiserver.protocol.message.ProtocolCodec.F_TYPE;
import static org.ctiserver.protocol.message.ProtocolCodec.F_VERSION;
import static org.ctiserver.protocol.message.ProtocolCodec.putIfSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.protocol.message.JsonFields.FieldError;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerEvent.CallConnectedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallEndedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.ConfigEvent;
import org.ctiserver.protocol.message.ServerEvent.SessionReplacedEvent;
import org.ctiserver.protocol.message.ServerEvent.SnapshotEvent;
import org.ctiserver.protocol.message.ServerEvent.UnknownEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpCompletedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpStartedEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Replies and events to and from JSON trees. Decoding is lenient about absent optional fields. */
final class ServerMessageCodec {
    private static final String F_OK = "ok";
    private static final String F_ERROR = "error";
    private static final String F_CODE = "code";
    private static final String F_MESSAGE = "message";
    private static final String F_SEQ = "seq";
    private static final String F_EVENT = "event";
    private static final String F_STATE = "state";
    private static final String F_PREVIOUS = "previous";
    private static final String F_SINCE = "sinceMs";
    private static final String F_AT = "atMs";
    private static final String F_CALL_ID = "callId";
    private static final String F_QUEUE_ID = "queueId";
    private static final String F_QUEUE_NAME = "queueName";
    private static final String F_CALLER_NUMBER = "callerNumber";
    private static final String F_CALLER_NAME = "callerName";
    private static final String F_DIALED_NUMBER = "dialedNumber";
    private static final String F_WAIT = "waitMs";
    private static final String F_DATA = "data";
    private static final String F_OUTCOME = "outcome";
    private static final String F_DEADLINE = "deadlineMs";
    private static final String F_BY_DEADLINE = "byDeadline";
    private static final String F_AGENT_NAME = "agentName";
    private static final String F_REASONS = "reasons";
    private static final String F_DISPOSITIONS = "dispositions";
    private static final String F_SERVER_TIME = "serverTimeMs";
    private static final String F_LABEL = "label";
    private static final String F_SYSTEM = "system";
    private static final String F_EVENTS_LOST = "eventsLost";
    private static final List<String> ENVELOPE = List.of(F_TYPE, F_SEQ, F_EVENT);

    private final ObjectMapper mapper;

    ServerMessageCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode toJson(ServerMessage message) {
        ObjectNode n = mapper.createObjectNode();
        if (message instanceof Reply r) {
            n.put(F_TYPE, Reply.TYPE);
            n.put(F_ID, r.id());
            n.put(F_OK, r.ok());
            if (r.version() != null) {
                n.put(F_VERSION, r.version());
            }
            if (r.error() != null) {
                ObjectNode e = n.putObject(F_ERROR);
                e.put(F_CODE, r.error().code());
                e.put(F_MESSAGE, r.error().message());
            }
            CallEventCodec.writeBody(n, r.body());
        } else if (message instanceof EventMessage m) {
            n.put(F_TYPE, EventMessage.TYPE);
            n.put(F_SEQ, m.seq());
            n.put(F_EVENT, m.event().name());
            writeEvent(n, m.event());
        }
        return n;
    }

    private void writeEvent(ObjectNode n, ServerEvent event) {
        if (event instanceof AgentStateEvent e) {
            putIfSet(n, F_AGENT_ID, e.agentId());
            n.put(F_STATE, e.state().name());
            if (e.previous() != null) {
                n.put(F_PREVIOUS, e.previous().name());
            }
            n.put(F_REASON, e.reason());
            n.put(F_SINCE, e.sinceMs());
            putIfSet(n, F_EXTENSION, e.extension());
        } else if (event instanceof CallOfferedEvent e) {
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_QUEUE_ID, e.queueId());
            putIfSet(n, F_QUEUE_NAME, e.queueName());
            putIfSet(n, F_CALLER_NUMBER, e.callerNumber());
            putIfSet(n, F_CALLER_NAME, e.callerName());
            putIfSet(n, F_DIALED_NUMBER, e.dialedNumber());
            n.put(F_WAIT, e.waitMs());
            ObjectNode data = n.putObject(F_DATA);
            e.data().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(d -> data.put(d.getKey(), d.getValue()));
            n.put(F_AT, e.atMs());
            CallEventCodec.writeMasked(n, e.masked());
        } else if (event instanceof CallConnectedEvent e) {
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_QUEUE_ID, e.queueId());
            n.put(F_AT, e.atMs());
        } else if (event instanceof CallEndedEvent e) {
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_QUEUE_ID, e.queueId());
            n.put(F_OUTCOME, e.outcome().name());
            putIfSet(n, F_REASON, e.reason());
            n.put(F_AT, e.atMs());
        } else if (event instanceof WrapUpStartedEvent e) {
            putIfSet(n, F_CALL_ID, e.callId());
            n.put(F_DEADLINE, e.deadlineMs());
            n.put(F_AT, e.atMs());
        } else if (event instanceof WrapUpCompletedEvent e) {
            putIfSet(n, F_CALL_ID, e.callId());
            putIfSet(n, F_DISPOSITION, e.disposition());
            putIfSet(n, F_NOTES, e.notes());
            n.put(F_BY_DEADLINE, e.byDeadline());
            n.put(F_AT, e.atMs());
        } else if (event instanceof ConfigEvent e) {
            putIfSet(n, F_LANG, e.lang());
            putIfSet(n, F_AGENT_ID, e.agentId());
            putIfSet(n, F_AGENT_NAME, e.agentName());
            writeChoices(n.putArray(F_REASONS), e.reasons());
            writeChoices(n.putArray(F_DISPOSITIONS), e.dispositions());
            n.put(F_SERVER_TIME, e.serverTimeMs());
            putIfSet(n, F_SESSION_ID, e.sessionId());
            CallEventCodec.writeAccess(n, e.access());
        } else if (event instanceof SnapshotEvent e) {
            n.put(F_EVENTS_LOST, e.eventsLost());
            for (ServerEvent part : new ServerEvent[] {e.config(), e.agentState(), e.callOffered(), e.callConnected(),
                    e.wrapUpStarted(), e.customerRecord()}) {
                if (part != null) {
                    writeEvent(n.putObject(part.name()), part);
                }
            }
        } else if (event instanceof SessionReplacedEvent e) {
            n.put(F_AT, e.atMs());
        } else if (CallEventCodec.write(n, event)) {
            return;
        } else if (event instanceof UnknownEvent e && e.fields() != null && e.fields().isObject()) {
            e.fields().properties().forEach(p -> {
                if (!ENVELOPE.contains(p.getKey())) {
                    n.set(p.getKey(), p.getValue());
                }
            });
        }
    }

    private static void writeChoices(ArrayNode array, List<Choice> choices) {
        for (Choice c : choices) {
            ObjectNode o = array.addObject();
            o.put(F_CODE, c.code());
            o.put(F_LABEL, c.label());
            if (c.system()) {
                o.put(F_SYSTEM, true);
            }
        }
    }

    ServerMessage fromJson(JsonFields f) {
        String type = f.requiredCode(F_TYPE, ProtocolCodec.MAX_CODE_LENGTH);
        if (Reply.TYPE.equals(type)) {
            boolean ok = f.requiredBoolean(F_OK);
            ErrorBody error = null;
            JsonNode e = f.node(F_ERROR);
            if (e != null) {
                if (!e.isObject() || ok) {
                    throw new FieldError(ProtocolError.INVALID_FIELD, F_ERROR);
                }
                JsonFields ef = new JsonFields((ObjectNode) e);
                String message = ef.text(F_MESSAGE);
                error = new ErrorBody(ef.requiredCode(F_CODE, ProtocolCodec.MAX_CODE_LENGTH),
                        message == null ? "" : message);
            } else if (!ok) {
                throw new FieldError(ProtocolError.MISSING_FIELD, F_ERROR);
            }
            ReplyBody body = CallEventCodec.readBody(f);
            if (body != null && !ok) {
                throw new FieldError(ProtocolError.INVALID_FIELD, F_ERROR);
            }
            return new Reply(f.text(F_ID), ok, f.optionalInt(F_VERSION), error, body);
        }
        if (EventMessage.TYPE.equals(type)) {
            long seq = f.requiredLong(F_SEQ);
            String name = f.requiredCode(F_EVENT, ProtocolCodec.MAX_CODE_LENGTH);
            return new EventMessage(seq, readEvent(name, f));
        }
        throw new FieldError(ProtocolError.UNKNOWN_TYPE, type);
    }

    private ServerEvent readEvent(String name, JsonFields f) {
        switch (name) {
            case AgentStateEvent.NAME:
                return new AgentStateEvent(f.text(F_AGENT_ID), f.requiredEnum(F_STATE, AgentState.class),
                        f.optionalEnum(F_PREVIOUS, AgentState.class), f.text(F_REASON), f.optionalLong(F_SINCE),
                        f.text(F_EXTENSION));
            case CallOfferedEvent.NAME:
                return new CallOfferedEvent(f.text(F_CALL_ID), f.text(F_QUEUE_ID), f.text(F_QUEUE_NAME),
                        f.text(F_CALLER_NUMBER), f.text(F_CALLER_NAME), f.text(F_DIALED_NUMBER), f.optionalLong(F_WAIT),
                        f.stringMap(F_DATA), f.optionalLong(F_AT), CallEventCodec.readMasked(f));
            case CallConnectedEvent.NAME:
                return new CallConnectedEvent(f.text(F_CALL_ID), f.text(F_QUEUE_ID), f.optionalLong(F_AT));
            case CallEndedEvent.NAME:
                return new CallEndedEvent(f.text(F_CALL_ID), f.text(F_QUEUE_ID), f.requiredEnum(F_OUTCOME, CallOutcome.class),
                        f.text(F_REASON), f.optionalLong(F_AT));
            case WrapUpStartedEvent.NAME:
                return new WrapUpStartedEvent(f.text(F_CALL_ID), f.optionalLong(F_DEADLINE), f.optionalLong(F_AT));
            case WrapUpCompletedEvent.NAME:
                return new WrapUpCompletedEvent(f.text(F_CALL_ID), f.text(F_DISPOSITION), f.text(F_NOTES),
                        f.optionalBoolean(F_BY_DEADLINE), f.optionalLong(F_AT));
            case ConfigEvent.NAME:
                return new ConfigEvent(f.text(F_LANG), f.text(F_AGENT_ID), f.text(F_AGENT_NAME), readChoices(f, F_REASONS),
                        readChoices(f, F_DISPOSITIONS), f.optionalLong(F_SERVER_TIME), f.text(F_SESSION_ID),
                        CallEventCodec.readAccess(f));
            case SnapshotEvent.NAME:
                return new SnapshotEvent(f.optionalBoolean(F_EVENTS_LOST),
                        part(f, ConfigEvent.NAME, ConfigEvent.class, true),
                        part(f, AgentStateEvent.NAME, AgentStateEvent.class, true),
                        part(f, CallOfferedEvent.NAME, CallOfferedEvent.class, false),
                        part(f, CallConnectedEvent.NAME, CallConnectedEvent.class, false),
                        part(f, WrapUpStartedEvent.NAME, WrapUpStartedEvent.class, false),
                        part(f, ServerEvent.CustomerRecordEvent.NAME, ServerEvent.CustomerRecordEvent.class, false));
            case SessionReplacedEvent.NAME:
                return new SessionReplacedEvent(f.optionalLong(F_AT));
            default:
                ServerEvent callEvent = CallEventCodec.read(name, f);
                if (callEvent != null) {
                    return callEvent;
                }
                ObjectNode rest = f.object().deepCopy();
                rest.remove(ENVELOPE);
                return new UnknownEvent(name, rest);
        }
    }

    /** A snapshot's part: an object holding the fields of the event of the same name. */
    private <T extends ServerEvent> T part(JsonFields f, String name, Class<T> type, boolean required) {
        JsonNode v = f.node(name);
        if (v == null) {
            if (required) {
                throw new FieldError(ProtocolError.MISSING_FIELD, name);
            }
            return null;
        }
        if (!v.isObject()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        return type.cast(readEvent(name, new JsonFields((ObjectNode) v)));
    }

    private static List<Choice> readChoices(JsonFields f, String field) {
        JsonNode v = f.node(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, field);
        }
        List<Choice> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isObject()) {
                throw new FieldError(ProtocolError.INVALID_FIELD, field);
            }
            JsonFields c = new JsonFields((ObjectNode) item);
            String label = c.text(F_LABEL);
            String code = c.requiredCode(F_CODE, ProtocolCodec.MAX_CODE_LENGTH);
            out.add(new Choice(code, label == null ? code : label, c.optionalBoolean(F_SYSTEM)));
        }
        return out;
    }
}
