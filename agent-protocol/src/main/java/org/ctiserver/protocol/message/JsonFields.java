package org.ctiserver.protocol.message;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Typed, checked reads of one JSON object's fields; a bad field throws {@link FieldError}. */
final class JsonFields {
    private final ObjectNode node;

    JsonFields(ObjectNode node) {
        this.node = node;
    }

    /** A field problem, caught by the codec and turned into {@link Decoded.Failed}; no stack trace needed. */
    static final class FieldError extends RuntimeException {
        private final ProtocolError code;
        private final String field;

        FieldError(ProtocolError code, String field) {
            super(code + " " + field, null, false, false);
            this.code = code;
            this.field = field;
        }

        ProtocolError code() {
            return code;
        }

        String field() {
            return field;
        }
    }

    private JsonNode present(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A text that must be there and not blank, without control characters. */
    String requiredCode(String name, int maxLength) {
        String v = optionalText(name, maxLength, false);
        if (v == null || v.isBlank()) {
            throw new FieldError(ProtocolError.MISSING_FIELD, name);
        }
        return v;
    }

    /** A text that must be there and not empty; any characters allowed (passwords). */
    String requiredText(String name, int maxLength) {
        String v = optionalText(name, maxLength, true);
        if (v == null || v.isEmpty()) {
            throw new FieldError(ProtocolError.MISSING_FIELD, name);
        }
        return v;
    }

    /** An optional code-like text: null when absent, blank is refused. */
    String optionalCode(String name, int maxLength) {
        String v = optionalText(name, maxLength, false);
        if (v != null && v.isBlank()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        return v;
    }

    String optionalText(String name, int maxLength, boolean controlAllowed) {
        JsonNode v = present(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        String text = v.textValue();
        if (text.length() > maxLength || !controlAllowed && hasControl(text)) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        return text;
    }

    /** Lenient text for server messages: null when absent. */
    String text(String name) {
        return optionalText(name, Integer.MAX_VALUE, true);
    }

    Integer optionalInt(String name) {
        JsonNode v = present(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        return v.intValue();
    }

    int requiredInt(String name) {
        Integer v = optionalInt(name);
        if (v == null) {
            throw new FieldError(ProtocolError.MISSING_FIELD, name);
        }
        return v;
    }

    long requiredLong(String name) {
        JsonNode v = present(name);
        if (v == null) {
            throw new FieldError(ProtocolError.MISSING_FIELD, name);
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        return v.longValue();
    }

    /** An optional count: null when absent, refused when negative. */
    Long optionalNonNegativeLong(String name) {
        if (present(name) == null) {
            return null;
        }
        long v = requiredLong(name);
        if (v < 0) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        return v;
    }

    /** A number that defaults to 0 when absent. */
    long optionalLong(String name) {
        return present(name) == null ? 0L : requiredLong(name);
    }

    boolean requiredBoolean(String name) {
        JsonNode v = present(name);
        if (v == null) {
            throw new FieldError(ProtocolError.MISSING_FIELD, name);
        }
        if (!v.isBoolean()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        return v.booleanValue();
    }

    boolean optionalBoolean(String name) {
        return present(name) != null && requiredBoolean(name);
    }

    <E extends Enum<E>> E optionalEnum(String name, Class<E> type) {
        String v = optionalText(name, 64, false);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
    }

    <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        E v = optionalEnum(name, type);
        if (v == null) {
            throw new FieldError(ProtocolError.MISSING_FIELD, name);
        }
        return v;
    }

    /** A flat object of texts; other scalar values are kept as their JSON text. */
    Map<String, String> stringMap(String name) {
        JsonNode v = present(name);
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new FieldError(ProtocolError.INVALID_FIELD, name);
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(),
                e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        return out;
    }

    ObjectNode object() {
        return node;
    }

    JsonNode node(String name) {
        return present(name);
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
