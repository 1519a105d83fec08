package org.ctiserver.adapter.asterisk;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The headers of one AMI frame, read-only, in wire order, decoded lazily: the frame's bytes are kept as they came
 * and a value becomes a {@code String} only when it is asked for, so that the many events the translator ignores
 * cost one array copy and no string. A repeated header reads as its first occurrence (as in the traces' reference
 * reader). {@link #get} matches the exact name first, then without regard to ASCII case (Asterisk's own rule for
 * header names); iteration, {@code size}, {@code equals} and {@code hashCode} see the materialised map.
 * Immutable once built, so safe to keep and to share between threads.
 */
final class AmiFields extends AbstractMap<String, String> {
    private final byte[] data;
    /** Four ints per header: key start, key end, value start, value end (offsets into {@link #data}). */
    private final int[] offs;
    private final int count;
    private volatile Map<String, String> materialised;

    AmiFields(byte[] data, int[] offs, int count) {
        this.data = data;
        this.offs = offs;
        this.count = count;
    }

    /** A frame made from alternating keys and values (synthetic responses, tests). */
    static AmiFields of(String... keysAndValues) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n = keysAndValues.length / 2;
        int[] offs = new int[n * 4];
        for (int i = 0; i < n; i++) {
            offs[i * 4] = out.size();
            out.writeBytes(keysAndValues[i * 2].getBytes(StandardCharsets.UTF_8));
            offs[i * 4 + 1] = out.size();
            out.writeBytes(": ".getBytes(StandardCharsets.US_ASCII));
            offs[i * 4 + 2] = out.size();
            out.writeBytes(keysAndValues[i * 2 + 1].getBytes(StandardCharsets.UTF_8));
            offs[i * 4 + 3] = out.size();
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return new AmiFields(out.toByteArray(), offs, n);
    }

    /** Number of header lines, repeated ones included. */
    int headerCount() {
        return count;
    }

    String key(int i) {
        return decode(offs[i * 4], offs[i * 4 + 1]);
    }

    String value(int i) {
        return decode(offs[i * 4 + 2], offs[i * 4 + 3]);
    }

    /** Value {@code i} through a cache of recurring short values (event names): no allocation on a hit. */
    String value(int i, NameCache cache) {
        return cache.get(data, offs[i * 4 + 2], offs[i * 4 + 3]);
    }

    /** Strings for recurring byte sequences; single-threaded (one per event loop or connection). */
    static final class NameCache {
        private static final int SIZE = 512;
        private final byte[][] keys = new byte[SIZE][];
        private final String[] values = new String[SIZE];

        String get(byte[] data, int s, int e) {
            int len = e - s;
            if (len > 64) {
                return new String(data, s, len, StandardCharsets.UTF_8);
            }
            int h = 1;
            for (int k = s; k < e; k++) {
                h = 31 * h + data[k];
            }
            int slot = (h ^ (h >>> 16)) & (SIZE - 1);
            byte[] key = keys[slot];
            if (key != null && Arrays.equals(key, 0, key.length, data, s, e)) {
                return values[slot];
            }
            String v = new String(data, s, len, StandardCharsets.UTF_8);
            keys[slot] = Arrays.copyOfRange(data, s, e);
            values[slot] = v;
            return v;
        }
    }

    /** Whether header {@code i} is named {@code name}, ignoring ASCII case, without decoding anything. */
    boolean keyIs(int i, String name) {
        int s = offs[i * 4];
        int e = offs[i * 4 + 1];
        return e - s == name.length() && regionEquals(s, name, true);
    }

    /** Whether the first header is {@code name} and its value is {@code value}, ignoring ASCII case. */
    boolean valueIs(int i, String value) {
        int s = offs[i * 4 + 2];
        int e = trimEnd(s, offs[i * 4 + 3]);
        return e - s == value.length() && regionEquals(s, value, true);
    }

    /** Index of the first header named {@code name} (exact case, then any case), or -1. */
    int indexOf(String name) {
        for (int i = 0; i < count; i++) {
            int s = offs[i * 4];
            if (offs[i * 4 + 1] - s == name.length() && regionEquals(s, name, false)) {
                return i;
            }
        }
        for (int i = 0; i < count; i++) {
            if (keyIs(i, name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index of the first header whose name holds a non-ASCII byte and equals {@code name} by
     * {@link String#equalsIgnoreCase}, or -1: what a case-insensitive search adds to {@link #indexOf}.
     */
    int indexOfNonAsciiKey(String name) {
        for (int i = 0; i < count; i++) {
            int s = offs[i * 4];
            int e = offs[i * 4 + 1];
            for (int k = s; k < e; k++) {
                if (data[k] < 0) {
                    if (name.equalsIgnoreCase(decode(s, e))) {
                        return i;
                    }
                    break;
                }
            }
        }
        return -1;
    }

    @Override
    public String get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        int i = indexOf(name);
        return i < 0 ? null : value(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return materialise().entrySet();
    }

    private Map<String, String> materialise() {
        Map<String, String> m = materialised;
        if (m == null) {
            LinkedHashMap<String, String> built = new LinkedHashMap<>(Math.max(4, count * 2));
            for (int i = 0; i < count; i++) {
                built.putIfAbsent(key(i), value(i));
            }
            m = Collections.unmodifiableMap(built);
            materialised = m;
        }
        return m;
    }

    private boolean regionEquals(int start, String s, boolean ignoreCase) {
        for (int k = 0, n = s.length(); k < n; k++) {
            int b = data[start + k] & 0xff;
            int c = s.charAt(k);
            if (b != c) {
                if (!ignoreCase || toLower(b) != toLower(c)) {
                    return false;
                }
            }
        }
        return true;
    }

    private int trimEnd(int s, int e) {
        while (e > s && data[e - 1] == ' ') {
            e--;
        }
        return e;
    }

    private static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private String decode(int s, int e) {
        return new String(data, s, e - s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AmiFields" + materialise();
    }

    /** For tests: the frame's bytes and offsets are what they should be. */
    int[] offsets() {
        return Arrays.copyOf(offs, count * 4);
    }
}
