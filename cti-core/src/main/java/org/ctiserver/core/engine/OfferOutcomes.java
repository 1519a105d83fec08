package org.ctiserver.core.engine;

import java.util.Locale;
import java.util.Objects;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.store.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of an offer and of a call at the PBX: answered, dial failed, requeued by the dialplan, hung up,
 * or a command refused. Part of the {@link Engine} (same thread, same state), kept apart to keep it readable.
 */
final class OfferOutcomes {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final Engine engine;

    OfferOutcomes(Engine engine) {
        this.engine = engine;
    }

    /** The PBX events about calls in progress (CallWaiting, links and snapshots are the engine's own). */
    void on(PbxEvent event) {
        if (event instanceof PbxEvent.AgentRinging e) {
            log.debug("agent {} rings for call {}", e.agentExtension(), e.callId());
        } else if (event instanceof PbxEvent.AgentAnswered e) {
            onAgentAnswered(e);
        } else if (event instanceof PbxEvent.AgentDialFailed e) {
            onDialFailed(e.callId(), e.agentExtension(), e.dialStatus(), true);
        } else if (event instanceof PbxEvent.CallRequeued e) {
            onDialFailed(e.callId(), e.lastAgentExtension(), e.dialStatus(), false);
        } else if (event instanceof PbxEvent.ChannelHungUp e) {
            Call call = engine.callById(e.uniqueId());
            if (call != null) {
                engine.endings().callGone(call, hangupReason(e), false);
            }
        } else if (event instanceof PbxEvent.CommandFailed e) {
            onCommandFailed(e);
        }
    }

    void onAgentAnswered(PbxEvent.AgentAnswered e) {
        Call call = engine.callById(e.callId());
        if (call == null) {
            log.debug("answer for unknown call {} ignored", e.callId());
            return;
        }
        if (!call.isOfferedTo(e.agentExtension())) {
            if (call.state() == CallState.TALKING && Objects.equals(call.offeredExtension(), e.agentExtension())) {
                log.debug("duplicate answer of call {} ignored", call.id());
            } else {
                log.warn("answer of call {} by extension {} ignored: the call is {} (offered to {})",
                        call.id(), e.agentExtension(), call.state(), call.offeredExtension());
            }
            return;
        }
        call.setAgentChannel(e.agentChannel());
        answered(call);
    }

    /** The agent the call is offered to answered: the call is TALKING, the agent too, and it counts as answered. */
    void answered(Call call) {
        Agent agent = engine.agentById(call.agentId());
        QueueConfig queue = engine.queueConfig(call.queueId());
        long waitNs = engine.nowNs - call.enqueuedNs();
        call.closeSegment(engine.epochMs, "answered");
        if (call.answered(engine.nowNs, engine.epochMs)) {
            // a transfer target's answer is the same call answered again: counted once
            engine.countersOf(queue.id()).callAnswered(waitNs, queue.serviceLevelThreshold());
        }
        call.openSegment(CallRecord.Kind.AGENT, agent.id(), engine.epochMs);
        engine.transition(agent, AgentState.TALKING, "");
        engine.emit(new CtiEvent.CallConnected(engine.nextSeq(), engine.epochMs, agent.id(), call.id(), call.queueId()));
    }

    /**
     * The dial to the agent failed ({@code AgentDialFailed}) or the dialplan put the call back
     * ({@code CallRequeued}). Both usually come for the same offer: only the first one counts, because
     * after it the call is no longer offered to that extension.
     */
    void onDialFailed(String callId, String extension, String dialStatus, boolean fromDial) {
        Call call = engine.callById(callId);
        if (call == null || !call.isOfferedTo(extension)) {
            log.debug("dial failure of call {} at {} ({}) ignored: not the current offer", callId, extension, dialStatus);
            return;
        }
        if (fromDial && "CANCEL".equalsIgnoreCase(dialStatus)) {
            // the caller hung up (or was moved away) while ringing: the hang-up that follows ends the offer
            log.debug("dial of call {} cancelled; waiting for the hang-up", callId);
            return;
        }
        if (call.hangupRequested()) {
            log.debug("dial failure of call {} ignored: its hang-up was requested", callId);
            return;
        }
        engine.rona(call, dialStatus == null || dialStatus.isBlank() ? "NOANSWER" : dialStatus);
    }

    void onCommandFailed(PbxEvent.CommandFailed e) {
        PbxCommand failed = e.command();
        String message = e.message() == null ? "" : e.message();
        Call call = failed == null ? null : engine.callById(failed.callId());
        boolean channelGone = message.toLowerCase(Locale.ROOT).contains("no such channel");
        if (call == null) {
            log.debug("failure of {} for a call no longer known: {}", failed, message);
            return;
        }
        String routedTo = failed instanceof PbxCommand.RouteToAgent r ? r.agentExtension()
                : failed instanceof PbxCommand.Redirect r && r.destination() instanceof PbxCommand.Destination.AgentPhone p
                ? p.extension() : null;
        if (routedTo != null) {
            // a blind transfer to an agent fails like a route: the target is released and the call waits again
            if (!call.isOfferedTo(routedTo)) {
                log.debug("failure of an old route of call {} ignored: {}", call.id(), message);
                return;
            }
            log.warn("route of call {} to {} failed: {}", call.id(), routedTo, message);
            Agent agent = engine.agentById(call.agentId());
            call.closeSegment(engine.epochMs, "route failed: " + message);
            call.requeue();
            // not the agent's fault: available again at once
            agent.setCurrentCallId(null);
            engine.transition(agent, AgentState.READY, "");
            if (channelGone) {
                engine.endings().callGone(call, "channel gone: " + message, true);
            } else if (engine.isRoutingHeld()) {
                // lost with the link, not refused by the PBX: the call is still there; the resync decides
                engine.requeue(call);
            } else if (call.countRouteFailure() >= Engine.MAX_ROUTE_FAILURES) {
                log.warn("call {} could not be routed {} times: giving it up", call.id(), call.routeFailures());
                engine.pbx(new PbxCommand.HangupCall(call.id(), call.channel()));
                engine.endings().callGone(call, "route failed: " + message, true);
            } else {
                engine.requeue(call);
            }
        } else if (failed instanceof PbxCommand.HangupCall) {
            if (channelGone) {
                // the channel is already gone: we may have missed its hang-up
                engine.endings().callGone(call, "channel gone: " + message, true);
            } else {
                log.warn("hang-up of call {} failed: {}", call.id(), message);
            }
        }
    }

    private static String hangupReason(PbxEvent.ChannelHungUp e) {
        return e.causeText() == null || e.causeText().isBlank() ? "cause " + e.cause() : e.causeText();
    }
}
