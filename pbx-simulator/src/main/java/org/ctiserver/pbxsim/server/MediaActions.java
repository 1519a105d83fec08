package org.ctiserver.pbxsim.server;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.ctiserver.pbxsim.engine.Chan;
import org.ctiserver.pbxsim.engine.SimEngine;

import java.util.Locale;

import static org.ctiserver.pbxsim.server.ActionHandler.error;
import static org.ctiserver.pbxsim.server.ActionHandler.success;

/**
 * AMI actions on a channel's media: MixMonitor, MixMonitorMute, StopMixMonitor (trace 11: their Responses carry no
 * Message) and PlayDTMF (trace 13), with the error texts of trace 17.
 */
final class MediaActions {
    private final SimEngine engine;

    MediaActions(SimEngine engine) {
        this.engine = engine;
    }

    /** Returns false when the action is not one of these. */
    boolean handle(AmiSession s, String action, AmiMessage m, String id) {
        switch (action) {
            case "mixmonitor" -> mixMonitor(s, m, id);
            case "mixmonitormute" -> mute(s, m, id);
            case "stopmixmonitor" -> stop(s, m, id);
            case "playdtmf" -> playDtmf(s, m, id);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }

    private static AmiMessage bareSuccess(String id) {
        return AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id).build();
    }

    /** The channel named by {@code Channel}, or null after answering with the error. */
    private Chan channel(AmiSession s, AmiMessage m, String id) {
        String name = m.get("Channel");
        if (blank(name)) {
            s.respond(error(id, "No channel specified"));
            return null;
        }
        Chan c = engine.channel(name.trim());
        if (c == null) {
            s.respond(error(id, "No such channel"));
        }
        return c;
    }

    private void mixMonitor(AmiSession s, AmiMessage m, String id) {
        Chan c = channel(s, m, id);
        if (c == null) {
            return;
        }
        String file = m.get("File");
        if (blank(file)) {
            file = c.name().replace('/', '-') + "-" + c.uniqueid() + ".wav";
        }
        s.respond(bareSuccess(id));
        engine.mixMonitor(c, file.trim());
    }

    private void mute(AmiSession s, AmiMessage m, String id) {
        if (blank(m.get("Channel"))) {
            s.respond(error(id, "No channel specified"));
            return;
        }
        String direction = m.get("Direction");
        if (blank(direction)) {
            s.respond(error(id, "No direction specified. Must be read, write or both"));
            return;
        }
        String state = m.get("State");
        if (blank(state)) {
            s.respond(error(id, "No state specified"));
            return;
        }
        String d = direction.trim().toLowerCase(Locale.ROOT);
        if (!d.equals("read") && !d.equals("write") && !d.equals("both")) {
            s.respond(error(id, "Invalid direction specified. Must be read, write or both"));
            return;
        }
        Chan c = channel(s, m, id);
        if (c == null) {
            return;
        }
        if (!engine.mixMonitorMute(c, d, CallActions.isTrue(state))) {
            s.respond(error(id, "Cannot set mute flag"));
            return;
        }
        s.respond(bareSuccess(id));
    }

    private void stop(AmiSession s, AmiMessage m, String id) {
        Chan c = channel(s, m, id);
        if (c == null) {
            return;
        }
        if (!engine.stopMixMonitor(c)) {
            s.respond(error(id, "Could not stop monitoring channel"));
            return;
        }
        s.respond(bareSuccess(id));
    }

    private void playDtmf(AmiSession s, AmiMessage m, String id) {
        String name = m.get("Channel");
        Chan c = blank(name) ? null : engine.channel(name.trim());
        if (c == null) {
            s.respond(error(id, "Channel not found"));
            return;
        }
        String digit = m.get("Digit");
        if (blank(digit)) {
            s.respond(error(id, "No digit specified"));
            return;
        }
        long duration = 100;
        if (!blank(m.get("Duration"))) {
            try {
                duration = Math.max(0, Long.parseLong(m.get("Duration").trim()));
            } catch (NumberFormatException e) {
                duration = 100;
            }
        }
        s.respond(success(id, "DTMF successfully queued"));
        engine.playDtmf(c, digit.trim().substring(0, 1), duration, CallActions.isTrue(m.get("Receive")));
    }
}
