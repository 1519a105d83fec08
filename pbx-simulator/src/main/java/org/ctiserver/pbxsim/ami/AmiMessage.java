package org.ctiserver.pbxsim.ami;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An AMI frame as an ordered multi-map: keys may repeat ({@code Variable}, {@code Output}) and the order is
 * the wire order, which matters because Asterisk's field order is part of what the simulator reproduces.
 */
public record AmiMessage(List<AmiHeader> headers) implements AmiFrame {

    public AmiMessage {
        headers = List.copyOf(headers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a message from alternating keys and values. */
    public static AmiMessage of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of key/value strings");
        }
        Builder b = builder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.add(keysAndValues[i], keysAndValues[i + 1]);
        }
        return b.build();
    }

    /** First value of the key (case-insensitive), or null. */
    public String get(String key) {
        for (AmiHeader h : headers) {
            if (h.key().equalsIgnoreCase(key)) {
                return h.value();
            }
        }
        return null;
    }

    /** First value of the key, or the fallback when absent. */
    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public List<String> getAll(String key) {
        List<String> out = new ArrayList<>();
        for (AmiHeader h : headers) {
            if (h.key().equalsIgnoreCase(key)) {
                out.add(h.value());
            }
        }
        return out;
    }

    public boolean has(String key) {
        return get(key) != null;
    }

    public List<String> keys() {
        List<String> out = new ArrayList<>(headers.size());
        for (AmiHeader h : headers) {
            out.add(h.key());
        }
        return out;
    }

    public int size() {
        return headers.size();
    }

    /** Value of {@code Event}, or null for responses and actions. */
    public String eventName() {
        return get("Event");
    }

    public String action() {
        return get("Action");
    }

    public boolean isEvent() {
        return !headers.isEmpty() && headers.get(0).key().equalsIgnoreCase("Event");
    }

    public boolean isResponse() {
        return !headers.isEmpty() && headers.get(0).key().equalsIgnoreCase("Response");
    }

    /** Wire form: {@code Key: Value\r\n} per header and a closing {@code \r\n}. CR and LF in values become spaces. */
    public byte[] toBytes() {
        return toWireString().getBytes(StandardCharsets.UTF_8);
    }

    public String toWireString() {
        StringBuilder sb = new StringBuilder(32 * headers.size() + 2);
        for (AmiHeader h : headers) {
            appendClean(sb, h.key());
            sb.append(": ");
            appendClean(sb, h.value());
            sb.append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static void appendClean(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '\r' || c == '\n' ? ' ' : c);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AmiMessage{");
        for (int i = 0; i < headers.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(headers.get(i).key()).append('=').append(headers.get(i).value());
        }
        return sb.append('}').toString();
    }

    public static final class Builder {
        private final List<AmiHeader> headers = new ArrayList<>(24);

        public Builder add(String key, String value) {
            headers.add(new AmiHeader(key, value == null ? "" : value));
            return this;
        }

        public Builder add(String key, long value) {
            return add(key, Long.toString(value));
        }

        /** Adds the header only when the value is not null. */
        public Builder addIfPresent(String key, String value) {
            if (value != null) {
                add(key, value);
            }
            return this;
        }

        public Builder addAll(List<AmiHeader> more) {
            headers.addAll(more);
            return this;
        }

        public int size() {
            return headers.size();
        }

        public AmiMessage build() {
            return new AmiMessage(headers);
        }
    }
}
