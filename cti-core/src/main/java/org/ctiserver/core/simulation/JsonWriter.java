package org.ctiserver.core.simulation;

import java.util.Locale;

/** A minimal streaming JSON writer (the core has no JSON library): objects, arrays, strings, numbers. */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private boolean needComma;

    JsonWriter beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    JsonWriter beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    JsonWriter name(String name) {
        comma();
        string(name);
        out.append(':');
        needComma = false;
        return this;
    }

    JsonWriter value(String s) {
        comma();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        needComma = true;
        return this;
    }

    JsonWriter value(long v) {
        comma();
        out.append(v);
        needComma = true;
        return this;
    }

    /** Rounded to 4 decimals so output is stable; NaN and infinities become null. */
    JsonWriter value(double v) {
        comma();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            out.append("null");
        } else {
            String s = String.format(Locale.ROOT, "%.4f", v);
            s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
            out.append(s.equals("-0") ? "0" : s);
        }
        needComma = true;
        return this;
    }

    JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, double v) {
        return name(name).value(v);
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
