package org.ctiserver.core.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.expr.Requirement;

/**
 * Matches waiting calls to READY agents. Owned by the engine thread: not thread-safe, not re-entrant.
 *
 * <p>Between waiting calls: higher priority first, then longest wait (earliest original arrival); with a
 * {@link CallRanking} (aging, customer tiers, service-level goals) the order is the ranking's at the instant of
 * the pass. Between the READY agents of the call's queue, the queue's {@link AgentSelector} picks.
 *
 * <p>Semantics (the specification; {@code RouterReferenceTest} checks this class against a naive version of
 * it): a pass goes over every waiting call in service order, and each call whose queue has an eligible READY
 * agent is offered to the one its queue's policy picks.
 *
 * <p>Cost: after every pass the router holds the invariant "no READY agent can serve any waiting call". So a
 * pass only has to look at pairs that are new since the last one:
 * <ul>
 *   <li>a call enqueued (or whose requirement changed) since the last pass: "which READY agent takes THIS
 *       call" (its policy over its queue's READY agents). If its class (below) already waited at the end of
 *       the last pass, no agent READY then meets it, so only the new agents are considered;</li>
 *   <li>an agent that became READY since the last pass: "which waiting call does THIS agent take". Waiting
 *       calls are grouped per queue by requirement in force ({@link Call#routingKey()}: calls with the same key
 *       have the same eligible agents), so the new agent is tested once per distinct requirement of the
 *       queues it serves, not once per call; only the calls of the classes it meets are candidates, and their
 *       policy is handed just the new agents who meet the class (see {@link AgentSelector}).</li>
 * </ul>
 * The candidates go through a heap in service order (no copy and sort of every waiting call). Without a
 * ranking the order is fixed, so each class is itself ordered and only the head of each class the new agent
 * meets enters the heap (a k-way merge). A pass stops when no agent is READY, or when neither a new call nor
 * a new READY agent remains to be tried. Calls that cannot be served any more by a remaining new agent are
 * skipped without asking the policy, as are calls whose class already found nobody in the pass; both are
 * exactly the calls for which the policy would have returned null. The most common pass, one agent READY
 * and no new call, needs no heap: the agent takes the first call in service order whose class it meets
 * (see {@code routeOneNewAgent}).
 *
 * <p>With a ranking the order is only known as a comparator at an instant, so the calls of every class a new
 * agent meets are compared (one comparison each when a single agent is new); an order kept incrementally
 * would need the ranking's structure and a notice when a call's priority changes (customer tier).
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

    /** Orders waiting calls at a given instant, when that order changes with time (aging, service level). */
    @FunctionalInterface
    public interface CallRanking {
        Comparator<Call> at(long nowNs);
    }

    /** How many waiting calls a single new agent tries in order before it tests the queue's classes instead. */
    private static final int WALK_BUDGET = 32;

    private static final Comparator<Entry> ENTRY_CALL_ORDER = (a, b) -> CALL_ORDER.compare(a.call, b.call);

    /** One queue: its waiting calls, its READY agents, and its waiting calls grouped by requirement in force. */
    private static final class Lane {
        final String id;
        final NavigableSet<Call> waiting = new TreeSet<>(CALL_ORDER);
        final NavigableSet<Agent> ready = new TreeSet<>(IDLE_ORDER);
        final Collection<Agent> readyView = Collections.unmodifiableNavigableSet(ready);
        final Collection<Call> waitingView = Collections.unmodifiableNavigableSet(waiting);
        /** Requirement classes with at least one waiting call, by routing key. */
        final Map<String, ReqClass> classes = new HashMap<>();

        Lane(String id) {
            this.id = id;
        }
    }

    /** The waiting calls of one queue that need the same requirement: they have the same eligible agents. */
    private static final class ReqClass {
        final String key;
        final Lane lane;
        final Requirement requirement;
        /** In {@link #CALL_ORDER}. */
        final NavigableSet<Entry> calls = new TreeSet<>(ENTRY_CALL_ORDER);
        // per pass (valid when the stamp is the current pass)
        long candidatePass;
        final List<Agent> newAgents = new ArrayList<>(2);
        long exhaustedPass;
        long memoPass;
        boolean memoMet;
        /** The last pass started before the class was made (it waited through the end of every later one). */
        final long bornPass;

        ReqClass(String key, Lane lane, Requirement requirement, long bornPass) {
            this.key = key;
            this.lane = lane;
            this.requirement = requirement;
            this.bornPass = bornPass;
        }

        /** True when a new agent of this pass that meets the class is still READY. */
        boolean hasLiveNewAgent(Set<Agent> ready) {
            for (int i = 0; i < newAgents.size(); i++) {
                if (ready.contains(newAgents.get(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A waiting call as the router files it. */
    private static final class Entry {
        final Call call;
        final Lane lane;
        ReqClass cls;
        boolean fresh;
        /** False once the call left the router. */
        boolean waiting = true;
        /** The pass in which the entry was put in the heap. */
        long queuedPass;
        /** Tried in the current pass as a fresh call (any READY agent may take it). */
        boolean freshInPass;

        Entry(Call call, Lane lane) {
            this.call = call;
            this.lane = lane;
        }
    }

    private final AgentSelector selector;
    private final Map<String, AgentSelector> queueSelectors;
    private final CallRanking ranking;
    private long lastNowNs;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    /** Every waiting call. */
    private final Map<Call, Entry> waiting = new IdentityHashMap<>();
    /** Calls queued (or whose requirement changed) since the last pass; may hold entries removed since. */
    private final List<Entry> fresh = new ArrayList<>();
    private int freshCount;
    /** Agents that became READY since the last pass. */
    private final List<Agent> newlyReady = new ArrayList<>();
    /** READY agents serving at least one queue. */
    private final Set<Agent> ready = Collections.newSetFromMap(new IdentityHashMap<>());

    // scratch of a pass
    private long pass;
    private Comparator<Call> passOrder;
    private long passNowNs;
    private final PriorityQueue<Entry> heap = new PriorityQueue<>(16, this::comparePass);
    private final List<Agent> passNewAgents = new ArrayList<>();
    private final List<ReqClass> passClasses = new ArrayList<>();
    private final List<Agent> scratchAgents = new ArrayList<>();
    private final Collection<Agent> scratchView = Collections.unmodifiableList(scratchAgents);

    public Router(List<String> queueIds, AgentSelector selector) {
        this(queueIds, selector, Map.of(), null);
    }

    /**
     * @param queueSelectors a policy per queue (a queue not in the map uses {@code selector}); each instance
     *                       serves one queue only, so it may keep per-queue memory (round robin)
     * @param ranking        null: waiting calls go by {@link #CALL_ORDER}; else each pass orders its candidates
     *                       by {@code ranking.at(now)}
     */
    public Router(List<String> queueIds, AgentSelector selector, Map<String, AgentSelector> queueSelectors,
                  CallRanking ranking) {
        this.selector = selector;
        this.queueSelectors = Map.copyOf(queueSelectors);
        this.ranking = ranking;
        for (String q : queueIds) {
            lanes.put(q, new Lane(q));
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
        Entry e = waiting.get(call);
        if (e == null) {
            return;
        }
        if (!e.cls.key.equals(call.routingKey())) {
            leaveClass(e);
            joinClass(e);
        }
        markFresh(e);
    }

    /** A call starts (or starts again) waiting in its queue. */
    public void enqueue(Call call) {
        Lane lane = lane(call.queueId());
        if (waiting.containsKey(call)) {
            return;
        }
        Entry e = new Entry(call, lane);
        waiting.put(call, e);
        lane.waiting.add(call);
        joinClass(e);
        markFresh(e);
    }

    /** A call stops waiting without a match (abandoned, cleared). */
    public boolean remove(Call call) {
        Entry e = waiting.remove(call);
        if (e == null) {
            return false;
        }
        e.waiting = false;
        e.lane.waiting.remove(call);
        leaveClass(e);
        if (e.fresh) {
            e.fresh = false;
            freshCount--;
        }
        return true;
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
            newlyReady.add(agent);
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
            newlyReady.remove(agent);
        }
    }

    /** True when a pass could find a match that the last pass could not. */
    public boolean isDirty() {
        return !newlyReady.isEmpty() || freshCount > 0;
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
        if (ready.isEmpty() || waiting.isEmpty()) {
            clearDirty();
            return 0;
        }
        long p = ++pass;
        try {
            // what is new since the last pass; anything made dirty by the handler during this pass waits for the next
            passNowNs = nowNs;
            passOrder = null;
            int freshLeft = collectFresh(p);
            for (Agent a : newlyReady) {
                if (ready.contains(a)) {
                    passNewAgents.add(a);
                }
            }
            clearDirty();
            if (freshLeft == 0 && passNewAgents.size() == 1) {
                return routeOneNewAgent(passNewAgents.get(0), handler, p, nowNs);
            }
            collectForNewAgents(p);
            int offers = 0;
            while (!heap.isEmpty() && !ready.isEmpty()) {
                if (freshLeft == 0 && !anyLive(passNewAgents)) {
                    break;
                }
                Entry e = heap.poll();
                boolean fresh = e.freshInPass;
                if (fresh) {
                    freshLeft--;
                }
                if (!e.waiting) {
                    continue;
                }
                ReqClass k = e.cls;
                boolean viaNewAgent = k.candidatePass == p && k.hasLiveNewAgent(ready);
                if (ranking == null && viaNewAgent && k.exhaustedPass != p) {
                    // k-way merge: the class's next call may come next in service order
                    pushNextOfClass(k, e, p);
                }
                Lane lane = e.lane;
                // a fresh call of a class that already waited at the end of the last pass: by the invariant no
                // agent READY then meets it, so only the agents new in this pass can take it
                boolean anyAgent = fresh && k.bornPass >= p - 1;
                if (lane.ready.isEmpty() || k.exhaustedPass == p || (!anyAgent && !viaNewAgent)) {
                    // nobody READY there, or the class already found nobody, or only agents that could not take
                    // it before this pass are READY (the invariant): the policy would find nobody
                    continue;
                }
                Call call = e.call;
                AgentSelector policy = selector(lane.id);
                Agent agent = policy.select(call, anyAgent ? lane.readyView : liveNewAgentsView(k), nowNs);
                if (agent == null) {
                    k.exhaustedPass = p;
                    continue;
                }
                if (!lane.ready.contains(agent)) {
                    throw new IllegalStateException(policy.name() + " picked " + agent.id()
                            + " who is not READY in queue " + lane.id);
                }
                remove(call);
                handler.offer(call, agent);
                if (ready.contains(agent)) {
                    throw new IllegalStateException("offer of " + call.id() + " left agent " + agent.id() + " READY");
                }
                offers++;
            }
            return offers;
        } finally {
            heap.clear();
            for (ReqClass k : passClasses) {
                k.newAgents.clear();
            }
            passClasses.clear();
            passNewAgents.clear();
            passOrder = null;
        }
    }

    private void clearDirty() {
        for (Entry e : fresh) {
            e.fresh = false;
        }
        fresh.clear();
        freshCount = 0;
        newlyReady.clear();
    }

    /** Puts the fresh calls still waiting in the heap; returns how many. */
    private int collectFresh(long p) {
        int n = 0;
        for (Entry e : fresh) {
            if (e.fresh && e.queuedPass != p) {
                e.queuedPass = p;
                e.freshInPass = true;
                heap.add(e);
                n++;
            }
        }
        return n;
    }

    /**
     * For each agent READY since the last pass: the classes of its queues whose requirement it meets (one test
     * per class), and their calls (all of them with a ranking; the first one of each without).
     */
    private void collectForNewAgents(long p) {
        for (Agent a : passNewAgents) {
            Map<String, Integer> skills = a.profile().skills();
            for (String q : a.servedQueueIds()) {
                Lane lane = lanes.get(q);
                if (lane == null || lane.classes.isEmpty()) {
                    continue;
                }
                for (ReqClass k : lane.classes.values()) {
                    if (!k.requirement.isMetBy(skills)) {
                        continue;
                    }
                    if (k.candidatePass != p) {
                        k.candidatePass = p;
                        passClasses.add(k);
                        if (ranking == null) {
                            pushIfNew(k.calls.first(), p);
                        } else {
                            for (Entry e : k.calls) {
                                pushIfNew(e, p);
                            }
                        }
                    }
                    if (!k.newAgents.contains(a)) {
                        k.newAgents.add(a);
                    }
                }
            }
        }
    }

    /**
     * The most common pass (one agent became READY, no new call): the agent takes the first call in service
     * order whose requirement it meets, if any. Without a ranking, per queue it walks the waiting calls in
     * order, testing each class once (memo), and after {@link #WALK_BUDGET} calls (or as many as the queue has
     * classes) it tests the remaining classes instead and takes the first call of the best one: at most the
     * number of classes plus 32 tests, and a single step when the agent can take the first waiting call. With a ranking (an order that
     * changes with time, known only as a comparator) it tests every class once and scans the calls of the
     * classes it meets for the best one: one comparison per such call, no sort.
     */
    private int routeOneNewAgent(Agent a, OfferHandler handler, long p, long nowNs) {
        Map<String, Integer> skills = a.profile().skills();
        Entry best = null;
        for (String q : a.servedQueueIds()) {
            Lane lane = lanes.get(q);
            if (lane == null || lane.waiting.isEmpty()) {
                continue;
            }
            Entry first = ranking == null ? firstMet(lane, skills, p) : bestMetRanked(lane, skills, p);
            if (first != null && (best == null || comparePass(first, best) < 0)) {
                best = first;
            }
        }
        if (best == null) {
            return 0;
        }
        // only this agent can take a call that waited before this pass: the policy chooses among it alone
        List<Agent> only = scratchAgents;
        only.clear();
        only.add(a);
        Call call = best.call;
        AgentSelector policy = selector(best.lane.id);
        Agent agent = policy.select(call, scratchView, nowNs);
        if (agent == null) {
            return 0;
        }
        if (agent != a) {
            throw new IllegalStateException(policy.name() + " picked " + agent.id()
                    + " who is not READY in queue " + best.lane.id);
        }
        remove(call);
        handler.offer(call, agent);
        if (ready.contains(agent)) {
            throw new IllegalStateException("offer of " + call.id() + " left agent " + agent.id() + " READY");
        }
        return 1;
    }

    /** The first waiting call of the lane, in {@link #CALL_ORDER}, whose requirement the skills meet; or null. */
    private Entry firstMet(Lane lane, Map<String, Integer> skills, long p) {
        int budget = Math.min(lane.classes.size(), WALK_BUDGET);
        int steps = 0;
        for (Call c : lane.waiting) {
            Entry e = waiting.get(c);
            if (meets(e.cls, skills, p)) {
                return e;
            }
            if (++steps >= budget) {
                break;
            }
        }
        if (steps < budget) {
            return null; // walked every waiting call
        }
        Entry best = null;
        for (ReqClass k : lane.classes.values()) {
            if (meets(k, skills, p)) {
                Entry head = k.calls.first();
                if (best == null || CALL_ORDER.compare(head.call, best.call) < 0) {
                    best = head;
                }
            }
        }
        return best;
    }

    /** The best waiting call of the lane by the ranking at the pass's instant whose requirement the skills meet. */
    private Entry bestMetRanked(Lane lane, Map<String, Integer> skills, long p) {
        Entry best = null;
        for (ReqClass k : lane.classes.values()) {
            if (!meets(k, skills, p)) {
                continue;
            }
            for (Entry e : k.calls) {
                if (best == null || comparePass(e, best) < 0) {
                    best = e;
                }
            }
        }
        return best;
    }

    /** Whether the skills meet the class, tested once per pass (the pass has one new agent). */
    private static boolean meets(ReqClass k, Map<String, Integer> skills, long p) {
        if (k.memoPass != p) {
            k.memoPass = p;
            k.memoMet = k.requirement.isMetBy(skills);
        }
        return k.memoMet;
    }

    /** The class's new agents of this pass still READY, longest idle first: the only ones who may meet it. */
    private Collection<Agent> liveNewAgentsView(ReqClass k) {
        List<Agent> out = scratchAgents;
        out.clear();
        for (int i = 0; i < k.newAgents.size(); i++) {
            Agent a = k.newAgents.get(i);
            if (ready.contains(a)) {
                out.add(a);
            }
        }
        if (out.size() > 1) {
            out.sort(IDLE_ORDER);
        }
        return scratchView;
    }

    private void pushNextOfClass(ReqClass k, Entry after, long p) {
        // if the next one is already in the heap (a fresh call), it pushes its own successor when it comes out
        Entry next = k.calls.higher(after);
        if (next != null) {
            pushIfNew(next, p);
        }
    }

    private void pushIfNew(Entry e, long p) {
        if (e.queuedPass != p) {
            e.queuedPass = p;
            e.freshInPass = false;
            heap.add(e);
        }
    }

    private boolean anyLive(List<Agent> agents) {
        for (int i = 0; i < agents.size(); i++) {
            if (ready.contains(agents.get(i))) {
                return true;
            }
        }
        return false;
    }

    private int comparePass(Entry a, Entry b) {
        Comparator<Call> order = passOrder;
        if (order == null) {
            // made on first use only: a pass with one candidate needs no ranking at all
            order = ranking == null ? CALL_ORDER : ranking.at(passNowNs);
            passOrder = order;
        }
        return order.compare(a.call, b.call);
    }

    private void markFresh(Entry e) {
        if (!e.fresh) {
            e.fresh = true;
            freshCount++;
            fresh.add(e);
        }
    }

    private void joinClass(Entry e) {
        String key = e.call.routingKey();
        ReqClass k = e.lane.classes.get(key);
        if (k == null) {
            k = new ReqClass(key, e.lane, e.call.routingRequirement(), pass);
            e.lane.classes.put(key, k);
        }
        k.calls.add(e);
        e.cls = k;
    }

    private void leaveClass(Entry e) {
        ReqClass k = e.cls;
        k.calls.remove(e);
        if (k.calls.isEmpty()) {
            e.lane.classes.remove(k.key);
        }
        e.cls = null;
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
