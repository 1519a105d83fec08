package org.ctiserver.adapter.asterisk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMI action in wire form, so that the adapter does not depend on one AMI library: its name, its ordered
 * headers, the channel variables an {@code Originate} sets (one {@code Variable: name=value} header each), and the
 * engine's request id when the events the action causes must be matched to it.
 *
 * <p>ActionID: the transport assigns its own id and appends {@code #<requestId>} when there is a request id
 * ({@code cti1-42#r-7}); Asterisk-Java does the same with its internal id ({@code 12345_6#r-7}). Events that carry
 * the ActionID back ({@code OriginateResponse}) thus give the request id as the part after the first {@code #}
 * ({@link AmiEventTranslator#requestId}).
 */
record AmiAction(String name, Map<String, String> headers, Map<String, String> variables, String requestId) {

    static final String REDIRECT = "Redirect";
    static final String HANGUP = "Hangup";
    static final String PING = "Ping";
    static final String CORE_SHOW_CHANNELS = "CoreShowChannels";
    static final String STATUS = "Status";
    static final String BRIDGE = "Bridge";
    static final String ORIGINATE = "Originate";
    static final String MIX_MONITOR = "MixMonitor";
    static final String MIX_MONITOR_MUTE = "MixMonitorMute";
    static final String STOP_MIX_MONITOR = "StopMixMonitor";
    static final String PLAY_DTMF = "PlayDTMF";
    static final String SETVAR = "Setvar";

    AmiAction {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        requestId = requestId == null ? "" : requestId;
    }

    AmiAction(String name, Map<String, String> headers) {
        this(name, headers, Map.of(), "");
    }

    String header(String key) {
        return headers.get(key);
    }

    static AmiAction redirect(String channel, String context, String exten, int priority) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel", channel);
        h.put("Context", context);
        h.put("Exten", exten);
        h.put("Priority", Integer.toString(priority));
        return new AmiAction(REDIRECT, h);
    }

    static AmiAction hangup(String channel) {
        return new AmiAction(HANGUP, Map.of("Channel", channel));
    }

    static AmiAction ping() {
        return new AmiAction(PING, Map.of());
    }

    static AmiAction coreShowChannels() {
        return new AmiAction(CORE_SHOW_CHANNELS, Map.of());
    }

    /** The integer header {@code key}, or {@code fallback} when it is absent or no number. */
    int intHeader(String key, int fallback) {
        String v = headers.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException notANumber) {
            return fallback;
        }
    }
}
