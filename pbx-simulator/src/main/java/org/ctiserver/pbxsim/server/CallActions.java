package org.ctiserver.pbxsim.server;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.ctiserver.pbxsim.engine.Chan;
import org.ctiserver.pbxsim.engine.OriginateRequest;
import org.ctiserver.pbxsim.engine.SimEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static org.ctiserver.pbxsim.server.ActionHandler.error;
import static org.ctiserver.pbxsim.server.ActionHandler.success;

/** AMI actions on channels and calls, with Asterisk 22's validation order and messages (trace 17). */
final class CallActions {
    private final SimEngine engine;

    CallActions(SimEngine engine) {
        this.engine = engine;
    }

    /** Returns false when the action is not one of these. */
    boolean handle(AmiSession s, String action, AmiMessage m, String id) {
        switch (action) {
            case "redirect" -> redirect(s, m, id);
            case "hangup" -> hangup(s, m, id);
            case "originate" -> originate(s, m, id);
            case "coreshowchannels" -> list(s, id, "Channels will follow", "CoreShowChannelsComplete",
                    engine.coreShowChannelItems(id), false);
            case "status" -> status(s, m, id);
            case "getvar" -> getvar(s, m, id);
            case "setvar" -> setvar(s, m, id);
            case "extensionstate" -> extensionState(s, m, id);
            case "extensionstatelist" -> list(s, id, "Extension Statuses will follow", "ExtensionStateListComplete",
                    engine.extensionStateItems(id), false);
            case "devicestatelist" -> list(s, id, "Device State Changes will follow", "DeviceStateListComplete",
                    engine.deviceStateItems(id), false);
            case "bridgelist" -> list(s, id, "Bridge listing will follow", "BridgeListComplete",
                    engine.bridgeListItems(id), false);
            case "bridgeinfo" -> bridgeInfo(s, m, id);
            case "bridge" -> bridge(s, m, id);
            case "confbridgelist" -> confbridgeList(s, m, id);
            case "confbridgelistrooms" -> {
                List<AmiMessage> rooms = engine.confbridgeRooms(id);
                if (rooms.isEmpty()) {
                    s.respond(error(id, "No active conferences."));
                } else {
                    list(s, id, "Confbridge conferences will follow", "ConfbridgeListRoomsComplete", rooms, false);
                }
            }
            case "blindtransfer" -> blindTransfer(s, m, id);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }

    private void list(AmiSession s, String id, String message, String complete, List<AmiMessage> items, boolean itemsField) {
        s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                .add("EventList", "start").add("Message", message).build());
        for (AmiMessage item : items) {
            s.write(item);
        }
        AmiMessage.Builder done = AmiMessage.builder().add("Event", complete).addIfPresent("ActionID", id)
                .add("EventList", "Complete").add("ListItems", items.size());
        if (itemsField) {
            done.add("Items", items.size());
        }
        s.write(done.build());
    }

    private void redirect(AmiSession s, AmiMessage m, String id) {
        String name = m.get("Channel");
        String context = m.get("Context");
        String exten = m.get("Exten");
        String priority = m.get("Priority");
        if (blank(name)) {
            s.respond(error(id, "Channel not specified"));
            return;
        }
        if (blank(context)) {
            s.respond(error(id, "Context not specified"));
            return;
        }
        if (blank(exten)) {
            s.respond(error(id, "Exten not specified"));
            return;
        }
        if (blank(priority)) {
            s.respond(error(id, "Priority not specified"));
            return;
        }
        int p = engine.priorityOf(context.trim(), exten.trim(), priority);
        if (p < 1) {
            s.respond(error(id, "Priority is invalid"));
            return;
        }
        Chan c = engine.channel(name.trim());
        if (c == null) {
            s.respond(error(id, "Channel does not exist: " + name.trim()));
            return;
        }
        String extraName = m.get("ExtraChannel");
        Chan extra = null;
        if (!blank(extraName)) {
            extra = engine.channel(extraName.trim());
            if (extra == null) {
                s.respond(error(id, "ExtraChannel does not exist: " + extraName.trim()));
                return;
            }
        }
        s.respond(success(id, extra == null ? "Redirect successful" : "Dual Redirect successful"));
        if (extra != null) {
            String ec = m.get("ExtraContext", context).trim();
            String ee = m.get("ExtraExten", exten).trim();
            int ep = engine.priorityOf(ec, ee, m.get("ExtraPriority", priority));
            engine.dualRedirect(c, context.trim(), exten.trim(), p, extra, ec, ee, Math.max(ep, 1));
        } else {
            engine.redirect(c, context.trim(), exten.trim(), p);
        }
    }

    private void hangup(AmiSession s, AmiMessage m, String id) {
        String name = m.get("Channel");
        if (blank(name)) {
            s.respond(error(id, "No channel specified"));
            return;
        }
        int cause = 16;
        String causeText = m.get("Cause");
        if (!blank(causeText)) {
            try {
                cause = Integer.parseInt(causeText.trim());
            } catch (NumberFormatException e) {
                s.respond(error(id, "Invalid cause"));
                return;
            }
        }
        String n = name.trim();
        if (n.length() > 2 && n.startsWith("/") && n.endsWith("/")) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(n.substring(1, n.length() - 1));
            } catch (PatternSyntaxException e) {
                s.respond(error(id, "Regex compile failed on: " + n));
                return;
            }
            List<Chan> matched = engine.channelsMatching(pattern);
            List<AmiMessage> items = new ArrayList<>();
            for (Chan c : matched) {
                items.add(AmiMessage.builder().add("Event", "ChannelHungup").add("Channel", c.name())
                        .addIfPresent("ActionID", id).build());
            }
            list(s, id, "Channels hung up will follow", "ChannelsHungupListComplete", items, false);
            for (Chan c : matched) {
                engine.hangup(c, cause);
            }
            return;
        }
        Chan c = engine.channel(n);
        if (c == null) {
            s.respond(error(id, "No such channel"));
            return;
        }
        s.respond(success(id, "Channel Hungup"));
        engine.hangup(c, cause);
    }

    private void originate(AmiSession s, AmiMessage m, String id) {
        String channel = m.get("Channel");
        String context = m.get("Context");
        String exten = m.get("Exten");
        String priority = m.get("Priority");
        String app = m.get("Application");
        String timeout = m.get("Timeout");
        if (blank(channel)) {
            s.respond(error(id, "Channel not specified"));
            return;
        }
        int p = 1;
        if (!blank(priority)) {
            p = engine.priorityOf(context, exten, priority);
            if (p < 1) {
                s.respond(error(id, "Invalid priority"));
                return;
            }
        }
        long timeoutMs = 30000;
        if (!blank(timeout)) {
            try {
                timeoutMs = Long.parseLong(timeout.trim());
            } catch (NumberFormatException e) {
                s.respond(error(id, "Invalid timeout"));
                return;
            }
        }
        String ch = channel.trim();
        if (ch.indexOf('/') <= 0) {
            s.respond(error(id, "Invalid channel"));
            return;
        }
        if (blank(app)) {
            if (!blank(exten) && (blank(context) || blank(priority))) {
                s.respond(error(id, "Originate with 'Exten' requires 'Context' and 'Priority'"));
                return;
            }
            if (!engine.extensionExists(blank(context) ? "default" : context.trim(), blank(exten) ? "s" : exten.trim())) {
                s.respond(error(id, "Extension does not exist."));
                return;
            }
        }
        String[] cid = parseCallerId(m.get("CallerID"));
        List<String[]> vars = new ArrayList<>();
        for (String v : m.getAll("Variable")) {
            for (String part : v.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    vars.add(new String[] {part.substring(0, eq).trim(), part.substring(eq + 1)});
                }
            }
        }
        boolean async = isTrue(m.get("Async"));
        if (async) {
            s.respond(success(id, "Originate successfully queued"));
            engine.originate(new OriginateRequest(ch, trimOrNull(context), trimOrNull(exten), p, trimOrNull(app),
                    m.get("Data"), cid[0], cid[1], timeoutMs, id, vars, null));
        } else {
            s.blockForSync();
            engine.originate(new OriginateRequest(ch, trimOrNull(context), trimOrNull(exten), p, trimOrNull(app),
                    m.get("Data"), cid[0], cid[1], timeoutMs, id, vars,
                    ok -> s.finishSync(ok ? success(id, "Originate successfully queued") : error(id, "Originate failed"))));
        }
    }

    private static String trimOrNull(String v) {
        return blank(v) ? null : v.trim();
    }

    static boolean isTrue(String v) {
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "y", "t", "1", "on" -> true;
            default -> false;
        };
    }

    /** {@code "Name" <number>}, {@code Name <number>} or a bare number: {number, name}; nulls when absent. */
    static String[] parseCallerId(String text) {
        if (blank(text)) {
            return new String[] {null, null};
        }
        String t = text.trim();
        int lt = t.lastIndexOf('<');
        int gt = t.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String num = t.substring(lt + 1, gt).trim();
            String name = t.substring(0, lt).trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return new String[] {num, name.isEmpty() ? Chan.UNKNOWN : name};
        }
        if (t.matches("[0-9+*#]+")) {
            return new String[] {t, Chan.UNKNOWN};
        }
        return new String[] {Chan.UNKNOWN, t};
    }

    private void status(AmiSession s, AmiMessage m, String id) {
        String name = m.get("Channel");
        Chan only = null;
        if (!blank(name)) {
            only = engine.channel(name.trim());
            if (only == null) {
                s.respond(error(id, "No such channel"));
                return;
            }
        }
        List<String> variables = new ArrayList<>();
        if (!blank(m.get("Variables"))) {
            for (String v : m.get("Variables").split(",")) {
                if (!v.isBlank()) {
                    variables.add(v.trim());
                }
            }
        }
        list(s, id, "Channel status will follow", "StatusComplete", engine.statusItems(id, only, variables), true);
    }

    private void getvar(AmiSession s, AmiMessage m, String id) {
        String var = m.get("Variable");
        if (blank(var)) {
            s.respond(error(id, "No variable specified"));
            return;
        }
        Chan c = null;
        if (!blank(m.get("Channel"))) {
            c = engine.channel(m.get("Channel").trim());
            if (c == null) {
                s.respond(error(id, "No such channel"));
                return;
            }
        }
        String value = engine.getVar(c, var.trim());
        s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                .add("Variable", var.trim()).add("Value", value == null ? "" : value).build());
    }

    private void setvar(AmiSession s, AmiMessage m, String id) {
        String var = m.get("Variable");
        if (blank(var)) {
            s.respond(error(id, "No variable specified"));
            return;
        }
        Chan c = null;
        if (!blank(m.get("Channel"))) {
            c = engine.channel(m.get("Channel").trim());
            if (c == null) {
                s.respond(error(id, "No such channel"));
                return;
            }
        }
        s.respond(success(id, "Variable Set"));
        engine.setVar(c, var.trim(), m.get("Value", ""));
    }

    /** Bridge Channel1 Channel2 (trace 07 resume, 09b consultation completed; messages of trace 17). */
    private void bridge(AmiSession s, AmiMessage m, String id) {
        String n1 = m.get("Channel1");
        String n2 = m.get("Channel2");
        if (blank(n1) || blank(n2)) {
            s.respond(error(id, "Missing channel parameter in request"));
            return;
        }
        Chan c1 = engine.channel(n1.trim());
        if (c1 == null) {
            s.respond(error(id, "Channel1 does not exist: " + n1.trim()));
            return;
        }
        Chan c2 = engine.channel(n2.trim());
        if (c2 == null) {
            s.respond(error(id, "Channel2 does not exist: " + n2.trim()));
            return;
        }
        String err = engine.bridge(c1, c2);
        s.respond(err == null ? success(id, "Channels have been bridged") : error(id, err));
    }

    private void confbridgeList(AmiSession s, AmiMessage m, String id) {
        String room = m.get("Conference");
        if (blank(room)) {
            s.respond(error(id, "No Conference name provided."));
            return;
        }
        List<AmiMessage> items = engine.confbridgeList(id, room.trim());
        if (items == null || items.isEmpty()) {
            s.respond(error(id, "No active conferences."));
            return;
        }
        list(s, id, "Confbridge user list will follow", "ConfbridgeListComplete", items, false);
    }

    /** BlindTransfer Channel Context Exten (trace 08b; not bridged: Transfer invalid, trace 17). */
    private void blindTransfer(AmiSession s, AmiMessage m, String id) {
        String name = m.get("Channel");
        String exten = m.get("Exten");
        if (blank(name)) {
            s.respond(error(id, "No channel specified"));
            return;
        }
        if (blank(exten)) {
            s.respond(error(id, "No extension specified"));
            return;
        }
        Chan c = engine.channel(name.trim());
        if (c == null) {
            s.respond(error(id, "Channel specified does not exist"));
            return;
        }
        String context = blank(m.get("Context")) ? c.context() : m.get("Context").trim();
        boolean ok = engine.blindTransfer(c, context, exten.trim());
        s.respond(ok ? success(id, "Transfer succeeded") : error(id, "Transfer invalid"));
    }

    private void bridgeInfo(AmiSession s, AmiMessage m, String id) {
        String bridge = m.get("BridgeUniqueid");
        if (blank(bridge)) {
            s.respond(error(id, "BridgeUniqueid must be provided"));
            return;
        }
        List<AmiMessage> items = engine.bridgeInfo(id, bridge.trim());
        if (items == null) {
            s.respond(error(id, "Bridge " + bridge.trim() + " not found"));
            return;
        }
        s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                .add("EventList", "start").add("Message", "Bridge channel listing will follow").build());
        items.forEach(s::write);
    }

    private void extensionState(AmiSession s, AmiMessage m, String id) {
        String exten = m.get("Exten", "");
        String context = m.get("Context", "default");
        String[] st = engine.extensionState(exten.trim(), context.trim());
        s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                .add("Message", "Extension Status").add("Exten", exten).add("Context", context)
                .add("Hint", st[0]).add("Status", st[1]).add("StatusText", st[2]).build());
    }
}
