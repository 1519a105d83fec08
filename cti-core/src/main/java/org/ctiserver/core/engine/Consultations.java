package org.ctiserver.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.ConsultState;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consultations: the caller waits parked while the agent's phone calls another agent or a number (AMI-only, trace
 * 09b); then the agent completes the transfer, cancels, or makes a conference. Part of the {@link Engine}.
 *
 * <p>The consultation call is a new PBX call with its own id: the engine learns it from the Originate's outcome
 * (matched by request id) and from then on maps the dial events of that id (ringing, answer, failure) and the
 * hang-ups of its legs to the consulted call. An agent who is consulted is engaged: routing offers it nothing
 * until the consultation ends. When the consultation cannot go on and the agent has no line to take the caller
 * back on (its consultation line never answered or hung up), the caller is routed back to the agent's phone; if
 * that is not answered either, the dialplan puts the call back at the route point and it waits again.
 */
final class Consultations {
    private static final Logger log = LoggerFactory.getLogger(Consultations.class);

    /** How long the agent's own phone rings for a consultation line when no ring timeout is configured. */
    static final long DEFAULT_RING_MS = 30_000;

    /** One consultation of a call. */
    static final class Consult {
        final String callId;
        final String agentId;
        final String targetKind;
        /** The target agent's id, or the number. */
        final String target;
        final String requestId;
        /** The consultation call's id (the agent's consultation line), once the Originate answered. */
        String uniqueId;
        /** The agent's consultation line. */
        String agentChannel;
        /** The consulted party's leg, from its ringing on. */
        String consultedLeg;
        /** null while the agent's own phone rings for the consultation line. */
        ConsultState state;
        String room;
        boolean conferenceStarted;

        Consult(String callId, String agentId, String targetKind, String target, String requestId) {
            this.callId = callId;
            this.agentId = agentId;
            this.targetKind = targetKind;
            this.target = target;
            this.requestId = requestId;
        }

        boolean toAgent() {
            return "agent".equals(targetKind);
        }
    }

    private final Engine engine;
    private final CallControl control;
    private final OfferOutcomes outcomes;
    private final Map<String, Consult> byCall = new LinkedHashMap<>();
    private final Map<String, Consult> byRequest = new HashMap<>();
    private final Map<String, Consult> byUniqueId = new HashMap<>();
    private long requests;

    Consultations(Engine engine, CallControl control, OfferOutcomes outcomes) {
        this.engine = engine;
        this.control = control;
        this.outcomes = outcomes;
    }

    Consult of(String callId) {
        return byCall.get(callId);
    }

    /** The conference room of a call: its id, with anything but letters and digits made '-'. */
    static String room(String callId) {
        return "cti-" + callId.replaceAll("[^0-9A-Za-z]", "-");
    }

    // ------------------------------------------------------------------ commands

    CommandResult consult(Agent agent, AgentCommand.Target target) {
        Call call = control.talkingCall(agent);
        if (call == null) {
            return CallControl.noCall(agent);
        }
        if (byCall.containsKey(call.id())) {
            return CallControl.illegal("call " + call.id() + " is already in a consultation");
        }
        Agent targetAgent = null;
        PbxCommand.Destination destination;
        String kind;
        String targetId;
        if (target instanceof AgentCommand.Target.Agent t) {
            targetAgent = engine.agentById(t.agentId());
            CommandResult bad = control.checkTargetAgent(agent, targetAgent, t.agentId());
            if (bad != null) {
                return bad;
            }
            destination = new PbxCommand.Destination.AgentPhone(targetAgent.extension());
            kind = "agent";
            targetId = targetAgent.id();
        } else if (target instanceof AgentCommand.Target.Number t) {
            if (!CallControl.validNumber(t.number())) {
                return CommandResult.error(ErrorCode.INVALID_TARGET, "'" + t.number() + "' is not a number to dial");
            }
            destination = new PbxCommand.Destination.External(t.number().trim());
            kind = "number";
            targetId = t.number().trim();
        } else {
            return CommandResult.error(ErrorCode.INVALID_TARGET, "a consultation goes to an agent or a number");
        }
        Consult c = new Consult(call.id(), agent.id(), kind, targetId, "consult-" + (++requests) + "-" + call.id());
        byCall.put(call.id(), c);
        byRequest.put(c.requestId, c);
        if (targetAgent != null) {
            engine.phones().engage(targetAgent, "consulted on call " + call.id());
        }
        long ringMs = engine.config().ringTimeout().isZero() || engine.config().ringTimeout().isNegative()
                ? DEFAULT_RING_MS : engine.config().ringTimeout().toMillis();
        // the agent's leg drops when the caller is parked: the agent talks on the consultation line from now on
        call.setAgentChannel(null);
        engine.pbx(new PbxCommand.ParkCaller(call.id(), call.channel()));
        engine.pbx(new PbxCommand.Originate(call.id(), c.requestId, agent.extension(), destination,
                agent.profile().name(), agent.extension(),
                CallControl.vars("CTI_CALL_ID", call.id(), "CTI_AGENT_ID", agent.id()), ringMs));
        return CommandResult.ok();
    }

    private static CommandResult noConsultation(Agent agent, Call call) {
        return call == null ? CallControl.noCall(agent) : CallControl.illegal("call " + call.id() + " has no consultation");
    }

    private static CommandResult notConnected(Call call, Consult c) {
        return CallControl.illegal("the consultation of call " + call.id() + " is not connected ("
                + (c.state == null ? "dialing" : c.state) + ")");
    }

    CommandResult complete(Agent agent) {
        Call call = control.talkingCall(agent);
        Consult c = call == null ? null : byCall.get(call.id());
        if (c == null) {
            return noConsultation(agent, call);
        }
        if (c.state != ConsultState.CONNECTED) {
            return notConnected(call, c);
        }
        engine.pbx(new PbxCommand.BridgeChannels(call.id(), call.channel(), c.consultedLeg));
        changed(c, ConsultState.COMPLETED, "");
        handOver(call, c, c.consultedLeg);
        call.setBridgePending(true);
        return CommandResult.ok();
    }

    CommandResult cancel(Agent agent) {
        Call call = control.talkingCall(agent);
        Consult c = call == null ? null : byCall.get(call.id());
        if (c == null) {
            return noConsultation(agent, call);
        }
        if (c.state == ConsultState.CONFERENCED) {
            return CallControl.illegal("call " + call.id() + " is a conference now");
        }
        if (c.agentChannel == null) {
            return CallControl.illegal("the consultation line of call " + call.id() + " is not answered yet");
        }
        // bridge first: hanging up the consulted leg first would end the Dial that carries the agent's line too;
        // the consulted leg, left alone, then ends by itself (the hang-up is for a PBX that keeps it)
        engine.pbx(new PbxCommand.BridgeChannels(call.id(), call.channel(), c.agentChannel));
        if (c.consultedLeg != null) {
            engine.pbx(new PbxCommand.HangupChannel(call.id(), c.consultedLeg));
        }
        call.setAgentChannel(c.agentChannel);
        call.setBridgePending(true);
        end(c);
        changed(c, ConsultState.CANCELLED, "");
        return CommandResult.ok();
    }

    CommandResult conference(Agent agent) {
        Call call = control.talkingCall(agent);
        Consult c = call == null ? null : byCall.get(call.id());
        if (c == null) {
            return noConsultation(agent, call);
        }
        if (c.state != ConsultState.CONNECTED) {
            return notConnected(call, c);
        }
        c.room = room(call.id());
        engine.pbx(new PbxCommand.Conference(call.id(), c.room, List.of(call.channel(), c.agentChannel, c.consultedLeg)));
        call.setAgentChannel(c.agentChannel);
        changed(c, ConsultState.CONFERENCED, "");
        return CommandResult.ok();
    }

    // ------------------------------------------------------------------ PBX events

    /** @return true when the event belonged to a consultation */
    boolean on(PbxEvent event) {
        if (byCall.isEmpty()) {
            return false;
        }
        if (event instanceof PbxEvent.OriginateResult e) {
            Consult c = byRequest.get(e.requestId());
            if (c == null) {
                return false;
            }
            originated(c, e);
            return true;
        } else if (event instanceof PbxEvent.AgentRinging e) {
            Consult c = byUniqueId.get(e.callId());
            if (c == null) {
                return false;
            }
            if (c.state == null) {
                c.consultedLeg = e.agentChannel();
                changed(c, ConsultState.RINGING, "");
            }
            return true;
        } else if (event instanceof PbxEvent.AgentAnswered e) {
            Consult c = byUniqueId.get(e.callId());
            if (c == null) {
                return false;
            }
            if (c.state == null || c.state == ConsultState.RINGING) {
                c.consultedLeg = e.agentChannel();
                changed(c, ConsultState.CONNECTED, "");
            }
            return true;
        } else if (event instanceof PbxEvent.AgentDialFailed e) {
            Consult c = byUniqueId.get(e.callId());
            if (c == null) {
                return false;
            }
            if (c.state == null || c.state == ConsultState.RINGING) {
                failed(c, e.dialStatus() == null || e.dialStatus().isBlank() ? "no answer" : e.dialStatus());
            }
            return true;
        } else if (event instanceof PbxEvent.ChannelHungUp e) {
            return hungUp(e);
        } else if (event instanceof PbxEvent.ConferenceChanged e) {
            conferenceChanged(e);
            return false;
        } else if (event instanceof PbxEvent.CommandFailed e) {
            return commandFailed(e);
        }
        return false;
    }

    private void originated(Consult c, PbxEvent.OriginateResult e) {
        byRequest.remove(c.requestId);
        if (e.outcome() != PbxEvent.OriginateOutcome.ANSWERED || e.uniqueId() == null || e.uniqueId().isBlank()) {
            // the agent's own phone did not take the consultation line: the caller goes back to the agent's phone
            lost(c, "agent's phone: " + lower(e.outcome()));
            return;
        }
        c.uniqueId = e.uniqueId();
        c.agentChannel = e.channel();
        byUniqueId.put(c.uniqueId, c);
    }

    private boolean hungUp(PbxEvent.ChannelHungUp e) {
        Consult line = byUniqueId.get(e.uniqueId());
        if (line != null) {
            Call call = engine.callById(line.callId);
            if (line.state == ConsultState.CONFERENCED && call != null) {
                // the agent left the conference: the consulted party keeps the caller
                changed(line, ConsultState.COMPLETED, "agent left the conference");
                handOver(call, line, line.consultedLeg);
            } else {
                lost(line, "agent hung up the consultation");
            }
            return true;
        }
        for (Consult c : byCall.values()) {
            if (c.consultedLeg != null && c.consultedLeg.equals(e.channel())) {
                if (c.state == ConsultState.CONFERENCED) {
                    log.info("consulted party {} left the conference of call {}", c.target, c.callId);
                    end(c);
                } else {
                    c.consultedLeg = null;
                    failed(c, "consulted party hung up");
                }
                return true;
            }
        }
        return false;
    }

    private void conferenceChanged(PbxEvent.ConferenceChanged e) {
        for (Consult c : byCall.values()) {
            if (c.state == ConsultState.CONFERENCED && !c.conferenceStarted && e.joined() && Objects.equals(c.room, e.room())) {
                c.conferenceStarted = true;
                engine.emit(new CtiEvent.ConferenceStarted(engine.nextSeq(), engine.epochMs, c.agentId, c.callId, c.room));
                Call call = engine.callById(c.callId);
                if (call != null && call.held()) {
                    // the caller hears the conference, no longer the music
                    call.setHeld(false);
                    engine.emit(new CtiEvent.CallHoldChanged(engine.nextSeq(), engine.epochMs, c.agentId, c.callId, false));
                }
                return;
            }
        }
    }

    private boolean commandFailed(PbxEvent.CommandFailed e) {
        PbxCommand cmd = e.command();
        Consult c = cmd == null ? null : byCall.get(cmd.callId());
        if (c == null) {
            return false;
        }
        if (cmd instanceof PbxCommand.Originate o && o.requestId().equals(c.requestId)) {
            byRequest.remove(c.requestId);
            lost(c, "originate failed: " + e.message());
            return true;
        } else if (cmd instanceof PbxCommand.Conference) {
            log.warn("conference of call {} failed: {}", c.callId, e.message());
            changed(c, ConsultState.FAILED, "conference failed: " + e.message());
            // the three legs are where they were: the agent may still complete or cancel
            c.state = ConsultState.CONNECTED;
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ outcomes

    /** The consulted party could not be reached or left: the agent may still take the caller back (cancel). */
    private void failed(Consult c, String reason) {
        c.consultedLeg = null;
        releaseTarget(c);
        changed(c, ConsultState.FAILED, reason);
    }

    /**
     * The agent has no consultation line (it never answered, or hung up): the consultation is over and the parked
     * caller is routed back to the agent's phone.
     */
    private void lost(Consult c, String reason) {
        ConsultState state = c.state == null ? ConsultState.FAILED : ConsultState.CANCELLED;
        end(c);
        changed(c, state, reason);
        Call call = engine.callById(c.callId);
        Agent agent = engine.agentById(c.agentId);
        if (call != null && call.state() == CallState.TALKING && agent != null && agent.extension() != null) {
            log.info("call {}: {}; routed back to agent {}", c.callId, reason, agent.id());
            engine.pbx(new PbxCommand.RouteToAgent(call.id(), call.channel(), agent.extension()));
        }
    }

    /**
     * The consulted party keeps the caller: an agent becomes the call's agent (offered and answered at once), a
     * number takes the call out of the CTI. The first agent wraps up either way.
     */
    private void handOver(Call call, Consult c, String leg) {
        end(c);
        Agent from = engine.agentById(c.agentId);
        Agent to = c.toAgent() ? engine.agentById(c.target) : null;
        if (to != null && to.state() == AgentState.NOT_READY && to.pendingNotReadyReason() == null) {
            // it went not ready while consulted, but it is on the phone with the caller now
            engine.transition(to, AgentState.READY, "");
        }
        if (to == null || to.state() != AgentState.READY) {
            // logged out or busy meanwhile: the caller is with its phone, no longer with an agent of the CTI
            control.emitTransferred(call, from, c.targetKind, c.target, true);
            engine.countersOf(call.queueId()).callTransferred();
            engine.endings().callGone(call, CallControl.TRANSFERRED, true);
            return;
        }
        control.emitTransferred(call, from, "agent", to.id(), true);
        engine.endings().leaveAgent(call, "transferred to agent " + to.id() + " after a consultation");
        engine.reserve(call, to);
        call.setAgentChannel(leg);
        outcomes.answered(call);
    }

    private void end(Consult c) {
        byCall.remove(c.callId);
        byRequest.remove(c.requestId);
        if (c.uniqueId != null) {
            byUniqueId.remove(c.uniqueId);
        }
        releaseTarget(c);
    }

    private void releaseTarget(Consult c) {
        Agent to = c.toAgent() ? engine.agentById(c.target) : null;
        if (to != null && to.engagement() != null && to.engagement().endsWith(" " + c.callId)) {
            engine.phones().disengage(to);
        }
    }

    private void changed(Consult c, ConsultState state, String reason) {
        c.state = state;
        engine.emit(new CtiEvent.ConsultChanged(engine.nextSeq(), engine.epochMs, c.agentId, c.callId, c.targetKind,
                c.target, state, reason));
    }

    private static String lower(Enum<?> e) {
        return e == null ? "failed" : e.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    // ------------------------------------------------------------------ engine hooks

    /** The call ended while consulting: the consultation ends with it (the lines themselves stay the phones'). */
    void callEnded(Call call) {
        Consult c = byCall.get(call.id());
        if (c != null) {
            end(c);
            changed(c, ConsultState.CANCELLED, "call ended");
        }
    }

    /** The call went back to the route point: same as its end for the consultation. */
    void callLeftAgent(Call call) {
        callEnded(call);
    }

    /** A consulted agent logged out: the consultation goes on with the phone, no longer with the agent. */
    void targetLoggedOut(Agent agent) {
        for (Consult c : new ArrayList<>(byCall.values())) {
            if (c.toAgent() && c.target.equals(agent.id())) {
                releaseTarget(c);
            } else if (c.agentId.equals(agent.id())) {
                end(c);
            }
        }
    }

    /**
     * After a snapshot: a consultation line or a consulted leg that is gone ended while the link was down; a
     * consultation whose Originate outcome was lost with the link never gets it: the caller goes back to the agent.
     */
    void resync(Set<String> uniqueIds, Set<String> channels) {
        for (Consult c : new ArrayList<>(byCall.values())) {
            if (engine.callById(c.callId) == null) {
                end(c);
            } else if (c.uniqueId == null) {
                lost(c, "consultation line lost with the PBX link");
            } else if (!uniqueIds.contains(c.uniqueId)) {
                if (c.state == ConsultState.CONFERENCED) {
                    changed(c, ConsultState.COMPLETED, "agent left the conference");
                    handOver(engine.callById(c.callId), c, c.consultedLeg);
                } else {
                    lost(c, "consultation line ended while the PBX link was down");
                }
            } else if (c.consultedLeg != null && !channels.contains(c.consultedLeg)
                    && c.state != ConsultState.FAILED) {
                if (c.state == ConsultState.CONFERENCED) {
                    end(c);
                } else {
                    c.consultedLeg = null;
                    failed(c, "consulted party hung up while the PBX link was down");
                }
            }
        }
    }
}
