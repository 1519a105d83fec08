package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMI action in wire form (its name and ordered headers, ActionID excepted: the transport assigns it),
 * so that the adapter does not depend on one AMI library.
 */
record AmiAction(String name, Map<String, String> headers) {

    static final String REDIRECT = "Redirect";
    static final String HANGUP = "Hangup";
    static final String PING = "Ping";
    static final String CORE_SHOW_CHANNELS = "CoreShowChannels";
    static final String STATUS = "Status";

    AmiAction {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
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

    /** {@code Status} of one channel with some of its variables ({@code Variables: A,B,C}). */
    static AmiAction status(String channel, java.util.List<String> variables) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel", channel);
        h.put("Variables", String.join(",", variables));
        return new AmiAction(STATUS, h);
    }

    /** The action that carries out an engine command. */
    static AmiAction forCommand(PbxCommand command, String agentDialContext) {
        if (command instanceof PbxCommand.RouteToAgent route) {
            // priority 1 of <agentDialContext>,<agent extension>: the dialplan dials the agent and requeues on failure
            return redirect(route.channel(), agentDialContext, route.agentExtension(), 1);
        }
        if (command instanceof PbxCommand.HangupCall hangup) {
            return hangup(hangup.channel());
        }
        throw new IllegalArgumentException("no AMI action for " + command);
    }
}
