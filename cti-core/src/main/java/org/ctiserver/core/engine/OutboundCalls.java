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
 * <p>A callback is a preview call: when due, and every {@link #RETRY_NS} after that while its agent is not READY,
 * engaged or held by its phone, it is offered to its agent ({@link CtiEvent.PreviewOffered}), who is engaged (offered
 * no inbound call) until it accepts the preview (then the call is placed as above) or skips it; a preview left
 * unanswered past {@link PreviewSettings#answerTimeout()} is skipped by itself. A skipped callback is offered again
 * after {@link PreviewSettings#retryAfterSkip()}, and dropped after {@link PreviewSettings#maxSkips()} skips. Callbacks
 * wait as long as needed otherwise (they are promises to the customer), in memory only.
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
        /** The booked callback this call carries out, else null (a manual dial). */
        Callback callback;

        Outbound(String requestId, String agentId, String number) {
            this.requestId = requestId;
            this.agentId = agentId;
            this.number = number;
        }
    }

    private record Callback(String id, String agentId, String number, long dueEpochMs, String note, int skips) {
        Callback skipped() {
            return new Callback(id, agentId, number, dueEpochMs, note, skips + 1);
        }
    }

    /** A callback offered to its agent, waiting for accept or skip; its deadline timer carries the preview id. */
    private record Preview(String id, Callback callback, long deadlineEpochMs) {
    }

    static final String PREVIEW_KIND_CALLBACK = "callback";
    private static final String PREVIEW_PREFIX = "pv-";

    private final Engine engine;
    private final Map<String, Outbound> byRequest = new LinkedHashMap<>();
    private final Map<String, Outbound> byUniqueId = new HashMap<>();
    private final Map<String, Outbound> byAgent = new HashMap<>();
    private final Map<String, Callback> callbacks = new LinkedHashMap<>();
    private final Map<String, Long> callbackTokens = new HashMap<>();
    private final Map<String, Preview> previews = new HashMap<>();
    private final Map<String, Preview> previewByAgent = new HashMap<>();
    private PreviewSettings previewSettings = PreviewSettings.DEFAULTS;
    private long requests;

    OutboundCalls(Engine engine) {
        this.engine = engine;
    }

    void setPreviewSettings(PreviewSettings settings) {
        this.previewSettings = settings;
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
        Callback cb = new Callback("cb-" + (++requests), agent.id(), c.number().trim(), c.dueEpochMs(), note, 0);
        callbackAt(cb, c.dueEpochMs());
        engine.emit(new CtiEvent.CallbackScheduled(engine.nextSeq(), engine.epochMs, cb.id(), agent.id(), cb.number(),
                cb.dueEpochMs(), note));
        return CommandResult.ok();
    }

    private void callbackAt(Callback cb, long atEpochMs) {
        callbacks.put(cb.id(), cb);
        long inNs = Math.max(0, atEpochMs - engine.epochMs) * 1_000_000L;
        callbackTokens.put(cb.id(), engine.scheduleTimer(engine.nowNs + inNs, Timers.Kind.CALLBACK_DUE, cb.id()));
    }

    /**
     * A callback's timer fired: offer it to its agent as a preview if the agent is available, else try again later.
     * The same timer kind carries a preview's deadline (its id starts with {@value #PREVIEW_PREFIX}).
     */
    void callbackDue(String id, long token) {
        if (id.startsWith(PREVIEW_PREFIX)) {
            previewDeadline(id, token);
            return;
        }
        Callback cb = callbacks.get(id);
        Long current = callbackTokens.get(id);
        if (cb == null || current == null || current != token) {
            return;
        }
        Agent agent = engine.agentById(cb.agentId());
        if (agent != null && engine.phones().offerable(agent)) {
            callbacks.remove(id);
            callbackTokens.remove(id);
            offerPreview(agent, cb);
        } else {
            callbackTokens.put(id, engine.scheduleTimer(engine.nowNs + RETRY_NS, Timers.Kind.CALLBACK_DUE, id));
        }
    }

    private void offerPreview(Agent agent, Callback cb) {
        Preview p = new Preview(PREVIEW_PREFIX + (++requests), cb,
                engine.epochMs + previewSettings.answerTimeout().toMillis());
        previews.put(p.id(), p);
        previewByAgent.put(agent.id(), p);
        engine.phones().engage(agent, engagement(p));
        log.info("callback {} to {} is due: offered to agent {} as preview {}", cb.id(), cb.number(), agent.id(), p.id());
        engine.emit(new CtiEvent.PreviewOffered(engine.nextSeq(), engine.epochMs, agent.id(), p.id(), cb.number(),
                cb.note(), PREVIEW_KIND_CALLBACK, p.deadlineEpochMs()));
        // the deadline timer's token is not kept: a preview that already ended is no longer in the map
        engine.scheduleTimer(engine.nowNs + previewSettings.answerTimeout().toNanos(), Timers.Kind.CALLBACK_DUE, p.id());
    }

    private static String engagement(Preview p) {
        return "preview " + p.id();
    }

    CommandResult acceptPreview(Agent agent, String previewId) {
        Preview p = pending(agent, previewId);
        if (p == null) {
            return notPending(agent, previewId);
        }
        if (agent.state() != AgentState.READY && agent.state() != AgentState.NOT_READY) {
            return CallControl.illegal("agent " + agent.id() + " cannot place a call while " + agent.state());
        }
        endPreview(agent, p, CtiEvent.PreviewOutcome.ACCEPTED, "", 0);
        start(agent, p.callback().number(), p.callback().id()).callback = p.callback();
        return CommandResult.ok();
    }

    CommandResult skipPreview(Agent agent, String previewId, String reason) {
        Preview p = pending(agent, previewId);
        if (p == null) {
            return notPending(agent, previewId);
        }
        putBack(agent, p, CtiEvent.PreviewOutcome.SKIPPED, reason == null ? "" : reason.strip());
        return CommandResult.ok();
    }

    private Preview pending(Agent agent, String previewId) {
        Preview p = previewId == null ? null : previews.get(previewId);
        return p != null && p.callback().agentId().equals(agent.id()) ? p : null;
    }

    private static CommandResult notPending(Agent agent, String previewId) {
        return CallControl.illegal("no preview call '" + previewId + "' is pending for agent " + agent.id());
    }

    private void previewDeadline(String previewId, long token) {
        Preview p = previews.get(previewId);
        if (p == null) {
            return;
        }
        Agent agent = engine.agentById(p.callback().agentId());
        putBack(agent, p, CtiEvent.PreviewOutcome.TIMED_OUT, "not answered in time");
    }

    /** A skip or a timeout: the callback is offered again later, or dropped when skipped too often. */
    private void putBack(Agent agent, Preview p, CtiEvent.PreviewOutcome outcome, String reason) {
        Callback cb = p.callback().skipped();
        if (cb.skips() >= previewSettings.maxSkips()) {
            log.info("callback {} to {} dropped after {} skips", cb.id(), cb.number(), cb.skips());
            endPreview(agent, p, outcome, reason, 0);
        } else {
            long retry = engine.epochMs + previewSettings.retryAfterSkip().toMillis();
            endPreview(agent, p, outcome, reason, retry);
            callbackAt(cb, retry);
        }
    }

    private void endPreview(Agent agent, Preview p, CtiEvent.PreviewOutcome outcome, String reason, long retryEpochMs) {
        previews.remove(p.id());
        previewByAgent.remove(p.callback().agentId());
        engine.emit(new CtiEvent.PreviewEnded(engine.nextSeq(), engine.epochMs, p.callback().agentId(), p.id(), outcome,
                reason, retryEpochMs));
        if (agent != null && engagement(p).equals(agent.engagement())) {
            engine.phones().disengage(agent);
        }
    }

    /** Previews offered and not answered yet. */
    int pendingPreviews() {
        return previews.size();
    }

    /** Callbacks booked and not offered yet (or put back after a skip). */
    int pendingCallbacks() {
        return callbacks.size();
    }

    private Outbound start(Agent agent, String number, String requestId) {
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
        return o;
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
        Preview p = previewByAgent.get(agent.id());
        if (p != null) {
            // not the agent's choice: the callback keeps its skips and is offered when the agent is back
            long retry = engine.epochMs + RETRY_NS / 1_000_000L;
            endPreview(agent, p, CtiEvent.PreviewOutcome.WITHDRAWN, "agent logged out", retry);
            callbackAt(p.callback(), retry);
        }
        Outbound o = byAgent.get(agent.id());
        if (o != null) {
            finish(o, o.connected ? OutboundState.ENDED : OutboundState.FAILED, "agent logged out");
        }
    }

    /**
     * After a snapshot: a call whose line is gone ended while the link was down; one whose Originate outcome was lost
     * with the link never gets it (its ActionID belonged to the old connection): it is given up, and the agent's
     * phone, if busy with it, keeps the agent from being offered calls until it is idle. A booked callback whose
     * customer was not reached is not lost with it: it is due again at once, offered to its agent as a preview
     * ({@link CtiEvent.CallbackScheduled} again, same id), its skips unchanged.
     */
    void resync(Set<String> uniqueIds) {
        for (Outbound o : new ArrayList<>(byRequest.values())) {
            if (o.uniqueId == null) {
                finish(o, OutboundState.FAILED, "lost with the PBX link");
            } else if (!uniqueIds.contains(o.uniqueId)) {
                finish(o, o.connected ? OutboundState.ENDED : OutboundState.FAILED, "ended while PBX link was down");
            } else {
                continue;
            }
            if (o.callback != null && !o.connected) {
                Callback cb = o.callback;
                log.info("callback {} to {} was being dialed when the PBX link was lost: due again", cb.id(), cb.number());
                callbackAt(cb, engine.epochMs);
                engine.emit(new CtiEvent.CallbackScheduled(engine.nextSeq(), engine.epochMs, cb.id(), cb.agentId(),
                        cb.number(), engine.epochMs, cb.note()));
            }
        }
    }
}
