package org.ctiserver.core.engine;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.customer.Customer;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEventListener;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxPort;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.AgentSelector;
import org.ctiserver.core.routing.AgentSelectors;
import org.ctiserver.core.routing.Router;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.PhoneStatus;
import org.ctiserver.core.stats.QueueCounters;
import org.ctiserver.core.stats.StatsSnapshot;
import org.ctiserver.core.store.CallRecord;
import org.ctiserver.core.store.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business logic: agents, calls, queues, routing, timers and statistics. It owns all that state and
 * is NOT thread-safe: exactly one thread calls it (the {@link EngineRunner}'s, or a test or simulation
 * driver). Time is always passed in; given the same inputs at the same times it emits the same events and
 * PBX commands in the same order (replay and simulation depend on it).
 *
 * <p>Call control (hold, transfers, consultations, recording, outbound calls, supervisors' commands) is in
 * {@link CallControl} and the classes it hands to; {@code docs/call-control.md} describes it. Other parts, on the same
 * thread and state, have their own classes here too: the agents' commands ({@link AgentCommands}) and phones
 * ({@link Phones}), how an offer ends ({@link OfferOutcomes}) and how a call does ({@link CallEndings}), what due
 * timers do ({@link DueTimers}), the queues' overflow rules ({@link QueueRulesSetup}, {@link QueueRuleActions}),
 * the configured queues and agents ({@link Roster}) and the published statistics ({@link StatsViews}). Routing (a
 * call arriving, an agent becoming READY, an offer) stays in this class: it is the hot path.
 *
 * <p>Outputs: {@link CtiEvent}s to the sink (each with the next sequence number), {@link PbxCommand}s to the
 * PBX port, finished calls and agent changes to the store. None of them may call back into the engine.
 */
public final class Engine {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    /** The system not-ready reason for ring-no-answer; always accepted, configured or not. */
    public static final String RONA_REASON = "RONA";
    /** A call whose route to an agent failed this many times is given up (cleared and hung up). */
    public static final int MAX_ROUTE_FAILURES = 3;

    private final EngineConfig config;
    private final PbxPort pbx;
    private final StateStore store;
    private final CtiEventListener sink;
    private final Map<String, QueueConfig> queues = new LinkedHashMap<>();
    private final Map<String, QueueCounters> counters = new LinkedHashMap<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final List<Agent> agentsById;
    final Map<String, Agent> agentsByExtension = new HashMap<>();
    private final Map<String, Call> calls = new LinkedHashMap<>();
    final Set<String> notReadyReasons;
    private final Router router;
    private final Timers timers = new Timers();
    private final AgentCommands commands;
    private final RoutingSetup routing;
    private final QueueRulesSetup rules;
    private final OfferOutcomes outcomes = new OfferOutcomes(this);
    private final Phones phones;
    private final CallControl control;
    private final CallEndings endings = new CallEndings(this);
    private final VirtualHolds holds;
    private final DueTimers dueTimers;
    private final StatsViews stats;
    /** Between LinkDown and LinkUp: calls cannot be moved, so none is offered. */
    private boolean routingHeld;

    private long sequence;
    private long arrivals;
    /** Time of the input being processed. */
    long nowNs;
    long epochMs;

    public Engine(EngineConfig config, PbxPort pbx, StateStore store, CtiEventListener sink) {
        this(config, pbx, store, sink, AgentSelectors.createDefault());
    }

    public Engine(EngineConfig config, PbxPort pbx, StateStore store, CtiEventListener sink, AgentSelector selector) {
        this(config, null, pbx, store, sink, selector, AgentSelectors::create);
    }

    /** With relaxation ladders, per-queue policies, aging and customer tiers (see {@link RoutingConfig}). */
    public Engine(EngineConfig config, RoutingConfig routing, PbxPort pbx, StateStore store, CtiEventListener sink) {
        this(config, Objects.requireNonNull(routing, "routing"), pbx, store, sink, AgentSelectors.createDefault(),
                AgentSelectors::create);
    }

    /**
     * @param routing  null: the original behaviour (fixed call order, one policy, no tiers)
     * @param selector the policy of queues without their own
     * @param policies makes a new policy instance by name, one per queue that names one (the simulator adds
     *                 baselines that {@link AgentSelectors} does not know)
     */
    public Engine(EngineConfig config, RoutingConfig routing, PbxPort pbx, StateStore store, CtiEventListener sink,
                  AgentSelector selector, Function<String, AgentSelector> policies) {
        this(config, routing, List.of(), pbx, store, sink, selector, policies);
    }

    /** As the routing constructor, plus per-queue overflow rules and opening hours. */
    public Engine(EngineConfig config, RoutingConfig routing, List<QueueRules> queueRules, PbxPort pbx,
                  StateStore store, CtiEventListener sink) {
        this(config, Objects.requireNonNull(routing, "routing"), queueRules, pbx, store, sink,
                AgentSelectors.createDefault(), AgentSelectors::create);
    }

    /** @param queueRules overflow and opening hours per queue (empty: none) */
    public Engine(EngineConfig config, RoutingConfig routing, List<QueueRules> queueRules, PbxPort pbx,
                  StateStore store, CtiEventListener sink, AgentSelector selector,
                  Function<String, AgentSelector> policies) {
        this.config = Objects.requireNonNull(config, "config");
        this.pbx = Objects.requireNonNull(pbx, "pbx");
        this.store = Objects.requireNonNull(store, "store");
        this.sink = Objects.requireNonNull(sink, "sink");
        Roster.addQueues(config.queues(), queues, counters);
        Set<String> reasons = new LinkedHashSet<>(config.notReadyReasons().keySet());
        reasons.add(RONA_REASON);
        this.notReadyReasons = Collections.unmodifiableSet(reasons);
        this.routing = new RoutingSetup(routing, queues, counters);
        this.router = new Router(List.copyOf(queues.keySet()), Objects.requireNonNull(selector, "selector"),
                this.routing.selectors(Objects.requireNonNull(policies, "policies")), this.routing.ranking());
        // after the router: a routing or policy error is reported before an agent's
        this.agentsById = Roster.addAgents(config.agents(), queues, counters, this::onAgentTransition, store, agents);
        this.rules = new QueueRulesSetup(Objects.requireNonNull(queueRules, "queueRules"), queues, counters, router,
                timers, this.routing, agentsById, new QueueRuleActions(this));
        this.holds = new VirtualHolds(this, queueRules);
        this.commands = new AgentCommands(this);
        this.phones = new Phones(this, router);
        this.control = new CallControl(this, outcomes, rules);
        this.dueTimers = new DueTimers(this, timers, router, rules, control, holds);
        this.stats = new StatsViews(queues, counters, agentsById, router, this.routing);
    }

    // ------------------------------------------------------------------ inputs

    public void onPbxEvent(PbxEvent event, long nowNs, long epochMs) {
        setTime(nowNs, epochMs);
        if (event instanceof PbxEvent.CallWaiting e) {
            onCallWaiting(e);
        } else if (event instanceof PbxEvent.ChannelsSnapshot e) {
            new Resync(this, outcomes).apply(e);
            control.resync(e);
            // after the calls: a busy phone is the CTI call's only if the reconciled agent has one
            for (PbxEvent.PhoneStateChanged p : e.phones()) {
                phones.changed(p);
            }
        } else if (event instanceof PbxEvent.PhoneStateChanged e) {
            phones.changed(e);
        } else if (event instanceof PbxEvent.LinkUp || event instanceof PbxEvent.LinkDown) {
            // while the link is down no call can be moved: offers wait for the next LinkUp (after its snapshot)
            routingHeld = event instanceof PbxEvent.LinkDown;
            log.info("PBX {}: routing {}", event, routingHeld ? "held" : "resumed");
        } else if (!holds.on(event) && !control.on(event)) {
            outcomes.on(event);
        }
        route();
    }

    /** Applies an agent's command; never throws for a refused command, answers with an error code instead. */
    public CommandResult onCommand(AgentCommand command, long nowNs, long epochMs) {
        setTime(nowNs, epochMs);
        CommandResult result = commands.apply(command);
        route();
        return result;
    }

    /** Applies a supervisor's command, like {@link #onCommand}. */
    public CommandResult onSupervisorCommand(SupervisorCommand command, long nowNs, long epochMs) {
        setTime(nowNs, epochMs);
        CommandResult result = control.supervisor().apply(command);
        route();
        return result;
    }

    /**
     * The customer directory answered for a call (looked up off the engine thread): its tier bonus now counts
     * in its priority. Ignored for a call no longer known, and without a {@link RoutingConfig}.
     */
    public void onCustomerIdentified(String callId, Customer customer, long nowNs, long epochMs) {
        setTime(nowNs, epochMs);
        Call call = calls.get(callId);
        if (call != null && customer != null) {
            routing.setTier(call, customer.tier());
        }
        route();
    }

    /** How due callbacks are offered as preview calls; call it before the engine runs (engine thread). */
    public void setPreviewSettings(PreviewSettings settings) {
        control.outbound().setPreviewSettings(java.util.Objects.requireNonNull(settings, "settings"));
    }

    /** When the engine's earliest timer is due (monotonic ns), {@link Long#MAX_VALUE} when none: for simulations. */
    public long nextTimerDueNs() {
        return timers.nextDueNs();
    }

    /** Fires due timers (ring-no-answer, wrap-up deadlines, relaxation steps) and routes what became routable. */
    public void onTick(long nowNs, long epochMs) {
        setTime(nowNs, epochMs);
        dueTimers.fire();
        rules.sweep(nowNs, epochMs);
        route();
    }

    private void setTime(long nowNs, long epochMs) {
        this.nowNs = nowNs;
        this.epochMs = epochMs;
    }

    // ------------------------------------------------------------------ PBX events

    void onCallWaiting(PbxEvent.CallWaiting e) {
        if (calls.containsKey(e.callId())) {
            log.debug("call {} is already known; duplicate CallWaiting ignored", e.callId());
            return;
        }
        QueueConfig queue = queues.get(e.queueId());
        if (queue == null) {
            if (queues.isEmpty()) {
                log.warn("call {} waits for queue '{}' but no queue is configured: hanging it up", e.callId(), e.queueId());
                pbx(new PbxCommand.HangupCall(e.callId(), e.channel()));
                return;
            }
            queue = queues.values().iterator().next();
            log.warn("call {} waits for unknown queue '{}'; put in default queue '{}'", e.callId(), e.queueId(), queue.id());
        }
        RoutingSetup.Requirements req = RoutingSetup.requirements(queue, e.callId(), e.requirement());
        Call call = new Call(e.callId(), e.channel(), queue.id(), e.callerNumber(), e.callerName(), e.dialedNumber(),
                e.data(), req.combined(), queue.priority(), ++arrivals, nowNs, epochMs);
        routing.configure(call, queue, req.own(), e.data(), nowNs);
        scheduleRelaxStep(call);
        calls.put(call.id(), call);
        counters.get(queue.id()).callOffered();
        emit(new CtiEvent.CallQueued(nextSeq(), epochMs, call.id(), call.queueId(), call.callerNumber(), false));
        rules.enter(call, nowNs, epochMs);
    }

    // ------------------------------------------------------------------ call flow

    private void route() {
        if (!routingHeld) {
            router.route(this::offer, nowNs);
        }
    }

    /** Arms the timer of the call's next relaxation step, if its queue's ladder has one. */
    void scheduleRelaxStep(Call call) {
        long due = call.nextStepDueNs();
        if (due != Long.MAX_VALUE) {
            timers.schedule(due, Timers.Kind.RELAX_STEP, call.id());
        }
    }

    /** Called by the router for each match. */
    private void offer(Call call, Agent agent) {
        if (holds.owns(call.id())) {
            holds.offer(call, agent);
            return;
        }
        reserve(call, agent);
        pbx(new PbxCommand.RouteToAgent(call.id(), call.channel(), agent.extension()));
    }

    /** Offers a call (no longer in the router) to a READY agent, who is RESERVED; no PBX command. */
    void reserve(Call call, Agent agent) {
        reserve(call, agent, call.data());
    }

    /** As {@link #reserve(Call, Agent)}, with the screen pop's data given (a callback marks itself). */
    void reserve(Call call, Agent agent, Map<String, String> screenPop) {
        long token = config.ringTimeout().isZero() || config.ringTimeout().isNegative() ? 0
                : timers.schedule(nowNs + config.ringTimeout().toNanos(), Timers.Kind.RING_TIMEOUT, call.id());
        call.closeSegment(epochMs, "offered");
        call.offer(agent.id(), agent.extension(), nowNs, token);
        call.openSegment(CallRecord.Kind.RINGING, agent.id(), epochMs);
        agent.setCurrentCallId(call.id());
        transition(agent, AgentState.RESERVED, "");
        emit(new CtiEvent.CallOffered(nextSeq(), epochMs, agent.id(), call.id(), call.queueId(), call.callerNumber(),
                call.callerName(), call.dialedNumber(), TimeUnit.NANOSECONDS.toMillis(nowNs - call.enqueuedNs()),
                screenPop));
    }

    /** Ring-no-answer: the agent goes NOT_READY (RONA) and the call back to its old place in the queue. */
    void rona(Call call, String why) {
        Agent agent = agents.get(call.agentId());
        call.closeSegment(epochMs, "no answer: " + why);
        call.requeue();
        agent.setCurrentCallId(null);
        transition(agent, AgentState.NOT_READY, RONA_REASON);
        requeue(call);
    }

    void requeue(Call call) {
        // the ladder runs on the original arrival: a requeued call keeps the step its wait has reached
        call.updateStep(nowNs);
        call.openSegment(CallRecord.Kind.QUEUE, null, epochMs);
        emit(new CtiEvent.CallQueued(nextSeq(), epochMs, call.id(), call.queueId(), call.callerNumber(), true));
        router.enqueue(call);
    }

    /** Moves a call that is in no queue's router to {@code queue} (transfer), keeping its original arrival. */
    void moveToQueue(Call call, QueueConfig queue) {
        if (!queue.id().equals(call.queueId())) {
            call.moveToQueue(queue.id(), queue.priority());
            routing.configure(call, queue, call.ownRequirement(), call.data(), nowNs);
        }
    }

    CallEndings endings() {
        return endings;
    }

    /** The call leaves the engine's books (ended, or gone out of the CTI); its timers and call control end too. */
    void forgetCall(Call call) {
        calls.remove(call.id());
        rules.forget(call.id());
        holds.forget(call.id());
        control.callEnded(call);
    }

    // ------------------------------------------------------------------ agents

    CommandResult transition(Agent agent, AgentState to, String reason) {
        String forced = agent.pendingNotReadyReason();
        if (forced != null && (to == AgentState.READY || to == AgentState.NOT_READY)) {
            // a supervisor's ForceNotReady waited for the call or the wrap-up to end: it wins over the next state
            to = AgentState.NOT_READY;
            reason = forced;
        }
        CommandResult r = agent.transition(to, reason, nowNs, epochMs);
        if (!r.isOk()) {
            log.error("engine bug: internal transition refused: {}", r.detail());
        }
        return r;
    }

    /** Keeps the routing and statistics indexes in step, emits the event and tells the store. */
    private void onAgentTransition(Agent agent, AgentState from, long nowNs, long epochMs) {
        AgentState to = agent.state();
        if (from == AgentState.READY) {
            router.agentUnready(agent);
            phones.left(agent);
        }
        if (to == AgentState.READY && agent.engagement() == null && phones.mayRoute(agent)) {
            router.agentReady(agent);
        }
        if (to == AgentState.NOT_READY || to == AgentState.LOGGED_OUT) {
            agent.setPendingNotReadyReason(null);
        }
        for (String q : agent.servedQueueIds()) {
            counters.get(q).agentMoved(from, to);
        }
        emit(new CtiEvent.AgentStateChanged(nextSeq(), epochMs, agent.id(), from, to, agent.reason(), agent.extension()));
        store.agentChanged(agent.snapshot());
        if (from == AgentState.LOGGED_OUT) {
            phones.loggedIn(agent);
        }
    }

    Agent agentById(String id) {
        return agents.get(id);
    }

    Phones phones() {
        return phones;
    }

    long scheduleTimer(long dueNs, Timers.Kind kind, String targetId) {
        return timers.schedule(dueNs, kind, targetId);
    }

    StateStore store() {
        return store;
    }

    AgentCommands commands() {
        return commands;
    }

    boolean isRoutingHeld() {
        return routingHeld;
    }

    Call callById(String id) {
        return calls.get(id);
    }

    // for OfferOutcomes and Resync (same package)
    QueueConfig queueConfig(String id) {
        return queues.get(id);
    }

    QueueCounters countersOf(String queueId) {
        return counters.get(queueId);
    }

    List<Call> callsInProgress() {
        return List.copyOf(calls.values());
    }

    List<Agent> agentsInIdOrder() {
        return agentsById;
    }

    void unqueue(Call call) {
        router.remove(call);
    }

    // ------------------------------------------------------------------ outputs

    long nextSeq() {
        return ++sequence;
    }

    void emit(CtiEvent event) {
        try {
            sink.onEvent(event);
        } catch (RuntimeException e) {
            // a consumer's fault must not leave the model half-changed
            log.error("event sink failed on {}", event, e);
        }
    }

    void pbx(PbxCommand command) {
        try {
            pbx.execute(command);
        } catch (RuntimeException e) {
            log.error("PBX port failed on {}", command, e);
        }
    }

    // ------------------------------------------------------------------ views

    /**
     * All statistics at once: queues in configuration order, agents sorted by id. Waits are measured on
     * the epoch clock from each call's arrival, so no monotonic time is needed here.
     */
    public StatsSnapshot snapshot(long epochMs) {
        return stats.snapshot(epochMs, sequence);
    }

    /** The sequence number of the last event emitted (0 before the first). */
    public long lastSequence() {
        return sequence;
    }

    public EngineConfig config() {
        return config;
    }

    public Optional<AgentSnapshot> agent(String agentId) {
        Agent a = agents.get(agentId);
        return a == null ? Optional.empty() : Optional.of(a.snapshot());
    }

    /** The phone of a logged-in agent; empty for an unknown or logged-out agent. */
    public Optional<PhoneStatus> phoneStatus(String agentId) {
        Agent a = agents.get(agentId);
        return a == null || !a.state().isLoggedIn() || a.extension() == null ? Optional.empty()
                : Optional.of(phones.status(a));
    }

    /** The phones of the logged-in agents, sorted by agent id (beside {@link #snapshot}'s agents). */
    public List<PhoneStatus> phoneStatuses() {
        return phones.statuses(agentsById);
    }

    /** How many READY agents their phone keeps from being offered calls. */
    public int agentsHeldByPhone() {
        return phones.heldCount();
    }

    /** The state of a call in progress; empty once it ended (or when it never existed). */
    public Optional<CallState> callState(String callId) {
        Call c = calls.get(callId);
        return c == null ? Optional.empty() : Optional.of(c.state());
    }

    /** The agent a call in progress is offered to or talking with. */
    public Optional<String> callAgent(String callId) {
        Call c = calls.get(callId);
        return c == null ? Optional.empty() : Optional.ofNullable(c.agentId());
    }

    /** The waiting calls of a queue in the order they will be served. */
    public List<String> waitingCallIds(String queueId) {
        return stats.waitingCallIds(queueId, nowNs);
    }

    /** Calls in progress (waiting, offered, talking). */
    public int activeCallCount() {
        return calls.size();
    }

    /** A queue's overflow and closed diversions by action, and its callbacks (requested, reached, failed). */
    public org.ctiserver.core.stats.QueueActionCounts actionCounts(String queueId) {
        return stats.actionCounts(queueId);
    }

    /** The callbacks keeping their callers' places (a resync reconciles them first). */
    VirtualHolds holds() {
        return holds;
    }

    /** Timers pending, cancelled ones included until they come due (for tests and metrics). */
    public int pendingTimerCount() {
        return timers.size();
    }
}
