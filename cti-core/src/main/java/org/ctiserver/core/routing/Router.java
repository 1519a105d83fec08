package org.ctiserver.core.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;

/**
 * Matches waiting calls to READY agents. Owned by the engine thread: not thread-safe.
 *
 * <p>Between waiting calls: higher priority first, then longest wait (earliest original arrival); with a
 * {@link CallRanking} (aging, customer tiers, service-level goals) the order is recomputed at each pass.
 * Between the READY agents of the call's queue, the queue's {@link AgentSelector} picks.
 *
 * <p>Cost: after every pass the router holds the invariant "no READY agent can serve any waiting call".
 * So when only calls arrived since the last pass, only those calls are tried; a full pass over the waiting
 * calls happens only when an agent became READY. A full pass stops as soon as no agent is READY, and
 * skips calls whose (queue, requirement) already found nobody in this pass.
 */
public final class Router {
    /** Priority descending, then original arrival, then arrival counter: a total order. */
    public static final Comparator<Call> CALL_ORDER = Comparator.comparingInt(Call::priority).reversed()
            .thenComparingLong(Call::enqueuedNs)
            .thenComparingLong(Call::arrivalSeq);

    /** Longest idle first, ties by agent id (deterministic). */
    public static final Comparator<Agent> IDLE_ORDER = Comparator.comparingLong(Agent::idleSinceNs)
            .thenComparing(Agent::id);

    /** Carries out one match; on return the agent must no longer be READY. */
    @FunctionalInterface
    public interface OfferHandler {
        void offer(Call call, Agent agent);
    }

    private static final class Lane {
        final NavigableSet<Call> waiting = new TreeSet<>(CALL_ORDER);
        final NavigableSet<Agent> ready = new TreeSet<>(IDLE_ORDER);
        final Collection<Agent> readyView = Collections.unmodifiableNavigableSet(ready);
        final Collection<Call> waitingView = Collections.unmodifiableNavigableSet(waiting);
    }

    /** Orders waiting calls at a given instant, when that order changes with time (aging, service level). */
    @FunctionalInterface
    public interface CallRanking {
        Comparator<Call> at(long nowNs);
    }

    private final AgentSelector selector;
    private final Map<String, AgentSelector> queueSelectors;
    private final CallRanking ranking;
    private long lastNowNs;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final NavigableSet<Call> waiting = new TreeSet<>(CALL_ORDER);
    /** Calls queued since the last pass. */
    private final NavigableSet<Call> fresh = new TreeSet<>(CALL_ORDER);
    /** READY agents serving at least one queue. */
    private final Set<Agent> ready = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean fullPassNeeded;

    public Router(List<String> queueIds, AgentSelector selector) {
        this(queueIds, selector, Map.of(), null);
    }

    /**
     * @param queueSelectors a policy per queue (a queue not in the map uses {@code selector}); each instance
     *                       serves one queue only, so it may keep per-queue memory (round robin)
     * @param ranking        null: waiting calls go by {@link #CALL_ORDER}; else each pass sorts its candidates
     *                       by {@code ranking.at(now)}
     */
    public Router(List<String> queueIds, AgentSelector selector, Map<String, AgentSelector> queueSelectors,
                  CallRanking ranking) {
        this.selector = selector;
        this.queueSelectors = Map.copyOf(queueSelectors);
        this.ranking = ranking;
        for (String q : queueIds) {
            lanes.put(q, new Lane());
        }
    }

    public AgentSelector selector() {
        return selector;
    }

    /** The policy that picks agents for the queue's calls. */
    public AgentSelector selector(String queueId) {
        return queueSelectors.getOrDefault(queueId, selector);
    }

    /**
     * The waiting call's requirement changed (a relaxation step): it is tried again at the next pass.
     * A call that is not waiting (offered) is left alone; it is tried when requeued.
     */
    public void requirementChanged(Call call) {
        if (waiting.contains(call)) {
            fresh.add(call);
        }
    }

    /** A call starts (or starts again) waiting in its queue. */
    public void enqueue(Call call) {
        Lane lane = lane(call.queueId());
        if (waiting.add(call)) {
            lane.waiting.add(call);
            fresh.add(call);
        }
    }

    /** A call stops waiting without a match (abandoned, cleared). */
    public boolean remove(Call call) {
        boolean removed = waiting.remove(call);
        if (removed) {
            lane(call.queueId()).waiting.remove(call);
            fresh.remove(call);
        }
        return removed;
    }

    /** The agent has just become READY (its {@link Agent#idleSinceNs()} is set). */
    public void agentReady(Agent agent) {
        boolean any = false;
        for (String q : agent.servedQueueIds()) {
            Lane lane = lanes.get(q);
            if (lane != null) {
                lane.ready.add(agent);
                any = true;
            }
        }
        if (any && ready.add(agent)) {
            fullPassNeeded = true;
        }
    }

    /** The agent has just left READY. Must be called before its idle time changes. */
    public void agentUnready(Agent agent) {
        if (ready.remove(agent)) {
            for (String q : agent.servedQueueIds()) {
                Lane lane = lanes.get(q);
                if (lane != null) {
                    lane.ready.remove(agent);
                }
            }
        }
    }

    /** True when a pass could find a match that the last pass could not. */
    public boolean isDirty() {
        return fullPassNeeded || !fresh.isEmpty();
    }

    /**
     * Matches what can be matched, best call first, and hands each match to {@code handler}.
     *
     * @return the number of offers made
     */
    public int route(OfferHandler handler) {
        return route(handler, lastNowNs);
    }

    /** As {@link #route(OfferHandler)}, at the given instant (for aging and time-aware policies). */
    public int route(OfferHandler handler, long nowNs) {
        lastNowNs = nowNs;
        if (!isDirty()) {
            return 0;
        }
        boolean full = fullPassNeeded;
        fullPassNeeded = false;
        List<Call> candidates = full && ranking == null ? null : new ArrayList<>(full ? waiting : fresh);
        fresh.clear();
        if (ready.isEmpty() || waiting.isEmpty()) {
            return 0;
        }
        if (ranking != null) {
            candidates.sort(ranking.at(nowNs));
            full = false;
        }
        Iterator<Call> it = full ? waiting.iterator() : candidates.iterator();
        Set<String> exhausted = null;
        int offers = 0;
        while (it.hasNext() && !ready.isEmpty()) {
            Call call = it.next();
            Lane lane = lanes.get(call.queueId());
            if (lane.ready.isEmpty() || (exhausted != null && exhausted.contains(call.routingKey()))) {
                continue;
            }
            AgentSelector policy = selector(call.queueId());
            Agent agent = policy.select(call, lane.readyView, nowNs);
            if (agent == null) {
                if (exhausted == null) {
                    exhausted = new HashSet<>();
                }
                exhausted.add(call.routingKey());
                continue;
            }
            if (!lane.ready.contains(agent)) {
                throw new IllegalStateException(policy.name() + " picked " + agent.id()
                        + " who is not READY in queue " + call.queueId());
            }
            if (full) {
                it.remove();
            } else {
                waiting.remove(call);
            }
            lane.waiting.remove(call);
            handler.offer(call, agent);
            if (ready.contains(agent)) {
                throw new IllegalStateException("offer of " + call.id() + " left agent " + agent.id() + " READY");
            }
            offers++;
        }
        return offers;
    }

    public int waitingCount(String queueId) {
        Lane lane = lanes.get(queueId);
        return lane == null ? 0 : lane.waiting.size();
    }

    public int totalWaiting() {
        return waiting.size();
    }

    /** The call waiting longest in the queue (it is also the next one served there), or null. */
    public Call oldestWaiting(String queueId) {
        Lane lane = lanes.get(queueId);
        if (lane == null || lane.waiting.isEmpty()) {
            return null;
        }
        // the lane is ordered by queue priority (the same for all its calls), then arrival: the first is the oldest
        return lane.waiting.first();
    }

    /** The queue's waiting calls in service order; read-only live view. */
    public Collection<Call> waitingCalls(String queueId) {
        return lane(queueId).waitingView;
    }

    /** The queue's READY agents, longest idle first; read-only live view. */
    public Collection<Agent> readyAgents(String queueId) {
        return lane(queueId).readyView;
    }

    public int readyCount() {
        return ready.size();
    }

    private Lane lane(String queueId) {
        Lane lane = lanes.get(queueId);
        if (lane == null) {
            throw new IllegalArgumentException("no queue '" + queueId + "' in the router");
        }
        return lane;
    }
}
