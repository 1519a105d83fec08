package org.ctiserver.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.OutboundState;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound calls an agent places: a manual dial, or a booked callback when it is due. The agent's phone rings first
 * (Originate), then the number is dialed from it (trace 14). Part of the {@link Engine}.
 *
 * <p>During an outbound call the agent keeps its state (READY or NOT_READY) but is engaged: routing offers it nothing
 * until the call ends (failed, hung up, lost at a resync, or the agent logged out). An outbound call has no queue,
 * no wrap-up and no queue statistics; its phases are told by {@link CtiEvent.OutboundCallChanged}: DIALING when asked,
 * CONNECTED when the number answered, FAILED (the reason is the Originate's outcome or the dial status) or ENDED.
 *
 * <p>A callback is tried when due, and every {@link #RETRY_NS} after that while its agent is not READY, engaged or
 * held by its phone; it waits as long as needed (it is a promise to the customer), in memory only.
 */
final class OutboundCalls {
    private static final Logger log = LoggerFactory.getLogger(OutboundCalls.class);

    static final long RETRY_NS = 10_000_000_000L;

    private static final class Outbound {
        final String requestId;
        final String agentId;
        final String number;
        String uniqueId;
        String agentChannel;
        String remoteChannel;
        boolean connected;

        Outbound(String requestId, String agentId, String number) {
            this.requestId = requestId;
            this.agentId = agentId;
            this.number = number;
        }
    }

    private record Callback(String id, String agentId, String number, long dueEpochMs, String note) {
    }

    private final Engine engine;
    private final Map<String, Outbound> byRequest = new LinkedHashMap<>();
    private final Map<String, Outbound> byUniqueId = new HashMap<>();
    private final Map<String, Outbound> byAgent = new HashMap<>();
    private final Map<String, Callback> callbacks = new LinkedHashMap<>();
    private final Map<String, Long> callbackTokens = new HashMap<>();
    private long requests;

    OutboundCalls(Engine engine) {
        this.engine = engine;
    }

    // ------------------------------------------------------------------ commands

    CommandResult dial(Agent agent, String number) {
        if (!CallControl.validNumber(number)) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "'" + number + "' is not a number to dial");
        }
        CommandResult busy = busy(agent);
        if (busy != null) {
            return busy;
        }
        start(agent, number.trim(), "out-" + (++requests));
        return CommandResult.ok();
    }

    /** Null when the agent may place a call now. */
    private CommandResult busy(Agent agent) {
        if (agent.state() != AgentState.READY && agent.state() != AgentState.NOT_READY) {
            return CallControl.illegal("agent " + agent.id() + " cannot place a call while " + agent.state());
        }
        if (agent.engagement() != null) {
            return CallControl.illegal("agent " + agent.id() + " is busy: " + agent.engagement());
        }
        return null;
    }

    CommandResult schedule(Agent agent, AgentCommand.ScheduleCallback c) {
        if (!CallControl.validNumber(c.number())) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "'" + c.number() + "' is not a number to dial");
        }
        if (c.dueEpochMs() <= 0) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "the callback's due time is missing");
        }
        String note = c.note() == null ? "" : c.note();
        Callback cb = new Callback("cb-" + (++requests), agent.id(), c.number().trim(), c.dueEpochMs(), note);
        callbacks.put(cb.id(), cb);
        long inNs = Math.max(0, c.dueEpochMs() - engine.epochMs) * 1_000_000L;
        callbackTokens.put(cb.id(), engine.scheduleTimer(engine.nowNs + inNs, Timers.Kind.CALLBACK_DUE, cb.id()));
        engine.emit(new CtiEvent.CallbackScheduled(engine.nextSeq(), engine.epochMs, cb.id(), agent.id(), cb.number(),
                cb.dueEpochMs(), note));
        return CommandResult.ok();
    }

    /** A callback's timer fired: dial it if its agent is available, else try again later. */
    void callbackDue(String callbackId, long token) {
        Callback cb = callbacks.get(callbackId);
        Long current = callbackTokens.get(callbackId);
        if (cb == null || current == null || current != token) {
            return;
        }
        Agent agent = engine.agentById(cb.agentId());
        if (agent != null && engine.phones().offerable(agent)) {
            callbacks.remove(callbackId);
            callbackTokens.remove(callbackId);
            log.info("callback {} to {} is due: agent {} dials it", cb.id(), cb.number(), agent.id());
            start(agent, cb.number(), cb.id());
        } else {
            callbackTokens.put(callbackId, engine.scheduleTimer(engine.nowNs + RETRY_NS, Timers.Kind.CALLBACK_DUE,
                    callbackId));
        }
    }

    /** Callbacks booked and not dialed yet. */
    int pendingCallbacks() {
        return callbacks.size();
    }

    private void start(Agent agent, String number, String requestId) {
        Outbound o = new Outbound(requestId, agent.id(), number);
        byRequest.put(requestId, o);
        byAgent.put(agent.id(), o);
        engine.phones().engage(agent, "outbound call " + requestId);
        long ringMs = engine.config().ringTimeout().isZero() || engine.config().ringTimeout().isNegative()
                ? Consultations.DEFAULT_RING_MS : engine.config().ringTimeout().toMillis();
        engine.pbx(new PbxCommand.Originate(requestId, requestId, agent.extension(),
                new PbxCommand.Destination.External(number), agent.profile().name(), agent.extension(),
                CallControl.vars("CTI_AGENT_ID", agent.id(), "CTI_REQUEST_ID", requestId), ringMs));
        changed(o, OutboundState.DIALING, "");
    }

    /** The agent's Hangup: ends its outbound call's line. False when it has none it can hang up. */
    boolean hangup(Agent agent) {
        Outbound o = byAgent.get(agent.id());
        if (o == null || o.agentChannel == null) {
            return false;
        }
        engine.pbx(new PbxCommand.HangupChannel(o.requestId, o.agentChannel));
        return true;
    }

    /** DTMF to the far end of the agent's connected outbound call. */
    boolean sendDtmf(Agent agent, String digits) {
        Outbound o = byAgent.get(agent.id());
        if (o == null || !o.connected || o.remoteChannel == null) {
            return false;
        }
        engine.pbx(new PbxCommand.SendDtmf(o.requestId, o.remoteChannel, digits));
        return true;
    }

    // ------------------------------------------------------------------ PBX events

    boolean on(PbxEvent event) {
        if (byRequest.isEmpty()) {
            return false;
        }
        if (event instanceof PbxEvent.OriginateResult e) {
            Outbound o = byRequest.get(e.requestId());
            if (o == null) {
                return false;
            }
            if (e.outcome() == PbxEvent.OriginateOutcome.ANSWERED && e.uniqueId() != null && !e.uniqueId().isBlank()) {
                // the agent's phone answered; the number is dialed now
                o.uniqueId = e.uniqueId();
                o.agentChannel = e.channel();
                byUniqueId.put(o.uniqueId, o);
            } else {
                finish(o, OutboundState.FAILED, "agent's phone: " + lower(e.outcome()));
            }
            return true;
        } else if (event instanceof PbxEvent.AgentRinging e) {
            Outbound o = byUniqueId.get(e.callId());
            if (o != null) {
                o.remoteChannel = e.agentChannel();
            }
            return o != null;
        } else if (event instanceof PbxEvent.AgentAnswered e) {
            Outbound o = byUniqueId.get(e.callId());
            if (o != null && !o.connected) {
                o.remoteChannel = e.agentChannel();
                o.connected = true;
                changed(o, OutboundState.CONNECTED, "");
            }
            return o != null;
        } else if (event instanceof PbxEvent.AgentDialFailed e) {
            Outbound o = byUniqueId.get(e.callId());
            if (o != null && !o.connected) {
                finish(o, OutboundState.FAILED, e.dialStatus() == null ? "failed" : e.dialStatus().toLowerCase(Locale.ROOT));
            }
            return o != null;
        } else if (event instanceof PbxEvent.ChannelHungUp e) {
            Outbound o = byUniqueId.get(e.uniqueId());
            if (o == null && e.channel() != null) {
                for (Outbound x : byRequest.values()) {
                    if (e.channel().equals(x.remoteChannel)) {
                        o = x;
                        break;
                    }
                }
            }
            if (o == null) {
                return false;
            }
            String cause = e.causeText() == null || e.causeText().isBlank() ? "cause " + e.cause() : e.causeText();
            finish(o, o.connected ? OutboundState.ENDED : OutboundState.FAILED, cause);
            return true;
        } else if (event instanceof PbxEvent.CommandFailed e && e.command() instanceof PbxCommand.Originate c) {
            Outbound o = byRequest.get(c.requestId());
            if (o == null) {
                return false;
            }
            finish(o, OutboundState.FAILED, "originate failed: " + e.message());
            return true;
        }
        return false;
    }

    private void finish(Outbound o, OutboundState state, String reason) {
        byRequest.remove(o.requestId);
        byAgent.remove(o.agentId);
        if (o.uniqueId != null) {
            byUniqueId.remove(o.uniqueId);
        }
        changed(o, state, reason);
        Agent agent = engine.agentById(o.agentId);
        if (agent != null && ("outbound call " + o.requestId).equals(agent.engagement())) {
            engine.phones().disengage(agent);
        }
    }

    private void changed(Outbound o, OutboundState state, String reason) {
        engine.emit(new CtiEvent.OutboundCallChanged(engine.nextSeq(), engine.epochMs, o.agentId, o.requestId, o.number,
                state, reason));
    }

    private static String lower(Enum<?> e) {
        return e == null ? "failed" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    // ------------------------------------------------------------------ engine hooks

    void loggedOut(Agent agent) {
        Outbound o = byAgent.get(agent.id());
        if (o != null) {
            finish(o, o.connected ? OutboundState.ENDED : OutboundState.FAILED, "agent logged out");
        }
    }

    /**
     * After a snapshot: a call whose line is gone ended while the link was down; one whose Originate outcome was lost
     * with the link never gets it (its ActionID belonged to the old connection): it is given up, and the agent's
     * phone, if busy with it, keeps the agent from being offered calls until it is idle.
     */
    void resync(Set<String> uniqueIds) {
        for (Outbound o : new ArrayList<>(byRequest.values())) {
            if (o.uniqueId == null) {
                finish(o, OutboundState.FAILED, "lost with the PBX link");
            } else if (!uniqueIds.contains(o.uniqueId)) {
                finish(o, o.connected ? OutboundState.ENDED : OutboundState.FAILED, "ended while PBX link was down");
            }
        }
    }
}
