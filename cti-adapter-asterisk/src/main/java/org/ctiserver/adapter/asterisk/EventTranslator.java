package org.ctiserver.adapter.asterisk;

import org.asteriskjava.manager.event.DeviceStateChangeEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DialStateEvent;
import org.asteriskjava.manager.event.ExtensionStatusEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.ctiserver.core.pbx.PbxEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Asterisk-Java events to {@link PbxEvent}: the few event objects the core cares about are read back into
 * AMI header form and handed to {@link AmiEventTranslator}, so that one translation serves every transport.
 * Reads only the getters the translator needs; other events give nothing without allocating.
 */
final class EventTranslator {

    /** An AMI event in wire form: its name and its headers. */
    record AmiFrame(String name, Map<String, String> fields) {
    }

    private EventTranslator() {
    }

    static Optional<PbxEvent> translate(ManagerEvent event) {
        AmiFrame frame = toFrame(event);
        return frame == null ? Optional.empty() : AmiEventTranslator.translate(frame.name(), frame.fields());
    }

    /** The event in wire form, or null when it means nothing to the core. */
    static AmiFrame toFrame(ManagerEvent event) {
        // exact classes: Asterisk-Java also emits a legacy DialEvent (the parent of DialEndEvent) for DialBegin
        if (event instanceof CtiUserEvent user) {
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "UserEvent", user.getUserEventName());
            put(f, "Channel", user.getChannel());
            put(f, "Uniqueid", user.getUniqueId());
            put(f, "CallerIDNum", user.getCallerIdNum());
            put(f, "CallerIDName", user.getCallerIdName());
            user.putFields(f);
            return new AmiFrame("UserEvent", f);
        }
        if (event.getClass() == DialStateEvent.class) {
            DialStateEvent e = (DialStateEvent) event;
            Map<String, String> f = dialFields(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e.getDestChannel(),
                    e.getDestUniqueId(), e.getDestExten(), e.getDestCallerIdNum());
            put(f, "DialStatus", e.getDialStatus());
            return new AmiFrame("DialState", f);
        }
        if (event.getClass() == DialEndEvent.class) {
            DialEndEvent e = (DialEndEvent) event;
            Map<String, String> f = dialFields(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e.getDestChannel(),
                    e.getDestUniqueId(), e.getDestExten(), e.getDestCallerIdNum());
            put(f, "DialString", e.getDialString());
            put(f, "DialStatus", e.getDialStatus());
            return new AmiFrame("DialEnd", f);
        }
        if (event.getClass() == HangupEvent.class) {
            HangupEvent e = (HangupEvent) event;
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "Channel", e.getChannel());
            put(f, "Uniqueid", e.getUniqueId());
            put(f, "Linkedid", e.getLinkedId());
            put(f, "Cause", e.getCause() == null ? null : e.getCause().toString());
            // Asterisk-Java reads the value "Unknown" (cause 0, ast_cause2str) as null, like "<unknown>"
            put(f, "Cause-txt", e.getCauseTxt() == null && e.getCause() != null ? "Unknown" : e.getCauseTxt());
            return new AmiFrame("Hangup", f);
        }
        if (event instanceof DeviceStateChangeEvent e) {
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "Device", e.getDevice());
            put(f, "State", e.getState());
            return new AmiFrame("DeviceStateChange", f);
        }
        if (event instanceof ExtensionStatusEvent e) {
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "Exten", e.getExten());
            put(f, "Context", e.getContext());
            put(f, "Hint", e.getHint());
            put(f, "Status", e.getStatus() == null ? null : e.getStatus().toString());
            put(f, "StatusText", e.getStatustext());
            return new AmiFrame("ExtensionStatus", f);
        }
        return CallControlFrames.toFrame(event);
    }

    /** The caller's and the callee's channel fields that DialState and DialEnd share (no common getter type). */
    private static Map<String, String> dialFields(String channel, String uniqueId, String linkedId, String destChannel,
                                                  String destUniqueId, String destExten, String destCallerIdNum) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "Channel", channel);
        put(f, "Uniqueid", uniqueId);
        put(f, "Linkedid", linkedId);
        put(f, "DestChannel", destChannel);
        put(f, "DestUniqueid", destUniqueId);
        put(f, "DestExten", destExten);
        put(f, "DestCallerIDNum", destCallerIdNum);
        return f;
    }

    static void put(Map<String, String> f, String name, String value) {
        if (value != null) {
            f.put(name, value);
        }
    }
}
