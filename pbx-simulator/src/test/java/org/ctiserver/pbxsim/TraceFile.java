package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiFrameParser;
import org.ctiserver.pbxsim.ami.AmiMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference trace ({@code .ami}): server frames with the client lines ({@code >>> }) removed, plus helpers
 * to compare event streams by structure rather than by ids and times.
 */
public final class TraceFile {
    /** Events the simulator leaves out on purpose: app_queue noise and CDRs. */
    static final Set<String> OMITTED = Set.of("Cdr", "QueueMemberStatus");
    /** Events whose position races with others in real Asterisk (README quirks 19, 20): compared as a multiset. */
    static final Set<String> RACY = Set.of("DeviceStateChange", "ExtensionStatus", "OriginateResponse");
    private static final Pattern LOCAL = Pattern.compile("Local/(\\d+)@(\\w+)(-[0-9a-f]{8})?(;[12])?");

    private final List<AmiMessage> frames;

    private TraceFile(List<AmiMessage> frames) {
        this.frames = frames;
    }

    public static TraceFile load(String name) throws IOException {
        try (InputStream in = TraceFile.class.getResourceAsStream("/ami-traces/" + name)) {
            if (in == null) {
                throw new IOException("no trace " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder server = new StringBuilder();
            for (String line : text.split("(?<=\r\n)")) {
                if (!line.startsWith(">>> ")) {
                    server.append(line);
                }
            }
            List<AmiMessage> out = new ArrayList<>();
            new AmiFrameParser(65536, 10_000, false).feed(server.toString().getBytes(StandardCharsets.UTF_8),
                    f -> out.add((AmiMessage) f));
            return new TraceFile(out);
        }
    }

    public List<AmiMessage> events() {
        List<AmiMessage> out = new ArrayList<>();
        for (AmiMessage m : frames) {
            if (m.isEvent()) {
                out.add(m);
            }
        }
        return out;
    }

    /** Events after the Response to {@code fromActionId} and before the Response to {@code toActionId} (null = end). */
    public List<AmiMessage> eventsBetween(String fromActionId, String toActionId) {
        List<AmiMessage> out = new ArrayList<>();
        boolean in = false;
        for (AmiMessage m : frames) {
            if (m.isResponse()) {
                if (fromActionId.equals(m.get("ActionID"))) {
                    in = true;
                } else if (toActionId != null && toActionId.equals(m.get("ActionID"))) {
                    break;
                }
            } else if (in && m.isEvent()) {
                out.add(m);
            }
        }
        return out;
    }

    /** Events a simulator must reproduce: without the omitted kinds and app_queue's {@code Queue:} device states. */
    static List<AmiMessage> comparable(Collection<AmiMessage> events) {
        List<AmiMessage> out = new ArrayList<>();
        for (AmiMessage e : events) {
            String n = e.eventName();
            if (OMITTED.contains(n) || ("DeviceStateChange".equals(n) && e.get("Device", "").startsWith("Queue:"))) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    /** Ordered lines for the events whose order is deterministic. */
    static List<String> orderedLines(Collection<AmiMessage> events) {
        List<String> out = new ArrayList<>();
        for (AmiMessage e : comparable(events)) {
            if (!RACY.contains(e.eventName())) {
                out.add(line(e));
            }
        }
        return out;
    }

    /** Ordered lines of the deterministic events per channel role (channel-less bridge events in one lane). */
    static Map<String, List<String>> lanes(Collection<AmiMessage> events) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (AmiMessage e : comparable(events)) {
            if (RACY.contains(e.eventName())) {
                continue;
            }
            String ch = e.get("Channel") != null ? e.get("Channel")
                    : e.get("DestChannel") != null ? e.get("DestChannel")
                    : e.get("TransfererChannel") != null ? e.get("TransfererChannel")
                    : e.get("LocalOneChannel") != null ? e.get("LocalOneChannel") : null;
            String lane = ch == null ? "(" + e.eventName().replaceAll("^(Bridge|Confbridge).*", "$1") + ")" : role(ch);
            out.computeIfAbsent(lane, k -> new ArrayList<>()).add(line(e));
        }
        return out;
    }

    /**
     * For each event that names a channel and a Linkedid, which channel (by role) that Linkedid belongs to, sorted:
     * the ids differ between runs, who is linked to whom must not (quirk 25).
     */
    static List<String> linkedidLines(Collection<AmiMessage> events) {
        Map<String, String> roleOfUniqueid = new LinkedHashMap<>();
        for (AmiMessage e : events) {
            if ("Newchannel".equals(e.eventName())) {
                roleOfUniqueid.put(e.get("Uniqueid"), role(e.get("Channel")));
            }
        }
        List<String> out = new ArrayList<>();
        for (AmiMessage e : comparable(events)) {
            String linked = e.get("Linkedid");
            if (e.get("Channel") != null && linked != null && !RACY.contains(e.eventName())) {
                out.add(line(e) + " linked to " + roleOfUniqueid.getOrDefault(linked, "(before the trace)"));
            }
        }
        out.sort(null);
        return out;
    }

    /** Channel names and the sequence part of their Uniqueids, in order of creation (both restart with the PBX). */
    static List<String> uniqueidLines(Collection<AmiMessage> events) {
        List<String> out = new ArrayList<>();
        for (AmiMessage e : events) {
            if ("Newchannel".equals(e.eventName())) {
                String u = e.get("Uniqueid");
                String ch = e.get("Channel");
                out.add(ch.replaceAll("^Local/\\d+@", "Local/N@") + " " + u.substring(u.indexOf('.') + 1));
            }
        }
        return out;
    }

    /** Sorted lines for the racy events. */
    static List<String> racyLines(Collection<AmiMessage> events) {
        List<String> out = new ArrayList<>();
        for (AmiMessage e : comparable(events)) {
            if (RACY.contains(e.eventName())) {
                out.add(line(e));
            }
        }
        out.sort(null);
        return out;
    }

    /** Event name -> the distinct header-name lists seen for it. */
    static Map<String, Set<List<String>>> headerShapes(Collection<AmiMessage> events) {
        Map<String, Set<List<String>>> out = new LinkedHashMap<>();
        for (AmiMessage e : comparable(events)) {
            out.computeIfAbsent(e.eventName(), k -> new LinkedHashSet<>()).add(e.keys());
        }
        return out;
    }

    /** An event reduced to what must match: name, channel role and the fields that carry meaning. */
    static String line(AmiMessage e) {
        String n = e.eventName();
        StringBuilder sb = new StringBuilder(n);
        String ch = e.get("Channel");
        if (ch != null) {
            sb.append(' ').append(role(ch));
        }
        if (e.get("DestChannel") != null) {
            sb.append(" -> ").append(role(e.get("DestChannel")));
        }
        switch (n) {
            case "Newexten" -> sb.append(' ').append(e.get("Context")).append('/').append(e.get("Priority"))
                    .append(' ').append(e.get("Application"));
            case "VarSet" -> sb.append(' ').append(e.get("Variable"));
            case "DialBegin", "DialState", "DialEnd" -> sb.append(' ').append(e.get("DialStatus", ""));
            case "Hangup", "HangupRequest", "SoftHangupRequest" -> sb.append(" cause=").append(e.get("Cause"));
            case "UserEvent" -> sb.append(' ').append(e.get("UserEvent"));
            case "Newstate" -> sb.append(' ').append(e.get("ChannelStateDesc"));
            case "DeviceStateChange" -> sb.append(' ').append(role(e.get("Device"))).append(' ').append(e.get("State"));
            case "ExtensionStatus" -> sb.append(' ').append(e.get("Exten")).append(' ').append(e.get("Status"));
            case "OriginateResponse" -> sb.append(' ').append(e.get("Response")).append(" reason=").append(e.get("Reason"));
            case "BridgeEnter", "BridgeLeave", "BridgeCreate", "BridgeDestroy" ->
                    sb.append(" n=").append(e.get("BridgeNumChannels"));
            default -> {
            }
        }
        return sb.toString();
    }

    /** {@code Local/9003@callers-00000000;1} -> {@code callers;1}; the caller's number and counters do not matter. */
    static String role(String channel) {
        Matcher m = LOCAL.matcher(channel);
        if (!m.matches()) {
            return channel;
        }
        String ctx = m.group(2);
        String who = ctx.equals("agents") ? "agent" + m.group(1) : ctx;
        return m.group(4) == null ? who + "(device)" : who + m.group(4);
    }
}
