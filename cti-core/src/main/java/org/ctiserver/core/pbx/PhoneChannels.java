package org.ctiserver.core.pbx;

/**
 * Which phone a PBX channel is on, read from its name as Asterisk forms it: {@code <tech>/<device>-<sequence>} for
 * a real channel ({@code PJSIP/2001-0000000a} → {@code 2001}) and {@code Local/<exten>@<context>-<n>;<1|2>} for a
 * Local channel ({@code Local/2001@agents-00000001;1} → {@code 2001}). An agent's device is named after its
 * extension (see {@code docs/decisions/0007-call-control.md}). One rule for both sides of the PBX port: the
 * Asterisk adapter reads agents' phones out of events with it, and the engine reads the phone of a snapshot channel
 * that says nothing of it (the first channel of an Originate is its own linked id).
 */
public final class PhoneChannels {

    private PhoneChannels() {
    }

    /** The device part of {@code channel}; empty when the name has no technology prefix. */
    public static String extension(String channel) {
        if (channel == null) {
            return "";
        }
        int slash = channel.indexOf('/');
        if (slash <= 0 || slash == channel.length() - 1) {
            return "";
        }
        String rest = channel.substring(slash + 1);
        if (isLocal(channel)) {
            int at = rest.indexOf('@');
            if (at >= 0) {
                return rest.substring(0, at);
            }
            int semi = rest.indexOf(';');
            return semi < 0 ? rest : rest.substring(0, semi);
        }
        // <device>-<sequence>; the device may itself contain '-'
        int dash = rest.lastIndexOf('-');
        return dash > 0 && isSequence(rest, dash + 1) ? rest.substring(0, dash) : rest;
    }

    /** True when {@code channel} is a Local channel (the engine's Originates start with one on the agent's phone). */
    public static boolean isLocal(String channel) {
        return channel != null && channel.regionMatches(true, 0, "Local/", 0, 6);
    }

    /** True when {@code channel} is on the phone of {@code extension}. */
    public static boolean onPhone(String channel, String extension) {
        return extension != null && !extension.isEmpty() && extension.equals(extension(channel));
    }

    private static boolean isSequence(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
