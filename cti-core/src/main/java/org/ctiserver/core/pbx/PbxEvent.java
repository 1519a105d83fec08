package org.ctiserver.core.pbx;

import java.util.List;
import java.util.Map;

/**
 * What the PBX tells the engine, already translated at the adapter's edge: nothing here is an
 * Asterisk or AMI type. {@code callId} is the PBX's id of the caller's channel (Asterisk: the
 * {@code Uniqueid} of the inbound channel, which the route point also sends as {@code CallUid}).
 * Events about unknown calls are legal and ignored by the engine: the translator stays stateless.
 */
public sealed interface PbxEvent {

    /**
     * A call reached a route point and waits for the engine (Asterisk: {@code UserEvent: CtiCallWaiting}).
     *
     * @param queueId      the queue the route point chose
     * @param requirement  extra skill requirement from the IVR, {@code skill:level,...}; empty when none
     * @param data         the remaining route-point fields (IVR choices, customer id, language) for screen pop
     */
    record CallWaiting(String callId, String channel, String queueId, String callerNumber, String callerName,
                       String dialedNumber, String requirement, Map<String, String> data) implements PbxEvent {
        public CallWaiting {
            data = Map.copyOf(data);
        }
    }

    /** The dialplan put a call back at the route point after a failed agent dial ({@code UserEvent: CtiCallRequeued}). */
    record CallRequeued(String callId, String channel, String lastAgentExtension, String dialStatus) implements PbxEvent {
    }

    /** The agent's phone rings for this call (Asterisk: {@code DialState} with {@code DialStatus: RINGING}). */
    record AgentRinging(String callId, String agentChannel, String agentExtension) implements PbxEvent {
    }

    /** The agent's phone answered (Asterisk: {@code DialEnd} with {@code DialStatus: ANSWER}). */
    record AgentAnswered(String callId, String agentChannel, String agentExtension) implements PbxEvent {
    }

    /** The dial to the agent ended unanswered: NOANSWER, BUSY, CONGESTION, CHANUNAVAIL, CANCEL. */
    record AgentDialFailed(String callId, String agentChannel, String agentExtension, String dialStatus) implements PbxEvent {
    }

    /**
     * A channel hung up. The engine ends a call when {@code uniqueId} is a call's id (the caller's
     * channel); a hang-up of another channel of the call ({@code linkedId} = call id) is informative.
     */
    record ChannelHungUp(String uniqueId, String linkedId, String channel, int cause, String causeText) implements PbxEvent {
    }

    /** A command the engine sent could not be carried out (Asterisk answered {@code Response: Error}). */
    record CommandFailed(PbxCommand command, String message) implements PbxEvent {
    }

    /** The link to the PBX is up (first connect or reconnect). */
    record LinkUp(String pbxVersion) implements PbxEvent {
    }

    /** The link to the PBX is down; events may have been missed until the next {@link LinkUp}. */
    record LinkDown(String reason) implements PbxEvent {
    }

    /**
     * What the PBX holds right now, read after a (re)connect (Asterisk: {@code CoreShowChannels}, plus the
     * route point's channel variables of the calls waiting there). Comes before the {@link LinkUp} of the
     * session; the engine reconciles its calls and agents with it. Events that happened while it was read
     * follow the LinkUp, so each of them may already be reflected in the snapshot.
     *
     * @param channels     every channel up, in the PBX's order
     * @param atRoutePoint the calls waiting at a route point, as their {@code CallWaiting} would have announced
     *                     them (the engine adopts those it does not know: they arrived while the link was down)
     */
    record ChannelsSnapshot(List<ChannelInfo> channels, List<CallWaiting> atRoutePoint,
                            List<PhoneStateChanged> phones) implements PbxEvent {
        /**
         * @param phones the phones' states read with the snapshot (Asterisk: {@code DeviceStateList}), applied after the
         *               calls are reconciled; empty when they could not be read (the engine keeps what it knew)
         */
        public ChannelsSnapshot {
            channels = List.copyOf(channels);
            atRoutePoint = List.copyOf(atRoutePoint);
            phones = phones == null ? List.of() : List.copyOf(phones);
        }

        /** Without phone states. */
        public ChannelsSnapshot(List<ChannelInfo> channels, List<CallWaiting> atRoutePoint) {
            this(channels, atRoutePoint, List.of());
        }
    }

    /**
     * A phone changed state (Asterisk: {@code DeviceStateChange} of the agent's device, {@code ExtensionStatus} of
     * its hint), or a phone's state as read at resync. Phones of extensions no agent uses are ignored by the engine.
     *
     * @param extension the extension the phone belongs to, as the adapter reads it from the device or hint
     * @param source    where it comes from, for logs: the device ({@code PJSIP/2001}) or the hint ({@code 2001@hints})
     */
    record PhoneStateChanged(String extension, PhoneState state, String source) implements PbxEvent {
    }

    /**
     * A channel entered a bridge (Asterisk: {@code BridgeEnter}). Confirms a resume or a completed consultation
     * transfer: the caller's channel is bridged again, with the channel named by the engine's command.
     *
     * @param bridgeChannels how many channels the bridge holds now
     */
    record ChannelBridged(String uniqueId, String linkedId, String channel, String bridgeId, int bridgeChannels)
            implements PbxEvent {
    }

    /**
     * Music on hold started or stopped on a channel (Asterisk: {@code MusicOnHoldStart} / {@code MusicOnHoldStop}).
     * Confirms a hold: the caller's channel hears music. The route point plays music too; the engine tells them
     * apart by the call's state.
     */
    record MusicOnHold(String uniqueId, String linkedId, String channel, boolean started) implements PbxEvent {
    }

    /**
     * The outcome of an {@link PbxCommand.Originate}, {@link PbxCommand.DialCustomer} or {@link PbxCommand.Spy}
     * (Asterisk: {@code OriginateResponse}, matched by its ActionID = {@code requestId}).
     *
     * @param uniqueId   the new channel's id when it answered; empty otherwise (Asterisk sends {@code <unknown>})
     * @param reasonCode Asterisk's {@code Reason}: 4 answered, 5 busy, 3 no answer, 8 congestion, 0 failed, 1 hung up
     */
    record OriginateResult(String requestId, String uniqueId, String channel, OriginateOutcome outcome, int reasonCode)
            implements PbxEvent {
    }

    /**
     * What answering-machine detection found on an answered outbound call (Asterisk: {@code UserEvent: CtiAmdResult}
     * with {@code AmdStatus} and {@code AmdCause}, sent by the {@code amd} context after {@code AMD()}).
     */
    record AmdResult(String uniqueId, String channel, AmdStatus status, String cause) implements PbxEvent {
    }

    /**
     * A recording changed (Asterisk: {@code MixMonitorStart}, {@code MixMonitorMute State=1|0} = pause/resume,
     * {@code MixMonitorStop}) on the channel {@code uniqueId}, the caller's channel of the call being recorded.
     */
    record RecordingChanged(String uniqueId, String channel, PbxCommand.RecordingAction action) implements PbxEvent {
    }

    /** A spy call started or stopped (Asterisk: {@code ChanSpyStart} / {@code ChanSpyStop}). */
    record SpyChanged(String spyerChannel, String spyeeChannel, boolean started) implements PbxEvent {
    }

    /** The caller pressed a key (Asterisk: {@code DTMFEnd} with {@code Direction: Received} on the caller's channel). */
    record DtmfReceived(String uniqueId, String linkedId, String channel, String digit) implements PbxEvent {
    }

    /** A channel joined or left a conference room (Asterisk: {@code ConfbridgeJoin} / {@code ConfbridgeLeave}). */
    record ConferenceChanged(String room, String uniqueId, String linkedId, String channel, boolean joined)
            implements PbxEvent {
    }

    /**
     * A transfer made on the phone itself, not by the CTI (Asterisk: {@code BlindTransfer} or
     * {@code AttendedTransfer} with {@code Result: Success}): the call left the transferer's phone.
     *
     * @param transfereeUniqueId the channel that was transferred (the caller's, for an inbound call)
     * @param extension          where it went, when the PBX says so (blind transfer); empty otherwise
     */
    record PhoneTransferred(String transfereeUniqueId, String transfererChannel, String extension, boolean attended)
            implements PbxEvent {
    }

    enum OriginateOutcome {
        ANSWERED, BUSY, NO_ANSWER, CONGESTION, FAILED;

        /** Asterisk's {@code OriginateResponse Reason} code. */
        public static OriginateOutcome ofReason(int reason) {
            return switch (reason) {
                case 4 -> ANSWERED;
                case 5 -> BUSY;
                case 3, 1 -> NO_ANSWER;
                case 8 -> CONGESTION;
                default -> FAILED;
            };
        }
    }

    enum AmdStatus {
        HUMAN, MACHINE, NOTSURE, HANGUP;

        /** Asterisk's {@code AMDSTATUS}; anything unknown counts as NOTSURE. */
        public static AmdStatus of(String value) {
            if (value == null) {
                return NOTSURE;
            }
            return switch (value.trim().toUpperCase(java.util.Locale.ROOT)) {
                case "HUMAN" -> HUMAN;
                case "MACHINE" -> MACHINE;
                case "HANGUP" -> HANGUP;
                default -> NOTSURE;
            };
        }
    }

    /**
     * One channel of a {@link ChannelsSnapshot}. A call's caller channel has {@code uniqueId} = call id; the
     * other channels of the call have {@code linkedId} = call id.
     *
     * @param bridgeId       the bridge the channel is in; empty when none (two channels in the same bridge talk)
     * @param agentExtension the agent phone this channel is a leg of, as the adapter reads it; empty when it is not one
     */
    record ChannelInfo(String uniqueId, String linkedId, String channel, String context, String exten, String state,
                       String application, String bridgeId, String agentExtension) {
    }
}
