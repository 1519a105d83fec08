package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the truth from Asterisk after a (re)connect: {@code Status} of every channel with the route point's variables,
 * then {@code CoreShowChannels} for every channel up, so that the engine can adopt a caller waiting at a route point
 * whose {@code CtiCallWaiting} UserEvent was missed while the link was down. See
 * docs/decisions/0005-resync-after-reconnect.md.
 *
 * <p>The variables are read first, in one list, so that every caller that {@code CoreShowChannels} lists has them:
 * it was already there when {@code Status} answered, or it arrived after the login and its own UserEvent comes on
 * the new session. Read the other way round (a {@code Status} per caller after the listing), a caller who hung up in
 * between was listed but never adopted, and its Hangup named a call the engine did not know.
 */
final class Resynchronizer {
    private static final Logger log = LoggerFactory.getLogger(Resynchronizer.class);

    /** What the route point sets before its UserEvent (extensions.conf {@code [inbound]}): queue, then call data. */
    static final List<String> ROUTE_POINT_VARIABLES = List.of("CTI_QUEUE", "CUSTOMER_ID", "IVR_LANG", "CTI_SKILLS",
            "CTI_DNIS");

    /** The action that lists every device state Asterisk knows (items: {@code DeviceStateChange} with the ActionID). */
    static final String DEVICE_STATE_LIST = "DeviceStateList";

    /** The event-list reader, the transport's in production. */
    interface Lists {
        List<Map<String, String>> list(AmiAction action, long timeoutMs) throws IOException;
    }

    private Resynchronizer() {
    }

    /**
     * @throws AmiTransport.ListRefusedException when Asterisk refuses CoreShowChannels (permissions)
     * @throws IOException                       when the connection fails or a list does not complete in time
     */
    static PbxEvent.ChannelsSnapshot read(Lists ami, long timeoutMs) throws IOException {
        return read(ami, timeoutMs, Set.of());
    }

    /**
     * @param notWaiting dialplan contexts where a caller's channel is not waiting to be routed although it is alone
     *                   and carries the route point's variables: a caller on hold or parked for a consultation
     *                   ({@code hold}), or in a conference
     */
    static PbxEvent.ChannelsSnapshot read(Lists ami, long timeoutMs, Set<String> notWaiting) throws IOException {
        Map<String, Map<String, String>> variablesById = routePointVariables(ami, timeoutMs);
        List<Map<String, String>> items = ami.list(AmiAction.coreShowChannels(), timeoutMs);
        List<PbxEvent.ChannelInfo> channels = new ArrayList<>(items.size());
        List<PbxEvent.CallWaiting> waiting = new ArrayList<>();
        for (Map<String, String> item : items) {
            PbxEvent.ChannelInfo c = channelInfo(item);
            if (c.uniqueId().isEmpty()) {
                continue;
            }
            channels.add(c);
            if (!isWaitingCaller(c) || notWaiting.stream().anyMatch(ctx -> ctx.equalsIgnoreCase(c.context()))) {
                continue;
            }
            Map<String, String> status = variablesById.get(c.uniqueId());
            if (status != null) {
                callWaiting(c, item, status).ifPresent(waiting::add);
            }
            // else it arrived after Status answered, so after the login: its CtiCallWaiting is on this session
            // (or Status was refused)
        }
        return new PbxEvent.ChannelsSnapshot(channels, waiting, phones(ami, timeoutMs));
    }

    /**
     * {@code Status} of every channel with {@link #ROUTE_POINT_VARIABLES}: the items by uniqueid. Empty when Asterisk
     * refuses it: no caller can be adopted then, the rest of the resync still holds.
     *
     * @throws IOException when the connection fails or the list does not complete in time
     */
    static Map<String, Map<String, String>> routePointVariables(Lists ami, long timeoutMs) throws IOException {
        List<Map<String, String>> items;
        try {
            items = ami.list(new AmiAction(AmiAction.STATUS, Map.of("Variables", String.join(",", ROUTE_POINT_VARIABLES))),
                    timeoutMs);
        } catch (AmiTransport.ListRefusedException e) {
            log.warn("AMI Status refused ({}): calls that reached the route point while the link was down are not adopted",
                    e.getMessage());
            return Map.of();
        }
        Map<String, Map<String, String>> byId = new HashMap<>();
        for (Map<String, String> item : items) {
            String uniqueId = AmiEventTranslator.get(item, "Uniqueid");
            if (!uniqueId.isEmpty()) {
                byId.put(uniqueId, item);
            }
        }
        return byId;
    }

    /**
     * The agents' phones from {@code DeviceStateList}; empty when Asterisk or the transport cannot list them (the
     * engine keeps what it knew; live DeviceStateChange events still come). A transport may also deliver the items
     * as events instead (Asterisk-Java does): then this list is empty and those events follow.
     *
     * @throws IOException when the connection fails or the list does not complete in time
     */
    static List<PbxEvent.PhoneStateChanged> phones(Lists ami, long timeoutMs) throws IOException {
        List<Map<String, String>> items;
        try {
            items = ami.list(new AmiAction(DEVICE_STATE_LIST, Map.of()), timeoutMs);
        } catch (AmiTransport.ListRefusedException | UnsupportedOperationException | IllegalArgumentException e) {
            return List.of();
        }
        List<PbxEvent.PhoneStateChanged> phones = new ArrayList<>();
        for (Map<String, String> item : items) {
            AmiEventTranslator.translate("DeviceStateChange", item)
                    .filter(PbxEvent.PhoneStateChanged.class::isInstance)
                    .map(PbxEvent.PhoneStateChanged.class::cast)
                    .ifPresent(phones::add);
        }
        return phones;
    }

    static PbxEvent.ChannelInfo channelInfo(Map<String, String> f) {
        String uniqueId = AmiEventTranslator.get(f, "Uniqueid");
        String linkedId = AmiEventTranslator.get(f, "Linkedid");
        String channel = AmiEventTranslator.get(f, "Channel");
        // another channel of a call (linkedid = the caller's uniqueid) may be an agent's phone leg
        String agentExtension = uniqueId.equals(linkedId) || linkedId.isEmpty() ? "" : ChannelNames.resource(channel);
        return new PbxEvent.ChannelInfo(uniqueId, linkedId, channel, AmiEventTranslator.get(f, "Context"),
                AmiEventTranslator.get(f, "Exten"), AmiEventTranslator.get(f, "ChannelStateDesc"),
                AmiEventTranslator.get(f, "Application"), AmiEventTranslator.get(f, "BridgeId"), agentExtension);
    }

    /** A call's first channel, in no bridge and not dialing: perhaps a caller waiting at a route point. */
    static boolean isWaitingCaller(PbxEvent.ChannelInfo c) {
        return c.uniqueId().equals(c.linkedId()) && c.bridgeId().isEmpty() && !c.application().equalsIgnoreCase("Dial")
                && !c.channel().isEmpty();
    }

    /** The CallWaiting the route point announced (or would have), from its variables; empty without CTI_QUEUE. */
    static java.util.Optional<PbxEvent.CallWaiting> callWaiting(PbxEvent.ChannelInfo c, Map<String, String> item,
                                                                Map<String, String> status) {
        String queue = variable(status, "CTI_QUEUE");
        if (queue.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, String> data = new LinkedHashMap<>();
        // the same keys as the route point's UserEvent body
        putIfSet(data, "IvrLang", variable(status, "IVR_LANG"));
        putIfSet(data, "CustomerId", variable(status, "CUSTOMER_ID"));
        return java.util.Optional.of(new PbxEvent.CallWaiting(c.uniqueId(), c.channel(), queue,
                AmiEventTranslator.get(item, "CallerIDNum"), AmiEventTranslator.get(item, "CallerIDName"),
                variable(status, "CTI_DNIS"), variable(status, "CTI_SKILLS"), data));
    }

    private static String variable(Map<String, String> status, String name) {
        return AmiEventTranslator.get(status, "Variable(" + name + ")");
    }

    private static void putIfSet(Map<String, String> data, String key, String value) {
        if (!value.isEmpty()) {
            data.put(key, value);
        }
    }
}
