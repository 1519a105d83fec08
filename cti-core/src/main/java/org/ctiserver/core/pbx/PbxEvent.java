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
