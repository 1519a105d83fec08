package org.ctiserver.core.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.pbx.PbxEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the engine with what the PBX holds after a (re)connect ({@link PbxEvent.ChannelsSnapshot}).
 * Part of the {@link Engine} (same thread, same state). The rules, call by call:
 * <ul>
 *   <li>calls waiting at a route point that the engine does not know arrived while the link was down: adopted
 *       as if their CallWaiting had come (they count as offered, as the PBX counted them at arrival);</li>
 *   <li>callbacks keeping their callers' places are reconciled by their lines ({@link VirtualHolds#resync});</li>
 *   <li>a known call whose caller channel is gone ended while the link was down: ended with
 *       {@link #ENDED_WHILE_DOWN}, abandoned if it was waiting or ringing, answered if it was talking (the agent
 *       then wraps up as usual);</li>
 *   <li>a call bridged with an agent's phone leg talks with that agent: an offer to that agent becomes answered,
 *       a call the engine had taken back (its route failed with the link) is given back to that agent if READY;</li>
 *   <li>a call whose agent's phone still rings stays offered (or is offered again to that agent, if READY);</li>
 *   <li>an offered call with no agent leg left went back to the route point: the reservation is released (the
 *       agent is READY) and the call waits again in its old place;</li>
 * </ul>
 * and finally no agent is left RESERVED or TALKING without the call that justifies it. A talking call is left as it
 * is whatever its legs (on hold the caller hears music alone; during a consultation the agent's line is another PBX
 * call; in a conference the caller is in a ConfBridge): call control reconciles consultations, outbound calls and
 * spies next (see {@link CallControl#resync}).
 */
final class Resync {
    private static final Logger log = LoggerFactory.getLogger(Resync.class);

    static final String ENDED_WHILE_DOWN = "ended while PBX link was down";

    private final Engine engine;
    private final OfferOutcomes outcomes;

    Resync(Engine engine, OfferOutcomes outcomes) {
        this.engine = engine;
        this.outcomes = outcomes;
    }

    /**
     * The agent legs of one call: extension → bridged with the caller (true) or still ringing (false), and the
     * channel of each bridged leg.
     */
    private record Legs(PbxEvent.ChannelInfo caller, Map<String, Boolean> agents, Map<String, String> bridgedChannels) {
    }

    void apply(PbxEvent.ChannelsSnapshot snapshot) {
        int adopted = 0;
        for (PbxEvent.CallWaiting w : snapshot.atRoutePoint()) {
            if (engine.callById(w.callId()) == null) {
                log.info("call {} arrived while the PBX link was down: adopted", w.callId());
                engine.onCallWaiting(w);
                adopted++;
            }
        }
        Map<String, Legs> byCall = index(snapshot);
        // callbacks first, by their lines: their callers' own channels are gone by design (or soon will be)
        Set<String> callbacks = engine.holds().resync(snapshot);
        int ended = 0;
        int changed = 0;
        for (Call call : engine.callsInProgress()) {
            Legs legs = byCall.get(call.id());
            if (callbacks.contains(call.id())) {
                continue;
            }
            if (legs == null) {
                engine.endings().callGone(call, ENDED_WHILE_DOWN, false);
                ended++;
            } else if (reconcile(call, legs)) {
                changed++;
            }
        }
        int released = releaseOrphanAgents();
        log.info("resync with {} PBX channels: {} calls adopted, {} ended, {} re-attached or released, {} agents released",
                snapshot.channels().size(), adopted, ended, changed, released);
    }

    private static Map<String, Legs> index(PbxEvent.ChannelsSnapshot snapshot) {
        Map<String, Legs> byCall = new HashMap<>();
        for (PbxEvent.ChannelInfo c : snapshot.channels()) {
            byCall.put(c.uniqueId(), new Legs(c, new LinkedHashMap<>(), new HashMap<>()));
        }
        for (PbxEvent.ChannelInfo c : snapshot.channels()) {
            Legs legs = byCall.get(c.linkedId());
            if (legs == null || c.uniqueId().equals(c.linkedId()) || c.agentExtension().isEmpty()) {
                continue;
            }
            boolean bridged = !c.bridgeId().isEmpty() && c.bridgeId().equals(legs.caller().bridgeId());
            legs.agents().merge(c.agentExtension(), bridged, Boolean::logicalOr);
            if (bridged) {
                legs.bridgedChannels().put(c.agentExtension(), c.channel());
            }
        }
        return byCall;
    }

    /** @return true when the call or its agent changed */
    private boolean reconcile(Call call, Legs legs) {
        String bridgedWith = null;
        String ringing = null;
        for (Map.Entry<String, Boolean> e : legs.agents().entrySet()) {
            if (engine.agentsByExtension.get(e.getKey()) == null) {
                continue; // a leg that is no agent's phone (the caller's own Local half, a transfer target...)
            }
            if (e.getValue()) {
                bridgedWith = e.getKey();
            } else if (ringing == null) {
                ringing = e.getKey();
            }
        }
        if (bridgedWith != null) {
            boolean changed = talking(call, bridgedWith);
            if (call.state() == CallState.TALKING && call.agentChannel() == null && bridgedWith.equals(
                    engine.agentById(call.agentId()).extension())) {
                // the answer was missed: the leg is needed for hold and supervision
                call.setAgentChannel(legs.bridgedChannels().get(bridgedWith));
            }
            return changed;
        }
        if (ringing != null) {
            if (call.state() == CallState.QUEUED) {
                return giveBack(call, ringing, false);
            }
            return false; // ringing the agent it is offered to (or talking: the hang-up will come)
        }
        if (call.state() == CallState.OFFERED) {
            // no agent leg: the dial ended while we were away and the call is back at the route point
            Agent agent = engine.agentById(call.agentId());
            log.info("call {} no longer rings agent {}: offer released", call.id(), call.agentId());
            call.closeSegment(engine.epochMs, "offer lost while PBX link was down");
            call.requeue();
            agent.setCurrentCallId(null);
            engine.transition(agent, AgentState.READY, "");
            engine.requeue(call);
            return true;
        }
        return false;
    }

    private boolean talking(Call call, String extension) {
        if (call.state() == CallState.TALKING) {
            return false;
        }
        if (call.isOfferedTo(extension)) {
            log.info("call {} was answered by {} while the PBX link was down", call.id(), extension);
            outcomes.answered(call);
            return true;
        }
        return giveBack(call, extension, true);
    }

    /**
     * The PBX connects the call with an agent the engine did not offer it to (its route's response was lost with
     * the link, so the engine took the offer back): offer it to that agent again if READY, and answer it if bridged.
     */
    private boolean giveBack(Call call, String extension, boolean answered) {
        Agent agent = engine.agentsByExtension.get(extension);
        if (call.state() != CallState.QUEUED || agent.state() != AgentState.READY) {
            log.warn("call {} ({}) is with extension {} at the PBX but agent {} is {}: left as it is",
                    call.id(), call.state(), extension, agent.id(), agent.state());
            return false;
        }
        log.info("call {} is {} agent {} at the PBX: re-attached", call.id(), answered ? "talking with" : "ringing", agent.id());
        engine.unqueue(call);
        engine.reserve(call, agent);
        if (answered) {
            outcomes.answered(call);
        }
        return true;
    }

    /** No agent RESERVED or TALKING without the call that makes it so. */
    private int releaseOrphanAgents() {
        int released = 0;
        for (Agent agent : engine.agentsInIdOrder()) {
            AgentState state = agent.state();
            if (state != AgentState.RESERVED && state != AgentState.TALKING) {
                continue;
            }
            Call call = agent.currentCallId() == null ? null : engine.callById(agent.currentCallId());
            CallState expected = state == AgentState.RESERVED ? CallState.OFFERED : CallState.TALKING;
            if (call != null && call.state() == expected && agent.id().equals(call.agentId())) {
                continue;
            }
            log.warn("agent {} was {} without a call in progress: released", agent.id(), state);
            agent.setCurrentCallId(null);
            engine.transition(agent, state == AgentState.RESERVED ? AgentState.READY : AgentState.NOT_READY, "");
            released++;
        }
        return released;
    }
}
