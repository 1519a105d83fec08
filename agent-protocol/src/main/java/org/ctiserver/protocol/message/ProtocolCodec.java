package org.ctiserver.protocol.message;

import java.util.regex.Pattern;

import org.ctiserver.protocol.message.JsonFields.FieldError;
import org.ctiserver.protocol.message.Request.CompleteWrapUp;
import org.ctiserver.protocol.message.Request.Hangup;
import org.ctiserver.protocol.message.Request.Hello;
import org.ctiserver.protocol.message.Request.Login;
import org.ctiserver.protocol.message.Request.Logout;
import org.ctiserver.protocol.message.Request.NotReady;
import org.ctiserver.protocol.message.Request.Ping;
import org.ctiserver.protocol.message.Request.Ready;
import org.ctiserver.protocol.message.Request.SetLang;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON encoding and decoding of every protocol message. Thread-safe. Decoding never throws: any input
 * yields a value or a {@link Decoded.Failed} with a stable code and, when it could be read, the request id.
 */
public final class ProtocolCodec {
    /** The protocol versions this codec speaks. */
    public static final int VERSION = 1;

    public static final int MAX_ID_LENGTH = 64;
    /** Agent ids, extensions, reason and disposition codes. */
    public static final int MAX_CODE_LENGTH = 64;
    public static final int MAX_PASSWORD_LENGTH = 256;
    public static final int MAX_NOTES_LENGTH = 4000;

    static final String F_TYPE = "type";
    static final String F_ID = "id";
    static final String F_VERSION = "version";
    static final String F_LANG = "lang";
    static final String F_AGENT_ID = "agentId";
    static final String F_PASSWORD = "password";
    static final String F_EXTENSION = "extension";
    static final String F_REASON = "reason";
    static final String F_DISPOSITION = "disposition";
    static final String F_NOTES = "notes";
    static final String F_NEXT_REASON = "nextReason";
    static final String F_SESSION_ID = "sessionId";
    static final String F_LAST_SEQ = "lastSeq";
    static final String F_TARGET_KIND = "targetKind";
    static final String F_TARGET = "target";
    static final String F_DIGITS = "digits";
    static final String F_NUMBER = "number";
    static final String F_DUE = "dueMs";
    static final String F_NOTE = "note";
    static final String F_SECONDS = "seconds";
    static final String F_ACTION = "action";
    static final String F_NAME = "name";
    static final String F_VALUE = "value";
    static final String F_MODE = "mode";
    static final String F_SKILLS = "skills";
    static final String F_PREVIEW_ID = "previewId";

    /** DTMF digits a request may send at once. */
    public static final Pattern DTMF = Pattern.compile("[0-9*#A-D]{1,32}");
    /** A number to dial: digits, * and #, an optional leading +. */
    public static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9*#]{1,31}");
    /** A call-data name (it becomes a PBX channel variable: no spaces, no separators). */
    public static final Pattern DATA_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    /** A skill name as the routing configuration writes it. */
    public static final Pattern SKILL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    public static final int MAX_DATA_VALUE_LENGTH = 1024;
    public static final int MAX_SKILLS = 100;
    public static final int MAX_EXTEND_SECONDS = 3600;
    public static final int MIN_SKILL_LEVEL = 1;
    public static final int MAX_SKILL_LEVEL = 10;

    private static final int MAX_NESTING = 32;

    private final ObjectMapper mapper;
    private final ServerMessageCodec serverCodec;

    public ProtocolCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        this.serverCodec = new ServerMessageCodec(mapper);
    }

    public String encode(Request request) {
        ObjectNode n = mapper.createObjectNode();
        n.put(F_TYPE, request.type());
        n.put(F_ID, request.id());
        if (request instanceof Hello r) {
            n.put(F_VERSION, r.version());
            putIfSet(n, F_LANG, r.lang());
        } else if (request instanceof Login r) {
            if (r.version() != null) {
                n.put(F_VERSION, r.version());
            }
            n.put(F_AGENT_ID, r.agentId());
            n.put(F_PASSWORD, r.password());
            n.put(F_EXTENSION, r.extension());
            putIfSet(n, F_LANG, r.lang());
            putIfSet(n, F_SESSION_ID, r.sessionId());
            if (r.lastSeq() != null) {
                n.put(F_LAST_SEQ, r.lastSeq());
            }
        } else if (request instanceof NotReady r) {
            n.put(F_REASON, r.reason());
        } else if (request instanceof CompleteWrapUp r) {
            n.put(F_DISPOSITION, r.disposition());
            putIfSet(n, F_NOTES, r.notes());
            putIfSet(n, F_NEXT_REASON, r.nextReason());
        } else if (request instanceof SetLang r) {
            n.put(F_LANG, r.lang());
        } else {
            CallControlCodec.encode(n, request);
        }
        // Logout, Ready, Hangup, Ping, and the call and supervisor requests without fields: type and id only
        return write(n);
    }

    public String encode(ServerMessage message) {
        return write(serverCodec.toJson(message));
    }

    public Decoded<Request> decodeRequest(String text) {
        ObjectNode root;
        try {
            root = parseObject(text);
        } catch (FieldError e) {
            return new Decoded.Failed<>(null, e.code(), e.field());
        }
        String id = null;
        try {
            JsonFields f = new JsonFields(root);
            id = f.requiredCode(F_ID, MAX_ID_LENGTH);
            String type = f.requiredCode(F_TYPE, MAX_CODE_LENGTH);
            Request request = decodeRequest(type, id, f);
            return request == null ? new Decoded.Failed<>(id, ProtocolError.UNKNOWN_TYPE, type)
                    : new Decoded.Ok<>(request);
        } catch (FieldError e) {
            return new Decoded.Failed<>(id, e.code(), e.field());
        } catch (RuntimeException e) {
            return new Decoded.Failed<>(id, ProtocolError.BAD_JSON, String.valueOf(e.getMessage()));
        }
    }

    private static Request decodeRequest(String type, String id, JsonFields f) {
        switch (type) {
            case Hello.TYPE:
                return new Hello(id, f.requiredInt(F_VERSION), lang(f, F_LANG, false));
            case Login.TYPE:
                return new Login(id, f.optionalInt(F_VERSION), f.requiredCode(F_AGENT_ID, MAX_CODE_LENGTH),
                        f.requiredText(F_PASSWORD, MAX_PASSWORD_LENGTH), f.requiredCode(F_EXTENSION, MAX_CODE_LENGTH),
                        lang(f, F_LANG, false), f.optionalCode(F_SESSION_ID, MAX_CODE_LENGTH),
                        f.optionalNonNegativeLong(F_LAST_SEQ));
            case Logout.TYPE:
                return new Logout(id);
            case Ready.TYPE:
                return new Ready(id);
            case NotReady.TYPE:
                return new NotReady(id, f.requiredCode(F_REASON, MAX_CODE_LENGTH));
            case Hangup.TYPE:
                return new Hangup(id);
            case CompleteWrapUp.TYPE:
                return new CompleteWrapUp(id, f.requiredCode(F_DISPOSITION, MAX_CODE_LENGTH),
                        f.optionalText(F_NOTES, MAX_NOTES_LENGTH, true), f.optionalCode(F_NEXT_REASON, MAX_CODE_LENGTH));
            case SetLang.TYPE:
                return new SetLang(id, lang(f, F_LANG, true));
            case Ping.TYPE:
                return new Ping(id);
            default:
                return CallControlCodec.decode(type, id, f);
        }
    }

    private static String lang(JsonFields f, String field, boolean required) {
        String lang = required ? f.requiredCode(field, MAX_CODE_LENGTH) : f.optionalCode(field, MAX_CODE_LENGTH);
        if (lang != null && !Lang.isSupported(lang)) {
            throw new FieldError(ProtocolError.INVALID_FIELD, field);
        }
        return lang;
    }

    public Decoded<ServerMessage> decodeServerMessage(String text) {
        try {
            return new Decoded.Ok<>(serverCodec.fromJson(new JsonFields(parseObject(text))));
        } catch (FieldError e) {
            return new Decoded.Failed<>(null, e.code(), e.field());
        } catch (RuntimeException e) {
            return new Decoded.Failed<>(null, ProtocolError.BAD_JSON, String.valueOf(e.getMessage()));
        }
    }

    /** Parses text as a tree; used by tests and tools that want to compare JSON regardless of field order. */
    public JsonNode readTree(String text) {
        try {
            return parseObject(text);
        } catch (FieldError e) {
            throw new IllegalArgumentException(e.field());
        }
    }

    private ObjectNode parseObject(String text) {
        if (text == null) {
            throw new FieldError(ProtocolError.BAD_JSON, "no text");
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new FieldError(ProtocolError.BAD_JSON, "not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new FieldError(ProtocolError.BAD_JSON, "not a JSON object");
        }
        return (ObjectNode) node;
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // a tree of plain values always serialises; this would be a bug
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
