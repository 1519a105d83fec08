package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PhoneState;

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
    public static final String AMD_RESULT = "CtiAmdResult";

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

    /** A name and its lower-case form; immutable, so a racy slot write publishes it safely. */
    private record Lowered(String name, String lower) {
    }

    /** Recent event names, lower-cased: the same few names recur, so most calls allocate nothing. */
    private static final Lowered[] LOWERED = new Lowered[256];

    private static String lowerCase(String eventName) {
        int h = eventName.hashCode();
        int slot = (h ^ (h >>> 16)) & (LOWERED.length - 1);
        Lowered l = LOWERED[slot];
        if (l != null && l.name.equals(eventName)) {
            return l.lower;
        }
        String lower = eventName.toLowerCase(Locale.ROOT);
        if (eventName.length() <= 64) { // a bounded cache: a long name is not worth a slot
            LOWERED[slot] = new Lowered(eventName, lower);
        }
        return lower;
    }

    public static Optional<PbxEvent> translate(String eventName, Map<String, String> fields) {
        return translate(eventName, fields, AmiInputStats.NONE);
    }

    /**
     * Translates one event; an event the core reads that lacks a field it needs, a {@code Cti*} UserEvent of an
     * unknown name, and a frame without an event name are counted in {@code stats} (and give nothing). Never throws.
     */
    public static Optional<PbxEvent> translate(String eventName, Map<String, String> fields, AmiInputStats stats) {
        if (eventName == null || eventName.isBlank() || fields == null) {
            stats.count(AmiInputStats.Kind.UNKNOWN_EVENT, "event without a name");
            return Optional.empty();
        }
        try {
            return switchOn(eventName, fields, stats);
        } catch (RuntimeException e) {
            stats.count(AmiInputStats.Kind.TRANSLATION_FAILED, eventName + ": " + e);
            return Optional.empty();
        }
    }

    private static Optional<PbxEvent> switchOn(String eventName, Map<String, String> fields, AmiInputStats stats) {
        String name = lowerCase(eventName);
        Optional<PbxEvent> event = switch (name) {
            case "userevent" -> userEvent(fields, stats);
            case "bridgeenter" -> CallControlEvents.bridgeEnter(fields);
            case "musiconholdstart" -> CallControlEvents.musicOnHold(fields, true);
            case "musiconholdstop" -> CallControlEvents.musicOnHold(fields, false);
            case "originateresponse" -> CallControlEvents.originateResponse(fields);
            case "mixmonitorstart" -> CallControlEvents.recording(fields, RecordingAction.START);
            case "mixmonitorstop" -> CallControlEvents.recording(fields, RecordingAction.STOP);
            case "mixmonitormute" -> CallControlEvents.mixMonitorMute(fields);
            case "chanspystart" -> CallControlEvents.spy(fields, true);
            case "chanspystop" -> CallControlEvents.spy(fields, false);
            case "dtmfend" -> CallControlEvents.dtmfEnd(fields);
            case "confbridgejoin" -> CallControlEvents.conference(fields, true);
            case "confbridgeleave" -> CallControlEvents.conference(fields, false);
            case "blindtransfer" -> CallControlEvents.blindTransfer(fields);
            case "attendedtransfer" -> CallControlEvents.attendedTransfer(fields);
            default -> null;
        };
        if (event != null) {
            if (event.isEmpty()) {
                String missing = CallControlEvents.missingField(eventName, fields);
                if (missing != null) {
                    stats.count(AmiInputStats.Kind.MISSING_FIELD, eventName + " without " + missing);
                }
            }
            return event;
        }
        switch (name) {
            case "dialstate":
                return dialState(fields);
            case "dialend":
                return dialEnd(fields);
            case "hangup":
                if (get(fields, "Uniqueid").isEmpty()) {
                    stats.count(AmiInputStats.Kind.MISSING_FIELD, "Hangup without Uniqueid");
                }
                return hangup(fields);
            case "devicestatechange":
                return deviceStateChange(fields);
            case "extensionstatus":
                return extensionStatus(fields);
            default:
                return Optional.empty();
        }
    }

    private static Optional<PbxEvent> userEvent(Map<String, String> f, AmiInputStats stats) {
        String name = get(f, "UserEvent");
        if (name.equalsIgnoreCase(AMD_RESULT)) {
            return CallControlEvents.amdResult(f);
        }
        if (name.regionMatches(true, 0, "Cti", 0, 3) && !name.equalsIgnoreCase(CALL_WAITING)
                && !name.equalsIgnoreCase(CALL_REQUEUED)) {
            stats.count(AmiInputStats.Kind.UNKNOWN_EVENT, "UserEvent " + name + " is no CTI event this adapter knows");
            return Optional.empty();
        }
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

    /**
     * {@code DeviceStateChange} of an agent's phone (live, or an item of {@code DeviceStateList}). Devices that are
     * no phone (queues, custom states, callers) give nothing; see {@link ChannelNames#deviceExtension}.
     */
    private static Optional<PbxEvent> deviceStateChange(Map<String, String> f) {
        String device = get(f, "Device");
        String extension = ChannelNames.deviceExtension(device);
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.PhoneStateChanged(extension, deviceState(get(f, "State")), device));
    }

    /** Asterisk's device states (ast_devstate_str): NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, ... */
    static PhoneState deviceState(String state) {
        switch (state.toUpperCase(Locale.ROOT)) {
            case "NOT_INUSE":
                return PhoneState.IDLE;
            case "INUSE":
            case "RINGINUSE":
                return PhoneState.IN_USE;
            case "BUSY":
                return PhoneState.BUSY;
            case "RINGING":
                return PhoneState.RINGING;
            case "ONHOLD":
                return PhoneState.ON_HOLD;
            case "UNAVAILABLE":
                return PhoneState.UNAVAILABLE;
            default:
                return PhoneState.UNKNOWN; // UNKNOWN, INVALID, anything newer
        }
    }

    /**
     * {@code ExtensionStatus} of a hint: the extension is the hint's ({@code Exten}), by the convention that an agent's
     * hint is named after the extension ({@code exten => 2001,hint,PJSIP/2001}).
     */
    private static Optional<PbxEvent> extensionStatus(Map<String, String> f) {
        String exten = get(f, "Exten");
        if (exten.isEmpty()) {
            return Optional.empty();
        }
        String context = get(f, "Context");
        return Optional.of(new PbxEvent.PhoneStateChanged(exten, hintState(get(f, "Status"), get(f, "StatusText")),
                context.isEmpty() ? exten : exten + "@" + context));
    }

    /**
     * Asterisk's extension states (a bit set: 1 InUse, 2 Busy, 4 Unavailable, 8 Ringing, 16 OnHold; -1 no hint,
     * -2 removed), from {@code Status}, else from {@code StatusText}.
     */
    static PhoneState hintState(String status, String statusText) {
        int code;
        try {
            code = status.isEmpty() || status.length() > 6 ? Integer.MIN_VALUE : Integer.parseInt(status);
        } catch (NumberFormatException notANumber) {
            code = Integer.MIN_VALUE;
        }
        if (code == Integer.MIN_VALUE) {
            return hintStateText(statusText);
        }
        if (code < 0) {
            return PhoneState.UNKNOWN;
        }
        if (code == 0) {
            return PhoneState.IDLE;
        }
        if ((code & 4) != 0) {
            return PhoneState.UNAVAILABLE;
        }
        if ((code & 2) != 0) {
            return PhoneState.BUSY;
        }
        if ((code & 16) != 0) {
            return PhoneState.ON_HOLD;
        }
        if ((code & 1) != 0) {
            return PhoneState.IN_USE; // InUse, and InUse&Ringing
        }
        if ((code & 8) != 0) {
            return PhoneState.RINGING;
        }
        return PhoneState.UNKNOWN;
    }

    private static PhoneState hintStateText(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("idle")) {
            return PhoneState.IDLE;
        } else if (t.startsWith("unavailable")) {
            return PhoneState.UNAVAILABLE;
        } else if (t.startsWith("busy")) {
            return PhoneState.BUSY;
        } else if (t.equals("hold") || t.equals("onhold")) {
            return PhoneState.ON_HOLD;
        } else if (t.startsWith("inuse")) {
            return PhoneState.IN_USE;
        } else if (t.startsWith("ringing")) {
            return PhoneState.RINGING;
        }
        return PhoneState.UNKNOWN;
    }

    private static String agentExtension(Map<String, String> f) {
        return ChannelNames.agentExtension(get(f, "DestChannel"), get(f, "DestExten"), get(f, "DialString"),
                get(f, "DestCallerIDNum"));
    }

    /** The route point sends the caller channel's id as CallUid: a body "Uniqueid" would clash with the snapshot's. */
    private static String callUid(Map<String, String> f) {
        return firstNonEmpty(get(f, "CallUid"), get(f, "Uniqueid"));
    }

    static int parseCause(String cause) {
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
        if (value == null && f instanceof AmiFields frame && isAscii(name)) {
            // AmiFields.get has matched every ASCII header name already: only the others are left to compare,
            // without building the frame's map (most lookups of an absent header end here)
            int i = frame.indexOfNonAsciiKey(name);
            return clean(i < 0 ? null : frame.value(i));
        }
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

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        return v.equals("<unknown>") ? "" : v;
    }

    static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
