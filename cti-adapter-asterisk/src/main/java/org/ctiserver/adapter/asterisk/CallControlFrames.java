package org.ctiserver.adapter.asterisk;

import org.asteriskjava.manager.event.AbstractConfbridgeEvent;
import org.asteriskjava.manager.event.AbstractMixMonitorEvent;
import org.asteriskjava.manager.event.AttendedTransferEvent;
import org.asteriskjava.manager.event.BlindTransferEvent;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.ChanSpyStartEvent;
import org.asteriskjava.manager.event.ChanSpyStopEvent;
import org.asteriskjava.manager.event.ConfbridgeJoinEvent;
import org.asteriskjava.manager.event.ConfbridgeLeaveEvent;
import org.asteriskjava.manager.event.DtmfEndEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.MixMonitorStartEvent;
import org.asteriskjava.manager.event.MixMonitorStopEvent;
import org.asteriskjava.manager.event.MusicOnHoldEvent;
import org.asteriskjava.manager.event.MusicOnHoldStartEvent;
import org.asteriskjava.manager.event.MusicOnHoldStopEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.ctiserver.adapter.asterisk.EventTranslator.put;

/**
 * The call-control events of Asterisk-Java read back into AMI header form for {@link AmiEventTranslator}
 * (the counterpart of {@link CallControlEvents}). {@code MixMonitorMute} has no Asterisk-Java class: the adapter
 * registers {@link MixMonitorMuteEvent}.
 */
final class CallControlFrames {

    private CallControlFrames() {
    }

    static EventTranslator.AmiFrame toFrame(ManagerEvent event) {
        if (event instanceof BridgeEnterEvent e) {
            Map<String, String> f = channel(e.getChannel(), e.getUniqueId(), e.getLinkedId());
            put(f, "BridgeUniqueid", e.getBridgeUniqueId());
            put(f, "BridgeNumChannels", e.getBridgeNumChannels() == null ? null : e.getBridgeNumChannels().toString());
            return new EventTranslator.AmiFrame("BridgeEnter", f);
        }
        if (event instanceof MusicOnHoldStartEvent || event instanceof MusicOnHoldStopEvent) {
            MusicOnHoldEvent e = (MusicOnHoldEvent) event;
            return new EventTranslator.AmiFrame(event instanceof MusicOnHoldStartEvent ? "MusicOnHoldStart"
                    : "MusicOnHoldStop", channel(e.getChannel(), e.getUniqueId(), e.getLinkedId()));
        }
        if (event instanceof OriginateResponseEvent e) {
            if (e.getActionId() == null) {
                // Asterisk-Java cuts its internal id ("<id>#") off the ActionID and gives null when there was none:
                // the Originate was another AMI client's, nothing the engine asked for
                return null;
            }
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "ActionID", e.getActionId());
            put(f, "Response", e.getResponse());
            put(f, "Channel", e.getChannel());
            put(f, "Reason", e.getReason() == null ? null : e.getReason().toString());
            put(f, "Uniqueid", e.getUniqueId());
            return new EventTranslator.AmiFrame("OriginateResponse", f);
        }
        if (event instanceof MixMonitorStartEvent || event instanceof MixMonitorStopEvent) {
            AbstractMixMonitorEvent e = (AbstractMixMonitorEvent) event;
            return new EventTranslator.AmiFrame(event instanceof MixMonitorStartEvent ? "MixMonitorStart"
                    : "MixMonitorStop", channel(e.getChannel(), e.getUniqueId(), e.getLinkedId()));
        }
        if (event instanceof MixMonitorMuteEvent e) {
            Map<String, String> f = channel(e.getChannel(), e.getUniqueId(), e.getLinkedId());
            put(f, "Direction", e.getDirection());
            put(f, "State", e.getState());
            return new EventTranslator.AmiFrame("MixMonitorMute", f);
        }
        if (event instanceof ChanSpyStartEvent e) {
            return spy("ChanSpyStart", e.getSpyerChannel(), e.getSpyeeChannel());
        }
        if (event instanceof ChanSpyStopEvent e) {
            return spy("ChanSpyStop", e.getSpyerChannel(), e.getSpyeeChannel());
        }
        if (event instanceof DtmfEndEvent e) {
            Map<String, String> f = channel(e.getChannel(), e.getUniqueId(), e.getLinkedId());
            put(f, "Digit", e.getDigit());
            put(f, "Direction", e.getDirection());
            return new EventTranslator.AmiFrame("DTMFEnd", f);
        }
        if (event instanceof ConfbridgeJoinEvent || event instanceof ConfbridgeLeaveEvent) {
            AbstractConfbridgeEvent e = (AbstractConfbridgeEvent) event;
            Map<String, String> f = channel(e.getChannel(), e.getUniqueId(), e.getLinkedId());
            put(f, "Conference", e.getConference());
            return new EventTranslator.AmiFrame(event instanceof ConfbridgeJoinEvent ? "ConfbridgeJoin"
                    : "ConfbridgeLeave", f);
        }
        if (event instanceof BlindTransferEvent e) {
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "Result", e.getResult());
            put(f, "TransfererChannel", e.getTransfererChannel());
            put(f, "TransfereeUniqueid", e.getTransfereeUniqueId());
            put(f, "Extension", e.getExtension());
            return new EventTranslator.AmiFrame("BlindTransfer", f);
        }
        if (event instanceof AttendedTransferEvent e) {
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "Result", e.getResult());
            put(f, "OrigTransfererChannel", e.getOrigTransfererChannel());
            put(f, "TransfereeUniqueid", e.getTransfereeUniqueid());
            return new EventTranslator.AmiFrame("AttendedTransfer", f);
        }
        return null;
    }

    private static Map<String, String> channel(String channel, String uniqueId, String linkedId) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "Channel", channel);
        put(f, "Uniqueid", uniqueId);
        put(f, "Linkedid", linkedId);
        return f;
    }

    private static EventTranslator.AmiFrame spy(String name, String spyer, String spyee) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "SpyerChannel", spyer);
        put(f, "SpyeeChannel", spyee);
        return new EventTranslator.AmiFrame(name, f);
    }
}
