package org.ctiserver.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallbackState;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PhoneChannels;
import org.ctiserver.core.queue.CallbackRule;
import org.ctiserver.core.queue.DialplanTargets;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.store.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks that keep the caller's place (virtual hold), and callback offers made by an overflow or closed action.
 * Part of the {@link Engine} (same thread, same state).
 *
 * <p>The waiting call itself becomes the request: it stays in the router where it was (same priority, arrival,
 * requirement and queue) while its caller, after the confirmation message, is hung up. When the router matches it
 * with an agent, the agent is reserved (the screen pop carries {@code CtiCallback=true}), then the agent's phone
 * rings and dials the caller's number (an {@link PbxCommand.Originate}, as outbound calls do). The customer's answer
 * makes it a normal call in talk; a busy or unanswered customer frees the agent and the request waits out the queue's
 * retry interval, then goes back to the front of the line, until the attempts are used up.
 */
final class VirtualHolds {
    private static final Logger log = LoggerFactory.getLogger(VirtualHolds.class);
    /** Screen-pop keys of a callback's offer. */
    static final String DATA_CALLBACK = "CtiCallback";
    static final String DATA_ATTEMPT = "CtiCallbackAttempt";
    /** Why an attempt whose line was gone at a resync failed. */
    static final String LINK_LOST = "PBX link lost";

    private static final class Hold {
        final Call call;
        final CallbackRule rule;
        int attempts;
        /** The agent reserved for the current attempt. */
        String agentId;
        String requestId;
        String lineId;
        String lineChannel;
        String customerChannel;
        boolean reached;
        long retryToken;

        Hold(Call call, CallbackRule rule) {
            this.call = call;
            this.rule = rule;
        }
    }

    private final Engine engine;
    private final Map<String, CallbackRule> rules;
    private final Map<String, Hold> byCall = new LinkedHashMap<>();
    private final Map<String, Hold> byRequest = new HashMap<>();
    private final Map<String, Hold> byLine = new HashMap<>();
    /** Calls hearing a callback offer, waiting for a key. */
    private final Map<String, Call> offers = new HashMap<>();
    private long requests;

    /** @param queueRules the queues' rules; those with a callback rule take callback requests */
    VirtualHolds(Engine engine, List<QueueRules> queueRules) {
        this.engine = engine;
        Map<String, CallbackRule> byQueue = new HashMap<>();
        for (QueueRules r : queueRules) {
            if (r.callback() != null) {
                byQueue.put(r.queueId(), r.callback());
            }
        }
        this.rules = Map.copyOf(byQueue);
    }

    /** True when the call is a callback request (its caller may be gone); the router's match goes to {@link #offer}. */
    boolean owns(String callId) {
        return byCall.containsKey(callId);
    }

    // ------------------------------------------------------------------ resync

    /**
     * After a (re)connect ({@link PbxEvent.ChannelsSnapshot}), before the other calls: nothing of a callback is lost
     * with the PBX link. An attempt whose line is gone failed ({@value #LINK_LOST}): its agent is READY again and the
     * request is retried after its rule's interval (given up once its attempts are used), as for a busy customer.
     * An offer whose Originate outcome was lost with the link (it never comes: its ActionID was the old
     * connection's) is looked for on the agent's phone ({@link #originateLost}): still ringing there, it is hung up
     * (else the agent could still answer and the customer be dialed while the request is offered to someone else);
     * then its agent is READY again and the request goes back to its place in line, no attempt counted. If the
     * customer is already being dialed or talking, the line is taken over and the callback kept.
     *
     * @return the calls the resync must leave alone although their caller's channel is gone: every request not
     *         reached, and reached callbacks whose line or customer is still up
     */
    Set<String> resync(PbxEvent.ChannelsSnapshot snapshot) {
        Set<String> uniqueIds = new HashSet<>();
        Set<String> channels = new HashSet<>();
        for (PbxEvent.ChannelInfo c : snapshot.channels()) {
            uniqueIds.add(c.uniqueId());
            channels.add(c.channel());
        }
        Set<String> keep = new HashSet<>();
        for (Hold h : new ArrayList<>(byCall.values())) {
            boolean lineUp = (h.lineId != null && uniqueIds.contains(h.lineId))
                    || (h.lineChannel != null && channels.contains(h.lineChannel))
                    || (h.customerChannel != null && channels.contains(h.customerChannel));
            if (h.reached) {
                if (lineUp) {
                    keep.add(h.call.id());
                }
                continue;
            }
            keep.add(h.call.id());
            if (h.call.state() != CallState.OFFERED || !attemptLive(h)) {
                continue; // waiting in line, or its retry interval running: nothing at the PBX yet
            }
            if (h.lineId == null) {
                originateLost(h, snapshot.channels());
            } else if (!lineUp) {
                log.info("callback {}: line {} gone with the PBX link", h.call.id(), h.lineId);
                attemptFailed(h, LINK_LOST);
            }
        }
        return keep;
    }

    /**
     * The offer's Originate may still run at the PBX. Its channels are found by the agent's phone: the Originate's
     * first channel is a Local channel on that phone ({@code Local/<extension>@agents-…;1}) and is its own linked
     * id; the other channels of that Originate share the linked id. Channels of a call the engine knows, or of
     * another callback's line, are not this Originate's; neither is a call the agent made from the handset (its
     * first channel is no Local channel).
     */
    private void originateLost(Hold h, List<PbxEvent.ChannelInfo> snapshot) {
        Call call = h.call;
        Agent agent = engine.agentById(call.agentId());
        String extension = agent.extension();
        Map<String, List<PbxEvent.ChannelInfo>> byLinkedId = new LinkedHashMap<>();
        for (PbxEvent.ChannelInfo c : snapshot) {
            String linked = c.linkedId() == null || c.linkedId().isEmpty() ? c.uniqueId() : c.linkedId();
            byLinkedId.computeIfAbsent(linked, k -> new ArrayList<>()).add(c);
        }
        List<String> ringing = new ArrayList<>();
        for (Map.Entry<String, List<PbxEvent.ChannelInfo>> e : byLinkedId.entrySet()) {
            String rootId = e.getKey();
            PbxEvent.ChannelInfo root = null;
            for (PbxEvent.ChannelInfo c : e.getValue()) {
                if (c.uniqueId().equals(rootId)) {
                    root = c;
                    break;
                }
            }
            if (root == null || !PhoneChannels.isLocal(root.channel()) || !PhoneChannels.onPhone(root.channel(), extension)
                    || engine.callById(rootId) != null || byLine.containsKey(rootId)) {
                continue;
            }
            PbxEvent.ChannelInfo customer = null;
            for (PbxEvent.ChannelInfo c : e.getValue()) {
                if (!c.uniqueId().equals(rootId) && !PhoneChannels.onPhone(c.channel(), extension)
                        && !engine.agentsByExtension.containsKey(PhoneChannels.extension(c.channel()))) {
                    customer = c;
                    break;
                }
            }
            if (customer != null) {
                adoptLine(h, root, customer, e.getValue());
                return;
            }
            ringing.add(root.channel());
        }
        for (String channel : ringing) {
            // hung up before the request is offered again: the agent can no longer answer it and dial the customer
            engine.pbx(new PbxCommand.HangupChannel(call.id(), channel));
            log.info("callback {}: agent {}'s phone was still being rung after the PBX link was lost: {} hung up, "
                    + "the attempt is not counted", call.id(), agent.id(), channel);
        }
        if (ringing.isEmpty()) {
            log.info("callback {}: the agent's phone was being rung when the PBX link was lost; back in line", call.id());
        }
        byRequest.remove(h.requestId);
        h.agentId = null;
        call.closeSegment(engine.epochMs, "callback " + LINK_LOST);
        call.requeue();
        agent.setCurrentCallId(null);
        engine.transition(agent, AgentState.READY, "");
        engine.requeue(call);
    }

    /**
     * The agent answered while the link was down and the PBX dials (or already connected) the customer: the attempt
     * was made. The Originate's first channel becomes the line, as its lost outcome would have made it.
     */
    private void adoptLine(Hold h, PbxEvent.ChannelInfo root, PbxEvent.ChannelInfo customer,
                           List<PbxEvent.ChannelInfo> channels) {
        log.info("callback {}: the agent answered while the PBX link was down and {} is being dialed: kept",
                h.call.id(), customer.channel());
        h.lineId = root.uniqueId();
        h.lineChannel = root.channel();
        h.customerChannel = customer.channel();
        h.attempts++;
        byLine.put(h.lineId, h);
        engine.countersOf(h.call.queueId()).callbackAttempted();
        changed(h, h.call.agentId(), CallbackState.DIALING, "");
        String bridge = customer.bridgeId() == null ? "" : customer.bridgeId();
        boolean bridged = false;
        for (PbxEvent.ChannelInfo c : channels) {
            bridged |= c != customer && !bridge.isEmpty() && bridge.equals(c.bridgeId());
        }
        if (bridged) {
            reached(h, customer.channel());
        }
    }

    // ------------------------------------------------------------------ requests

    /** An overflow or closed action offers a callback: the caller hears the prompt and may press the key. */
    void offerCallback(Call call, String prompt, String reason) {
        CallbackRule rule = rules.get(call.queueId());
        call.closeSegment(engine.epochMs, reason + ", callback offered");
        offers.put(call.id(), call);
        engine.pbx(new PbxCommand.Redirect(call.id(), call.channel(),
                new PbxCommand.Destination.Dialplan(DialplanTargets.CALLBACK_OFFER, prompt)));
        log.info("call {}: {}; callback offered (key {})", call.id(), reason, rule.key());
    }

    private void request(Call call, CallbackRule rule) {
        Hold h = new Hold(call, rule);
        byCall.put(call.id(), h);
        engine.countersOf(call.queueId()).callbackRequested();
        engine.pbx(new PbxCommand.Redirect(call.id(), call.channel(),
                new PbxCommand.Destination.Dialplan(DialplanTargets.MESSAGE, rule.confirmationSound())));
        changed(h, null, CallbackState.REQUESTED, "");
    }

    // ------------------------------------------------------------------ the router's match

    /** The request reached the front and {@code agent} may take it: reserve the agent, then dial from its phone. */
    void offer(Call call, Agent agent) {
        Hold h = byCall.get(call.id());
        Map<String, String> data = new LinkedHashMap<>(call.data());
        data.put(DATA_CALLBACK, "true");
        data.put(DATA_ATTEMPT, Integer.toString(h.attempts + 1));
        engine.reserve(call, agent, data);
        h.agentId = agent.id();
        h.requestId = "vh-" + (++requests) + "-" + call.id();
        byRequest.put(h.requestId, h);
        long ringMs = engine.config().ringTimeout().isZero() || engine.config().ringTimeout().isNegative()
                ? Consultations.DEFAULT_RING_MS : engine.config().ringTimeout().toMillis();
        engine.pbx(new PbxCommand.Originate(call.id(), h.requestId, agent.extension(),
                new PbxCommand.Destination.External(call.callerNumber()), agent.profile().name(), agent.extension(),
                CallControl.vars("CTI_AGENT_ID", agent.id(), "CTI_CALL_ID", call.id()), ringMs));
        changed(h, agent.id(), CallbackState.OFFERED, "");
    }

    // ------------------------------------------------------------------ PBX events

    /** True when the event was about a callback or an offer (then no one else handles it). */
    boolean on(PbxEvent event) {
        if (byCall.isEmpty() && offers.isEmpty() && rules.isEmpty()) {
            return false;
        }
        if (event instanceof PbxEvent.DtmfReceived e) {
            return onKey(e);
        } else if (event instanceof PbxEvent.OriginateResult e) {
            Hold h = byRequest.get(e.requestId());
            if (h == null) {
                return false;
            }
            if (!e.requestId().equals(h.requestId) || !attemptLive(h)) {
                // the attempt was dropped meanwhile (the agent was signed out): its line, if up, is not wanted
                byRequest.remove(e.requestId());
                if (e.outcome() == PbxEvent.OriginateOutcome.ANSWERED && e.channel() != null && !e.channel().isBlank()) {
                    engine.pbx(new PbxCommand.HangupChannel(h.call.id(), e.channel()));
                }
                return true;
            }
            if (h.lineId != null) {
                return true; // its line was taken over at a resync: the outcome is known
            }
            if (e.outcome() == PbxEvent.OriginateOutcome.ANSWERED && e.uniqueId() != null && !e.uniqueId().isBlank()) {
                h.lineId = e.uniqueId();
                h.lineChannel = e.channel();
                h.attempts++;
                byLine.put(h.lineId, h);
                engine.countersOf(h.call.queueId()).callbackAttempted();
                changed(h, h.call.agentId(), CallbackState.DIALING, "");
            } else {
                byRequest.remove(h.requestId);
                // the agent did not take its phone: ring-no-answer, the request keeps its place
                engine.rona(h.call, "callback, agent's phone " + lower(e.outcome()));
            }
            return true;
        } else if (event instanceof PbxEvent.AgentRinging e) {
            Hold h = live(byLine.get(e.callId()));
            if (h != null) {
                h.customerChannel = e.agentChannel();
            }
            return h != null;
        } else if (event instanceof PbxEvent.AgentAnswered e) {
            Hold line = byLine.get(e.callId());
            Hold h = live(line);
            if (h != null && !h.reached) {
                reached(h, e.agentChannel());
            }
            return line != null; // a line no longer wanted is ours too: live() hung it up
        } else if (event instanceof PbxEvent.AgentDialFailed e) {
            Hold line = byLine.get(e.callId());
            Hold h = live(line);
            if (h != null && !h.reached) {
                attemptFailed(h, e.dialStatus() == null ? "failed" : e.dialStatus().toLowerCase(Locale.ROOT));
            }
            return line != null;
        } else if (event instanceof PbxEvent.ChannelHungUp e) {
            return onHangup(e);
        } else if (event instanceof PbxEvent.CommandFailed e) {
            return onCommandFailed(e);
        }
        return false;
    }

    /** The current attempt still has its reserved agent (or is in talk). */
    private static boolean attemptLive(Hold h) {
        return h.reached || (h.call.state() == CallState.OFFERED && h.agentId != null
                && h.agentId.equals(h.call.agentId()));
    }

    /**
     * The hold of a line whose attempt is still live; a line left over from a dropped attempt is hung up and
     * forgotten (null).
     */
    private Hold live(Hold h) {
        if (h == null || attemptLive(h)) {
            return h;
        }
        byLine.remove(h.lineId);
        if (h.lineChannel != null) {
            engine.pbx(new PbxCommand.HangupChannel(h.call.id(), h.lineChannel));
        }
        h.lineId = null;
        h.lineChannel = null;
        h.customerChannel = null;
        return null;
    }

    private boolean onKey(PbxEvent.DtmfReceived e) {
        Call offered = offers.get(e.uniqueId());
        if (offered != null) {
            offers.remove(offered.id());
            CallbackRule rule = rules.get(offered.queueId());
            if (rule.key().equals(e.digit())) {
                // accepted: back in line at the call's old place, as a request
                request(offered, rule);
                engine.requeue(offered);
            } else {
                engine.pbx(new PbxCommand.HangupCall(offered.id(), offered.channel()));
                declined(offered, "callback declined (key " + e.digit() + ")");
            }
            return true;
        }
        Call call = engine.callById(e.uniqueId());
        if (call == null || call.state() != CallState.QUEUED || byCall.containsKey(call.id())) {
            return false;
        }
        CallbackRule rule = rules.get(call.queueId());
        if (rule == null || !rule.key().equals(e.digit())) {
            return false;
        }
        log.info("call {} in queue {}: the caller chose a callback", call.id(), call.queueId());
        request(call, rule);
        return true;
    }

    private boolean onHangup(PbxEvent.ChannelHungUp e) {
        Call offered = offers.remove(e.uniqueId());
        if (offered != null) {
            declined(offered, "callback offer left without a key");
            return true;
        }
        Hold h = byCall.get(e.uniqueId());
        if (h != null && !h.reached) {
            // the caller was released after the confirmation: expected, the request stands
            log.debug("caller of callback request {} hung up", h.call.id());
            return true;
        }
        h = byLine.get(e.uniqueId());
        if (h == null && e.channel() != null) {
            for (Hold x : byLine.values()) {
                if (e.channel().equals(x.customerChannel) || e.channel().equals(x.lineChannel)) {
                    h = x;
                    break;
                }
            }
        }
        if (h == null) {
            return false;
        }
        if (!attemptLive(h)) {
            byLine.remove(h.lineId);
            h.lineId = null;
            h.lineChannel = null;
            h.customerChannel = null;
            return true;
        }
        String cause = e.causeText() == null || e.causeText().isBlank() ? "cause " + e.cause() : e.causeText();
        if (h.reached) {
            engine.endings().callGone(h.call, cause, false);
        } else {
            attemptFailed(h, "line hung up: " + cause);
        }
        return true;
    }

    private boolean onCommandFailed(PbxEvent.CommandFailed e) {
        if (e.command() instanceof PbxCommand.Originate c && byRequest.containsKey(c.requestId())) {
            Hold h = byRequest.remove(c.requestId());
            Call call = h.call;
            Agent agent = engine.agentById(call.agentId());
            log.warn("callback {} could not be dialed: {}", call.id(), e.message());
            call.closeSegment(engine.epochMs, "callback originate failed: " + e.message());
            call.requeue();
            agent.setCurrentCallId(null);
            engine.transition(agent, AgentState.READY, "");
            if (call.countRouteFailure() >= Engine.MAX_ROUTE_FAILURES) {
                giveUp(h, "originate failed: " + e.message());
            } else {
                engine.requeue(call);
            }
            return true;
        }
        if (e.command() instanceof PbxCommand.Redirect r && r.destination() instanceof PbxCommand.Destination.Dialplan
                && byCall.containsKey(r.callId())) {
            // the confirmation could not be played (the caller already left): the request stands
            log.debug("confirmation of callback {} not played: {}", r.callId(), e.message());
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ outcomes

    private void reached(Hold h, String customerChannel) {
        Call call = h.call;
        Agent agent = engine.agentById(call.agentId());
        h.reached = true;
        h.customerChannel = customerChannel;
        call.reattach(customerChannel);
        call.setAgentChannel(h.lineChannel);
        call.closeSegment(engine.epochMs, "callback reached");
        // not an inbound answer: the callback's wait is not the caller's (counted as reached instead)
        call.answered(engine.nowNs, engine.epochMs);
        call.openSegment(CallRecord.Kind.AGENT, agent.id(), engine.epochMs);
        engine.countersOf(call.queueId()).callbackReached();
        engine.transition(agent, AgentState.TALKING, "");
        changed(h, agent.id(), CallbackState.REACHED, "");
        engine.emit(new CtiEvent.CallConnected(engine.nextSeq(), engine.epochMs, agent.id(), call.id(), call.queueId()));
    }

    /** Busy, no answer, congestion: the agent is free again; retry after the interval, or give up. */
    private void attemptFailed(Hold h, String why) {
        Call call = h.call;
        byRequest.remove(h.requestId);
        byLine.remove(h.lineId);
        h.lineId = null;
        h.lineChannel = null;
        h.customerChannel = null;
        Agent agent = engine.agentById(call.agentId());
        call.closeSegment(engine.epochMs, "callback attempt " + h.attempts + ": " + why);
        call.requeue();
        if (agent != null) {
            agent.setCurrentCallId(null);
            engine.transition(agent, AgentState.READY, "");
        }
        if (h.attempts >= h.rule.maxAttempts()) {
            giveUp(h, why + " after " + h.attempts + " attempt" + (h.attempts == 1 ? "" : "s"));
            return;
        }
        h.retryToken = engine.scheduleTimer(engine.nowNs + h.rule.retryInterval().toNanos(),
                Timers.Kind.CALLBACK_RETRY, call.id());
        changed(h, null, CallbackState.RETRY_SCHEDULED, why);
    }

    /** The retry interval passed: the request goes back to its old place in line. */
    void retryDue(String callId, long token) {
        Hold h = byCall.get(callId);
        if (h != null && h.retryToken == token && h.call.state() == CallState.QUEUED) {
            h.retryToken = 0;
            engine.requeue(h.call);
        }
    }

    private void giveUp(Hold h, String why) {
        Call call = h.call;
        engine.countersOf(call.queueId()).callbackFailed();
        changed(h, null, CallbackState.GIVEN_UP, why);
        engine.unqueue(call);
        engine.forgetCall(call);
        call.closeSegment(engine.epochMs, "callback given up");
        call.moveTo(CallState.ENDED);
        String reason = "callback given up: " + why;
        engine.emit(new CtiEvent.CallEnded(engine.nextSeq(), engine.epochMs, call.id(), call.queueId(), null,
                CtiEvent.CallOutcome.CLEARED, reason));
        engine.store().callFinished(call.toRecord(engine.epochMs, null, CtiEvent.CallOutcome.CLEARED, reason));
    }

    private void declined(Call call, String why) {
        engine.emit(new CtiEvent.CallbackChanged(engine.nextSeq(), engine.epochMs, call.id(), call.queueId(), null,
                call.callerNumber(), 0, CallbackState.DECLINED, why));
        engine.endings().callGone(call, why, true);
    }

    void forget(String callId) {
        offers.remove(callId);
        Hold h = byCall.remove(callId);
        if (h != null) {
            if (h.requestId != null) {
                byRequest.remove(h.requestId);
            }
            if (h.lineId != null) {
                byLine.remove(h.lineId);
            }
        }
    }

    private void changed(Hold h, String agentId, CallbackState state, String reason) {
        engine.emit(new CtiEvent.CallbackChanged(engine.nextSeq(), engine.epochMs, h.call.id(), h.call.queueId(), agentId,
                h.call.callerNumber(), h.attempts, state, reason));
    }

    private static String lower(Enum<?> e) {
        return e == null ? "failed" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
