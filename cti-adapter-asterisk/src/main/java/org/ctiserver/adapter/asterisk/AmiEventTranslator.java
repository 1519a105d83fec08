package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxEvent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure, stateless translation of one AMI event (its name and its headers, as sent on the wire) into the
 * core's {@link PbxEvent}. Events that mean nothing to the core give {@link Optional#empty()}; no input
 * makes it throw. Header names are matched without regard to case, and {@code <unknown>} counts as empty
 * (Asterisk-Java turns both "" and "<unknown>" into null, so both transports read the same).
 */
public final class AmiEventTranslator {

    public static final String CALL_WAITING = "CtiCallWaiting";
    public static final String CALL_REQUEUED = "CtiCallRequeued";

    /** Headers of the channel snapshot and the frame itself: never part of a route point's call data. */
    private static final Set<String> FRAME_HEADERS = caseInsensitive(
            "Event", "Privilege", "Timestamp", "SystemName", "ActionID", "UserEvent",
            "Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName",
            "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode", "Context", "Exten",
            "Priority", "Uniqueid", "Linkedid", "File", "Line", "Func", "SequenceNumber");

    /** Route-point fields that CallWaiting carries in its own components. */
    private static final Set<String> CALL_WAITING_FIELDS = caseInsensitive(
            "Queue", "CallerNumber", "CallerName", "DialedNumber", "Skills", "CallUid");

    private AmiEventTranslator() {
    }

    public static Optional<PbxEvent> translate(String eventName, Map<String, String> fields) {
        if (eventName == null || fields == null) {
            return Optional.empty();
        }
        switch (eventName.toLowerCase(Locale.ROOT)) {
            case "userevent":
                return userEvent(fields);
            case "dialstate":
                return dialState(fields);
            case "dialend":
                return dialEnd(fields);
            case "hangup":
                return hangup(fields);
            default:
                return Optional.empty();
        }
    }

    private static Optional<PbxEvent> userEvent(Map<String, String> f) {
        String name = get(f, "UserEvent");
        if (name.equalsIgnoreCase(CALL_WAITING)) {
            return callWaiting(f);
        }
        if (name.equalsIgnoreCase(CALL_REQUEUED)) {
            String callId = callUid(f);
            String channel = get(f, "Channel");
            if (callId.isEmpty() || channel.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PbxEvent.CallRequeued(callId, channel, get(f, "LastAgent"), get(f, "DialStatus")));
        }
        return Optional.empty();
    }

    private static Optional<PbxEvent> callWaiting(Map<String, String> f) {
        String callId = callUid(f);
        String channel = get(f, "Channel");
        // the UserEvent *action* echoes its headers with no channel: nothing the engine could route
        if (callId.isEmpty() || channel.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : f.entrySet()) {
            String key = e.getKey();
            String value = clean(e.getValue());
            if (key != null && !value.isEmpty() && !FRAME_HEADERS.contains(key) && !CALL_WAITING_FIELDS.contains(key)) {
                data.putIfAbsent(key, value);
            }
        }
        return Optional.of(new PbxEvent.CallWaiting(callId, channel, get(f, "Queue"),
                firstNonEmpty(get(f, "CallerNumber"), get(f, "CallerIDNum")),
                firstNonEmpty(get(f, "CallerName"), get(f, "CallerIDName")),
                get(f, "DialedNumber"), get(f, "Skills"), data));
    }

    private static Optional<PbxEvent> dialState(Map<String, String> f) {
        String callId = get(f, "Uniqueid");
        String agentChannel = get(f, "DestChannel");
        // no Channel: a dial without a calling channel (Originate, Atxfer target): not a routed call
        if (!get(f, "DialStatus").equalsIgnoreCase("RINGING") || get(f, "Channel").isEmpty()
                || callId.isEmpty() || agentChannel.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.AgentRinging(callId, agentChannel, agentExtension(f)));
    }

    private static Optional<PbxEvent> dialEnd(Map<String, String> f) {
        String callId = get(f, "Uniqueid");
        String agentChannel = get(f, "DestChannel");
        String status = get(f, "DialStatus").toUpperCase(Locale.ROOT);
        if (get(f, "Channel").isEmpty() || callId.isEmpty() || agentChannel.isEmpty() || status.isEmpty()) {
            return Optional.empty();
        }
        String extension = agentExtension(f);
        if (status.equals("ANSWER")) {
            return Optional.of(new PbxEvent.AgentAnswered(callId, agentChannel, extension));
        }
        return Optional.of(new PbxEvent.AgentDialFailed(callId, agentChannel, extension, status));
    }

    private static Optional<PbxEvent> hangup(Map<String, String> f) {
        String uniqueId = get(f, "Uniqueid");
        if (uniqueId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.ChannelHungUp(uniqueId, get(f, "Linkedid"), get(f, "Channel"),
                parseCause(get(f, "Cause")), get(f, "Cause-txt")));
    }

    private static String agentExtension(Map<String, String> f) {
        return ChannelNames.agentExtension(get(f, "DestChannel"), get(f, "DestExten"), get(f, "DialString"),
                get(f, "DestCallerIDNum"));
    }

    /** The route point sends the caller channel's id as CallUid: a body "Uniqueid" would clash with the snapshot's. */
    private static String callUid(Map<String, String> f) {
        return firstNonEmpty(get(f, "CallUid"), get(f, "Uniqueid"));
    }

    private static int parseCause(String cause) {
        if (cause.isEmpty() || cause.length() > 9) {
            return 0;
        }
        try {
            return Integer.parseInt(cause);
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    /** The header's value, trimmed; "" when absent, empty or {@code <unknown>}. Exact name first, then any case. */
    static String get(Map<String, String> f, String name) {
        String value = f.get(name);
        if (value == null) {
            for (Map.Entry<String, String> e : f.entrySet()) {
                if (name.equalsIgnoreCase(e.getKey())) {
                    value = e.getValue();
                    break;
                }
            }
        }
        return clean(value);
    }

    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        return v.equals("<unknown>") ? "" : v;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
