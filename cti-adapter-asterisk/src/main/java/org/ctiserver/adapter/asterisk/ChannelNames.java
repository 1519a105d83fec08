package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PhoneChannels;

/**
 * Reads the agent's extension out of Asterisk channel names and dial strings.
 * Convention (see {@code asterisk/README.md}): an agent's PJSIP endpoint is named after the extension.
 */
final class ChannelNames {

    private ChannelNames() {
    }

    /**
     * The device part of a channel name: {@code Local/2001@agents-00000001;1} → {@code 2001},
     * {@code PJSIP/2001-0000000a} → {@code 2001}, {@code SIP/agent-7-00000003} → {@code agent-7}.
     * Empty when the name has no technology prefix.
     */
    static String resource(String channel) {
        return PhoneChannels.extension(channel); // the engine reads snapshot channels by the same rule
    }

    /**
     * The called number of a Dial string: {@code 2001@agents} → {@code 2001}, {@code PJSIP/2001} → {@code 2001},
     * {@code 2001/sip:2001@10.0.0.5} → {@code 2001}.
     */
    static String dialStringTarget(String dialString) {
        if (dialString == null || dialString.isBlank()) {
            return "";
        }
        String s = dialString.trim();
        int slash = s.indexOf('/');
        if (slash > 0 && s.substring(0, slash).chars().allMatch(Character::isLetterOrDigit)
                && !s.substring(0, slash).chars().allMatch(Character::isDigit)) {
            s = s.substring(slash + 1); // drop a technology prefix
            slash = s.indexOf('/');
        }
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        int at = s.indexOf('@');
        return at >= 0 ? s.substring(0, at) : s;
    }

    /**
     * The agent's extension for a dial event, from the most to the least reliable source: the callee channel's
     * device (present in DialBegin, DialState and DialEnd alike, so they agree), then the callee's dialplan
     * extension (empty in DialEnd, {@code s} for some channel drivers), the dial string, the callee caller id.
     */
    static String agentExtension(String destChannel, String destExten, String dialString, String destCallerIdNum) {
        String fromChannel = resource(destChannel);
        if (!fromChannel.isEmpty()) {
            return fromChannel;
        }
        if (destExten != null && !destExten.isBlank() && !destExten.equals("s")) {
            return destExten.trim();
        }
        String fromDial = dialStringTarget(dialString);
        if (!fromDial.isEmpty()) {
            return fromDial;
        }
        return destCallerIdNum == null ? "" : destCallerIdNum.trim();
    }

    /**
     * The extension of an agent's phone from its device name (a device is a channel name without the
     * {@code -0000001} suffix): {@code PJSIP/2001} → {@code 2001}, {@code Local/2001@agents} → {@code 2001},
     * {@code SIP/2001} → {@code 2001}. Empty for what is no phone: devices of other kinds ({@code Queue:sales_avail},
     * {@code Custom:agent2001}, {@code Queue:sales_pause_Local/2001@agents}), Local devices of the lab's callers and
     * external numbers ({@code Local/9001@callers}, {@code Local/5550001@pstn}), a trunk's channel suffix, blanks.
     */
    static String deviceExtension(String device) {
        if (device == null) {
            return "";
        }
        String d = device.trim();
        int slash = d.indexOf('/');
        if (slash <= 0 || slash == d.length() - 1) {
            return "";
        }
        String tech = d.substring(0, slash);
        if (!tech.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
            return ""; // Queue:..., Custom:..., anything with a ':' before the '/'
        }
        if (tech.equalsIgnoreCase("Local")) {
            String rest = stripLocalSuffix(d.substring(slash + 1));
            int at = rest.indexOf('@');
            String context = at < 0 ? "" : rest.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
            if (context.startsWith("callers") || context.startsWith("pstn")) {
                return "";
            }
            return (at < 0 ? rest : rest.substring(0, at)).trim();
        }
        // a device has no -<sequence> suffix to strip (PJSIP/agent-7 is agent-7)
        String ext = d.substring(slash + 1).trim();
        return ext.indexOf(';') >= 0 || ext.indexOf('@') >= 0 || ext.indexOf('/') >= 0 ? "" : ext;
    }

    private static String stripLocalSuffix(String rest) {
        int semi = rest.indexOf(';');
        return semi < 0 ? rest : rest.substring(0, semi);
    }
}
