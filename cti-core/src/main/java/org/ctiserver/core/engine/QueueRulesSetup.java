package org.ctiserver.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.queue.DialplanTargets;
import org.ctiserver.core.queue.OverflowAction;
import org.ctiserver.core.queue.OverflowRule;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.Router;
import org.ctiserver.core.stats.QueueCounters;
import org.ctiserver.core.store.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queues' overflow rules and opening hours, applied for the engine: a call entering a queue that is
 * closed, full or without agents, or waiting past the maximum, is moved to another queue (keeping its
 * original arrival) or hung up. Engine thread only.
 */
final class QueueRulesSetup {
    /** A call moved on this many times in a row stays where it is (rules sending calls round in a cycle). */
    private static final int MAX_MOVES = 3;

    /** What only the engine may do. */
    interface Engine {
        /** Hang the call up and end it as cleared by the system. */
        void hangUp(Call call, String reason);

        /** Send the caller to a dialplan action (voicemail, message) and end the call as cleared by the system. */
        void leave(Call call, org.ctiserver.core.pbx.PbxCommand.Destination.Dialplan to, String reason);

        /** Offer the caller a callback (the call leaves the router and waits for a key). */
        void offerCallback(Call call, String prompt, String reason);

        /** A callback request keeps its place whatever its queue's rules say (its caller is already gone). */
        boolean isCallbackRequest(Call call);

        /** Tell the listeners the call leaves its queue by an action. */
        void diverted(Call call, boolean closed, String action, String detail);

        /** The call now waits in another queue: re-arm its relaxation timer and tell the listeners. */
        void moved(Call call);
    }

    /** A call leaves its queue: where to, and why (the reason goes into the call's record). */
    record Decision(OverflowAction action, String reason, boolean closed) {
    }

    private static final Logger log = LoggerFactory.getLogger(QueueRulesSetup.class);

    private final Map<String, QueueRules> byQueue = new LinkedHashMap<>();
    /** call id -> token of its current max-wait timer (lazy cancel, as the other timers). */
    private final Map<String, Long> maxWaitTokens = new HashMap<>();
    private final Map<String, QueueConfig> queues;
    private final Map<String, QueueCounters> counters;
    private final Router router;
    private final Timers timers;
    private final RoutingSetup routing;
    private final List<Agent> agents;
    private final Engine engine;

    QueueRulesSetup(List<QueueRules> rules, Map<String, QueueConfig> queues, Map<String, QueueCounters> counters,
                    Router router, Timers timers, RoutingSetup routing, List<Agent> agents, Engine engine) {
        this.queues = queues;
        this.counters = counters;
        this.router = router;
        this.timers = timers;
        this.routing = routing;
        this.agents = agents;
        this.engine = engine;
        Set<String> queueIds = queues.keySet();
        for (QueueRules r : rules) {
            if (!queueIds.contains(r.queueId())) {
                throw new IllegalArgumentException("rules given for queue '" + r.queueId() + "', which is not configured");
            }
            if (byQueue.put(r.queueId(), r) != null) {
                throw new IllegalArgumentException("rules for queue '" + r.queueId() + "' given twice");
            }
            checkTarget(r, r.overflow() == null ? null : r.overflow().action(), queueIds);
            checkTarget(r, r.calendar() == null ? null : r.calendar().closedAction(), queueIds);
        }
    }

    private static void checkTarget(QueueRules r, OverflowAction a, Set<String> queueIds) {
        String queueId = r.queueId();
        if (a != null && a.type() == OverflowAction.Type.CALLBACK && r.callback() == null) {
            throw new IllegalArgumentException("queue '" + queueId + "' offers callbacks but has no callback rule");
        }
        if (a != null && a.type() == OverflowAction.Type.QUEUE && !queueIds.contains(a.targetQueueId())) {
            throw new IllegalArgumentException("queue '" + queueId + "' sends calls to unknown queue '"
                    + a.targetQueueId() + "'");
        }
    }

    boolean enabled() {
        return !byQueue.isEmpty();
    }

    /** Queues the call unless its queue's rules send it on (closed, full, nobody logged in). */
    void enter(Call call, long nowNs, long epochMs) {
        enter(call, 0, nowNs, epochMs);
    }

    private void enter(Call call, int moves, long nowNs, long epochMs) {
        String q = call.queueId();
        Decision d = enabled() ? atEntry(q, epochMs, router.waitingCount(q), () -> anyAgentLoggedIn(q)) : null;
        if (d != null && (d.action().type() != OverflowAction.Type.QUEUE || moves < MAX_MOVES)) {
            divert(call, d, moves, nowNs, epochMs);
            return;
        }
        armMaxWait(call, nowNs);
        router.enqueue(call);
    }

    /** The maximum wait of the call's queue runs from now (an earlier queue's timer goes stale). */
    private void armMaxWait(Call call, long nowNs) {
        long maxWait = maxWaitNs(call.queueId());
        if (maxWait > 0) {
            maxWaitTokens.put(call.id(), timers.schedule(nowNs + maxWait, Timers.Kind.MAX_WAIT, call.id()));
        } else {
            maxWaitTokens.remove(call.id());
        }
    }

    /**
     * Why an agent cannot transfer a call to {@code queueId} now: the queue is closed, full, or has nobody logged in
     * (the rules it would apply to the call at entry); null when it can take the call.
     */
    String transferRefusal(String queueId, long epochMs) {
        Decision d = enabled() ? atEntry(queueId, epochMs, router.waitingCount(queueId), () -> anyAgentLoggedIn(queueId))
                : null;
        return d == null ? null : d.reason();
    }

    /**
     * An agent transferred the call into its (new) queue, where it now waits: counted there as transferred in, and
     * that queue's maximum wait runs from now. Its closing and no-agent rules apply while it waits, as to any call.
     */
    void transferredIn(Call call, long nowNs) {
        counters.get(call.queueId()).callTransferredIn();
        armMaxWait(call, nowNs);
    }

    /** The call leaves its queue: hung up, or moved to another queue keeping its original arrival. */
    private void divert(Call call, Decision d, int moves, long nowNs, long epochMs) {
        router.remove(call);
        maxWaitTokens.remove(call.id());
        OverflowAction a = d.action();
        counters.get(call.queueId()).callDiverted(d.closed(), a.kind());
        String detail = switch (a.type()) {
            case QUEUE -> a.targetQueueId();
            default -> a.parameter().isEmpty() ? a.message() : a.parameter();
        };
        engine.diverted(call, d.closed(), a.kind(), detail);
        switch (a.type()) {
            case HANGUP -> {
                if (a.playsMessage()) {
                    log.info("call {}: {}; message {} then hang-up", call.id(), d.reason(), a.parameter());
                    engine.leave(call, new PbxCommand.Destination.Dialplan(DialplanTargets.MESSAGE, a.parameter()),
                            d.reason() + ", message " + a.parameter());
                } else {
                    log.info("call {}: {}; hanging up{}", call.id(), d.reason(),
                            a.message().isEmpty() ? "" : " (" + a.message() + ")");
                    engine.hangUp(call, d.reason());
                }
                return;
            }
            case VOICEMAIL -> {
                log.info("call {}: {}; to voicemail {}", call.id(), d.reason(), a.parameter());
                engine.leave(call, new PbxCommand.Destination.Dialplan(DialplanTargets.VOICEMAIL, a.parameter()),
                        d.reason() + ", voicemail " + a.parameter());
                return;
            }
            case CALLBACK -> {
                engine.offerCallback(call, a.parameter(), d.reason());
                return;
            }
            case QUEUE -> {
                // below
            }
        }
        QueueConfig target = queues.get(a.targetQueueId());
        log.debug("call {}: {}; moved to queue {}", call.id(), d.reason(), target.id());
        // a call answered before (transferred in) was offered once, where it arrived: it moves on as transferred
        boolean answered = call.wasAnswered();
        if (!answered) {
            counters.get(call.queueId()).callCleared();
        }
        call.closeSegment(epochMs, d.reason() + ", moved to " + target.id());
        call.moveToQueue(target.id(), target.priority());
        routing.configure(call, target, call.ownRequirement(), call.data(), nowNs);
        if (answered) {
            counters.get(target.id()).callTransferredIn();
        } else {
            counters.get(target.id()).callOffered();
        }
        call.openSegment(CallRecord.Kind.QUEUE, null, epochMs);
        engine.moved(call);
        enter(call, moves + 1, nowNs, epochMs);
    }

    /** A max-wait timer fired for a waiting call; stale timers (the call moved or was requeued) are ignored. */
    void maxWaitReached(Call call, long token, long nowNs, long epochMs) {
        Long current = maxWaitTokens.get(call.id());
        QueueRules r = byQueue.get(call.queueId());
        if (current != null && current == token && r != null && r.overflow() != null
                && !engine.isCallbackRequest(call)) {
            divert(call, new Decision(r.overflow().action(), "waited the maximum in queue " + call.queueId(), false), 0,
                    nowNs, epochMs);
        }
    }

    /** Calls already waiting when their queue closes or loses its last agent (checked each tick). */
    void sweep(long nowNs, long epochMs) {
        for (String q : byQueue.keySet()) {
            if (router.waitingCount(q) == 0) {
                continue;
            }
            Decision d = whileWaiting(q, epochMs, () -> anyAgentLoggedIn(q));
            if (d != null) {
                for (Call c : new ArrayList<>(router.waitingCalls(q))) {
                    if (engine.isCallbackRequest(c)) {
                        continue;
                    }
                    divert(c, d, 0, nowNs, epochMs);
                }
            }
        }
    }

    private boolean anyAgentLoggedIn(String queueId) {
        for (Agent a : agents) {
            if (a.state() != AgentState.LOGGED_OUT && a.servedQueueIds().contains(queueId)) {
                return true;
            }
        }
        return false;
    }

    /** A call enters {@code queueId} (arrival or move) while {@code waiting} calls already wait there. */
    private Decision atEntry(String queueId, long epochMs, int waiting, BooleanSupplier agentsLoggedIn) {
        QueueRules r = byQueue.get(queueId);
        if (r == null) {
            return null;
        }
        if (r.calendar() != null && !r.calendar().isOpen(epochMs)) {
            return new Decision(r.calendar().closedAction(), "queue " + queueId + " closed", true);
        }
        OverflowRule o = r.overflow();
        if (o == null) {
            return null;
        }
        if (o.maxQueueLength() > 0 && waiting >= o.maxQueueLength()) {
            return new Decision(o.action(), "queue " + queueId + " full (" + waiting + " waiting)", false);
        }
        if (o.whenNoAgents() && !agentsLoggedIn.getAsBoolean()) {
            return new Decision(o.action(), "no agent logged in to queue " + queueId, false);
        }
        return null;
    }

    /** For calls already waiting: the queue closed, or its last agent logged out. */
    private Decision whileWaiting(String queueId, long epochMs, BooleanSupplier agentsLoggedIn) {
        QueueRules r = byQueue.get(queueId);
        if (r == null) {
            return null;
        }
        if (r.calendar() != null && !r.calendar().isOpen(epochMs)) {
            return new Decision(r.calendar().closedAction(), "queue " + queueId + " closed", true);
        }
        if (r.overflow() != null && r.overflow().whenNoAgents() && !agentsLoggedIn.getAsBoolean()) {
            return new Decision(r.overflow().action(), "no agent logged in to queue " + queueId, false);
        }
        return null;
    }

    /** 0 when the queue has no maximum wait. */
    private long maxWaitNs(String queueId) {
        QueueRules r = byQueue.get(queueId);
        return r == null || r.overflow() == null || r.overflow().maxWait() == null ? 0 : r.overflow().maxWait().toNanos();
    }

    void forget(String callId) {
        maxWaitTokens.remove(callId);
    }
}
