package org.ctiserver.protocol.message;

import static org.ctiserver.protocol.message.ProtocolCodec.F_ACTION;
import static org.ctiserver.protocol.message.ProtocolCodec.F_AGENT_ID;
import static org.ctiserver.protocol.message.ProtocolCodec.F_DIGITS;
import static org.ctiserver.protocol.message.ProtocolCodec.F_DUE;
import static org.ctiserver.protocol.message.ProtocolCodec.F_MODE;
import static org.ctiserver.protocol.message.ProtocolCodec.F_NAME;
import static org.ctiserver.protocol.message.ProtocolCodec.F_NOTE;
import static org.ctiserver.protocol.message.ProtocolCodec.F_NUMBER;
import static org.ctiserver.protocol.message.ProtocolCodec.F_PREVIEW_ID;
import static org.ctiserver.protocol.message.ProtocolCodec.F_REASON;
import static org.ctiserver.protocol.message.ProtocolCodec.F_SECONDS;
import static org.ctiserver.protocol.message.ProtocolCodec.F_SKILLS;
import static org.ctiserver.protocol.message.ProtocolCodec.F_TARGET;
import static org.ctiserver.protocol.message.ProtocolCodec.F_TARGET_KIND;
import static org.ctiserver.protocol.message.ProtocolCodec.F_VALUE;
import static org.ctiserver.protocol.message.ProtocolCodec.MAX_CODE_LENGTH;
import static org.ctiserver.protocol.message.ProtocolCodec.MAX_NOTES_LENGTH;
import static org.ctiserver.protocol.message.ProtocolCodec.putIfSet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.protocol.message.JsonFields.FieldError;
import org.ctiserver.protocol.message.Request.AcceptPreview;
import org.ctiserver.protocol.message.Request.Answer;
import org.ctiserver.protocol.message.Request.CancelConsult;
import org.ctiserver.protocol.message.Request.CompleteTransfer;
import org.ctiserver.protocol.message.Request.Conference;
import org.ctiserver.protocol.message.Request.Consult;
import org.ctiserver.protocol.message.Request.Dial;
import org.ctiserver.protocol.message.Request.ExtendWrapUp;
import org.ctiserver.protocol.message.Request.ForceLogout;
import org.ctiserver.protocol.message.Request.ForceNotReady;
import org.ctiserver.protocol.message.Request.Hold;
import org.ctiserver.protocol.message.Request.ListAgents;
import org.ctiserver.protocol.message.Request.ListQueues;
import org.ctiserver.protocol.message.Request.Record;
import org.ctiserver.protocol.message.Request.Resume;
import org.ctiserver.protocol.message.Request.ScheduleCallback;
import org.ctiserver.protocol.message.Request.SendDtmf;
import org.ctiserver.protocol.message.Request.SetCallData;
import org.ctiserver.protocol.message.Request.SetSkills;
import org.ctiserver.protocol.message.Request.SkipPreview;
import org.ctiserver.protocol.message.Request.Spy;
import org.ctiserver.protocol.message.Request.TargetKind;
import org.ctiserver.protocol.message.Request.Transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The call-control and supervisor requests: their fields, and the checks every field passes before use. */
final class CallControlCodec {
    private CallControlCodec() {
    }

    static void encode(ObjectNode n, Request request) {
        if (request instanceof Transfer r) {
            n.put(F_TARGET_KIND, r.targetKind().wire());
            n.put(F_TARGET, r.target());
        } else if (request instanceof Consult r) {
            n.put(F_TARGET_KIND, r.targetKind().wire());
            n.put(F_TARGET, r.target());
        } else if (request instanceof SendDtmf r) {
            n.put(F_DIGITS, r.digits());
        } else if (request instanceof Dial r) {
            n.put(F_NUMBER, r.number());
        } else if (request instanceof ScheduleCallback r) {
            n.put(F_NUMBER, r.number());
            n.put(F_DUE, r.dueMs());
            putIfSet(n, F_NOTE, r.note());
        } else if (request instanceof AcceptPreview r) {
            n.put(F_PREVIEW_ID, r.previewId());
        } else if (request instanceof SkipPreview r) {
            n.put(F_PREVIEW_ID, r.previewId());
            putIfSet(n, F_REASON, r.reason());
        } else if (request instanceof ExtendWrapUp r) {
            n.put(F_SECONDS, r.seconds());
        } else if (request instanceof Record r) {
            n.put(F_ACTION, r.action().name());
        } else if (request instanceof SetCallData r) {
            n.put(F_NAME, r.name());
            n.put(F_VALUE, r.value());
        } else if (request instanceof ForceNotReady r) {
            n.put(F_AGENT_ID, r.agentId());
            n.put(F_REASON, r.reason());
        } else if (request instanceof ForceLogout r) {
            n.put(F_AGENT_ID, r.agentId());
        } else if (request instanceof Spy r) {
            n.put(F_AGENT_ID, r.agentId());
            n.put(F_MODE, r.mode().name());
        } else if (request instanceof SetSkills r) {
            n.put(F_AGENT_ID, r.agentId());
            ObjectNode skills = n.putObject(F_SKILLS);
            new TreeMap<>(r.skills()).forEach(skills::put);
        }
    }

    /** The request of {@code type}, or null when the type is unknown. */
    static Request decode(String type, String id, JsonFields f) {
        switch (type) {
            case Answer.TYPE:
                return new Answer(id);
            case Hold.TYPE:
                return new Hold(id);
            case Resume.TYPE:
                return new Resume(id);
            case Transfer.TYPE:
                return new Transfer(id, targetKind(f, true), f.requiredCode(F_TARGET, MAX_CODE_LENGTH));
            case Consult.TYPE:
                return new Consult(id, targetKind(f, false), f.requiredCode(F_TARGET, MAX_CODE_LENGTH));
            case CompleteTransfer.TYPE:
                return new CompleteTransfer(id);
            case Request.CancelConsult.TYPE:
                return new CancelConsult(id);
            case Conference.TYPE:
                return new Conference(id);
            case SendDtmf.TYPE:
                return new SendDtmf(id, matching(f, F_DIGITS, ProtocolCodec.DTMF));
            case Dial.TYPE:
                return new Dial(id, matching(f, F_NUMBER, ProtocolCodec.PHONE_NUMBER));
            case ScheduleCallback.TYPE:
                return new ScheduleCallback(id, matching(f, F_NUMBER, ProtocolCodec.PHONE_NUMBER), positive(f, F_DUE),
                        f.optionalText(F_NOTE, MAX_NOTES_LENGTH, true));
            case AcceptPreview.TYPE:
                return new AcceptPreview(id, f.requiredCode(F_PREVIEW_ID, MAX_CODE_LENGTH));
            case SkipPreview.TYPE:
                return new SkipPreview(id, f.requiredCode(F_PREVIEW_ID, MAX_CODE_LENGTH),
                        f.optionalText(F_REASON, MAX_NOTES_LENGTH, true));
            case ExtendWrapUp.TYPE:
                return new ExtendWrapUp(id, inRange(f, F_SECONDS, 1, ProtocolCodec.MAX_EXTEND_SECONDS));
            case Record.TYPE:
                return new Record(id, f.requiredEnum(F_ACTION, RecordingAction.class));
            case SetCallData.TYPE:
                return new SetCallData(id, matching(f, F_NAME, ProtocolCodec.DATA_NAME), requiredValue(f));
            case ListAgents.TYPE:
                return new ListAgents(id);
            case ListQueues.TYPE:
                return new ListQueues(id);
            case ForceNotReady.TYPE:
                return new ForceNotReady(id, f.requiredCode(F_AGENT_ID, MAX_CODE_LENGTH),
                        f.requiredCode(F_REASON, MAX_CODE_LENGTH));
            case ForceLogout.TYPE:
                return new ForceLogout(id, f.requiredCode(F_AGENT_ID, MAX_CODE_LENGTH));
            case Spy.TYPE:
                return new Spy(id, f.requiredCode(F_AGENT_ID, MAX_CODE_LENGTH), f.requiredEnum(F_MODE, SpyMode.class));
            case SetSkills.TYPE:
                return new SetSkills(id, f.requiredCode(F_AGENT_ID, MAX_CODE_LENGTH), skills(f));
            default:
                return null;
        }
    }

    private static TargetKind targetKind(JsonFields f, boolean queueAllowed) {
        TargetKind k = TargetKind.fromWire(f.requiredCode(F_TARGET_KIND, MAX_CODE_LENGTH));
        if (k == null || k == TargetKind.QUEUE && !queueAllowed) {
            throw new FieldError(ProtocolError.INVALID_FIELD, F_TARGET_KIND);
        }
        return k;
    }

    private static String matching(JsonFields f, String field, Pattern pattern) {
        String v = f.requiredCode(field, MAX_CODE_LENGTH);
        if (!pattern.matcher(v).matches()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, field);
        }
        return v;
    }

    private static long positive(JsonFields f, String field) {
        long v = f.requiredLong(field);
        if (v <= 0) {
            throw new FieldError(ProtocolError.INVALID_FIELD, field);
        }
        return v;
    }

    private static int inRange(JsonFields f, String field, int min, int max) {
        int v = f.requiredInt(field);
        if (v < min || v > max) {
            throw new FieldError(ProtocolError.INVALID_FIELD, field);
        }
        return v;
    }

    private static String requiredValue(JsonFields f) {
        String v = f.optionalText(F_VALUE, ProtocolCodec.MAX_DATA_VALUE_LENGTH, false);
        if (v == null) {
            throw new FieldError(ProtocolError.MISSING_FIELD, F_VALUE);
        }
        return v;
    }

    private static Map<String, Integer> skills(JsonFields f) {
        JsonNode v = f.node(F_SKILLS);
        if (v == null) {
            throw new FieldError(ProtocolError.MISSING_FIELD, F_SKILLS);
        }
        if (!v.isObject() || v.size() > ProtocolCodec.MAX_SKILLS) {
            throw new FieldError(ProtocolError.INVALID_FIELD, F_SKILLS);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        v.properties().forEach(e -> {
            JsonNode level = e.getValue();
            if (!ProtocolCodec.SKILL_NAME.matcher(e.getKey()).matches() || !level.isIntegralNumber()
                    || !level.canConvertToInt() || level.intValue() < ProtocolCodec.MIN_SKILL_LEVEL
                    || level.intValue() > ProtocolCodec.MAX_SKILL_LEVEL) {
                throw new FieldError(ProtocolError.INVALID_FIELD, F_SKILLS);
            }
            out.put(e.getKey(), level.intValue());
        });
        return out;
    }
}
