package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxEvent;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.ctiserver.adapter.asterisk.AmiEventTranslator.get;

/**
 * The call-control part of {@link AmiEventTranslator}: bridges, hold music, originate outcomes, AMD, recording,
 * supervision, DTMF, conferences and transfers made on a phone (docs/decisions/0007-call-control.md). Stateless like
 * the rest of the translation: the engine decides which channel is whose.
 */
final class CallControlEvents {

    private CallControlEvents() {
    }

    static Optional<PbxEvent> bridgeEnter(Map<String, String> f) {
        String uniqueId = get(f, "Uniqueid");
        String bridgeId = get(f, "BridgeUniqueid");
        if (uniqueId.isEmpty() || bridgeId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.ChannelBridged(uniqueId, get(f, "Linkedid"), get(f, "Channel"), bridgeId,
                Math.max(0, AmiEventTranslator.parseCause(get(f, "BridgeNumChannels")))));
    }

    static Optional<PbxEvent> musicOnHold(Map<String, String> f, boolean started) {
        String uniqueId = get(f, "Uniqueid");
        if (uniqueId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.MusicOnHold(uniqueId, get(f, "Linkedid"), get(f, "Channel"), started));
    }

    /**
     * {@code OriginateResponse}: the request id is the ActionID after its first {@code #} (the transports put their
     * own id before it), or the whole ActionID. A failure has {@code Uniqueid: <unknown>} and the dial string as
     * {@code Channel} (trace 14).
     */
    static Optional<PbxEvent> originateResponse(Map<String, String> f) {
        String requestId = requestId(get(f, "ActionID"));
        if (requestId.isEmpty()) {
            return Optional.empty();
        }
        String reasonText = get(f, "Reason");
        int reason;
        if (reasonText.isEmpty()) {
            reason = get(f, "Response").equalsIgnoreCase("Success") ? 4 : 0;
        } else {
            reason = AmiEventTranslator.parseCause(reasonText);
        }
        return Optional.of(new PbxEvent.OriginateResult(requestId, get(f, "Uniqueid"), get(f, "Channel"),
                PbxEvent.OriginateOutcome.ofReason(reason), reason));
    }

    /** The engine's request id in an ActionID: what follows the first {@code #}, else the whole id. */
    static String requestId(String actionId) {
        int hash = actionId.indexOf('#');
        return hash < 0 ? actionId : actionId.substring(hash + 1).trim();
    }

    static Optional<PbxEvent> amdResult(Map<String, String> f) {
        String uniqueId = get(f, "Uniqueid");
        String channel = get(f, "Channel");
        // the UserEvent action echoes its headers without a channel: no call to report on
        if (uniqueId.isEmpty() || channel.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.AmdResult(uniqueId, channel, PbxEvent.AmdStatus.of(get(f, "AmdStatus")),
                get(f, "AmdCause")));
    }

    static Optional<PbxEvent> recording(Map<String, String> f, RecordingAction action) {
        String uniqueId = get(f, "Uniqueid");
        if (uniqueId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.RecordingChanged(uniqueId, get(f, "Channel"), action));
    }

    /**
     * {@code MixMonitorMute}: {@code State: 1} pauses, {@code 0} resumes. Only a mute of both directions (what the
     * adapter sends) counts: muting one side (trace 11, {@code Direction: read}) keeps the other one recorded.
     */
    static Optional<PbxEvent> mixMonitorMute(Map<String, String> f) {
        String uniqueId = get(f, "Uniqueid");
        String direction = get(f, "Direction");
        String state = get(f, "State");
        if (uniqueId.isEmpty() || !(direction.isEmpty() || direction.equalsIgnoreCase("both"))) {
            return Optional.empty();
        }
        if (state.equals("1") || state.equalsIgnoreCase("yes") || state.equalsIgnoreCase("true")) {
            return Optional.of(new PbxEvent.RecordingChanged(uniqueId, get(f, "Channel"), RecordingAction.PAUSE));
        }
        if (state.equals("0") || state.equalsIgnoreCase("no") || state.equalsIgnoreCase("false")) {
            return Optional.of(new PbxEvent.RecordingChanged(uniqueId, get(f, "Channel"), RecordingAction.RESUME));
        }
        return Optional.empty();
    }

    static Optional<PbxEvent> spy(Map<String, String> f, boolean started) {
        String spyer = get(f, "SpyerChannel");
        String spyee = get(f, "SpyeeChannel");
        if (spyer.isEmpty() || spyee.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.SpyChanged(spyer, spyee, started));
    }

    /**
     * {@code DTMFEnd} of a digit the channel received. The {@code ;2} half of a Local channel is the far end's side
     * (digits the CTI played to the caller arrive there, trace 13): not a key the caller pressed.
     */
    static Optional<PbxEvent> dtmfEnd(Map<String, String> f) {
        String uniqueId = get(f, "Uniqueid");
        String digit = get(f, "Digit");
        String channel = get(f, "Channel");
        if (uniqueId.isEmpty() || digit.isEmpty() || !get(f, "Direction").equalsIgnoreCase("Received")
                || isLocalSecondHalf(channel)) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.DtmfReceived(uniqueId, get(f, "Linkedid"), channel, digit));
    }

    static Optional<PbxEvent> conference(Map<String, String> f, boolean joined) {
        String room = get(f, "Conference");
        String uniqueId = get(f, "Uniqueid");
        if (room.isEmpty() || uniqueId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.ConferenceChanged(room, uniqueId, get(f, "Linkedid"), get(f, "Channel"), joined));
    }

    /** {@code BlindTransfer} made on a phone; a failed one ({@code Result: Invalid}, trace 17) gives nothing. */
    static Optional<PbxEvent> blindTransfer(Map<String, String> f) {
        String transferee = get(f, "TransfereeUniqueid");
        if (!get(f, "Result").equalsIgnoreCase("Success") || transferee.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.PhoneTransferred(transferee, get(f, "TransfererChannel"), get(f, "Extension"),
                false));
    }

    static Optional<PbxEvent> attendedTransfer(Map<String, String> f) {
        String transferee = get(f, "TransfereeUniqueid");
        if (!get(f, "Result").equalsIgnoreCase("Success") || transferee.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent.PhoneTransferred(transferee, get(f, "OrigTransfererChannel"), "", true));
    }

    /**
     * For an event of a name this class translates that gave nothing: the field whose absence is bad input, or null
     * when the event was legitimately of no interest (a one-sided mute, a digit sent, a failed transfer).
     */
    static String missingField(String eventName, Map<String, String> f) {
        return switch (eventName.toLowerCase(Locale.ROOT)) {
            case "bridgeenter" -> firstMissing(f, "Uniqueid", "BridgeUniqueid");
            case "musiconholdstart", "musiconholdstop", "mixmonitorstart", "mixmonitorstop", "mixmonitormute" ->
                    firstMissing(f, "Uniqueid");
            case "originateresponse" -> requestId(get(f, "ActionID")).isEmpty() ? "ActionID" : null;
            case "chanspystart", "chanspystop" -> firstMissing(f, "SpyerChannel", "SpyeeChannel");
            case "dtmfend" -> firstMissing(f, "Uniqueid", "Digit");
            case "confbridgejoin", "confbridgeleave" -> firstMissing(f, "Conference", "Uniqueid");
            case "blindtransfer", "attendedtransfer" ->
                    get(f, "Result").equalsIgnoreCase("Success") ? firstMissing(f, "TransfereeUniqueid") : null;
            default -> null;
        };
    }

    private static String firstMissing(Map<String, String> f, String... names) {
        for (String name : names) {
            if (get(f, name).isEmpty()) {
                return name;
            }
        }
        return null;
    }

    /** {@code Local/9013@callers-00000000;2}: the second half of a Local channel pair. */
    static boolean isLocalSecondHalf(String channel) {
        return channel.regionMatches(true, 0, "Local/", 0, 6) && channel.endsWith(";2");
    }
}
