package org.ctiserver.core.simulation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import org.HdrHistogram.Histogram;
import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.core.engine.Engine;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.AgentSelectors;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.simulation.SimulationReport.ErlangFigures;
import org.ctiserver.core.simulation.SimulationReport.Metrics;
import org.ctiserver.core.simulation.SimulationReport.PolicyResult;
import org.ctiserver.core.store.CallRecord;
import org.ctiserver.core.store.StateStore;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.time.VirtualClock;

/**
 * Replays a scenario's calls through the real {@link Engine} on a {@link VirtualClock}, once per policy, as a
 * discrete-event loop: the next of arrival, abandon, hang-up or engine timer happens next. Simulated phones
 * answer at once. Every policy sees the same calls (same arrivals, handle times and patience), so
 * differences come from routing alone. Same scenario, policies and seed: the same report.
 */
public final class RoutingSimulator {
    private static final long NS = 1_000_000_000L;

    private RoutingSimulator() {
    }

    /** @param policies names from {@link Policies}; empty means all of them */
    public static SimulationReport run(Scenario scenario, List<String> policies, long seed) {
        List<String> names = policies.isEmpty() ? List.copyOf(Policies.names()) : List.copyOf(new LinkedHashSet<>(policies));
        List<SimPolicy> resolved = names.stream().map(Policies::byName).toList();
        List<TraceCall> calls = scenario.calls(seed);
        List<PolicyResult> results = new ArrayList<>();
        for (SimPolicy p : resolved) {
            results.add(new Run(scenario, calls, p, seed).play());
        }
        return new SimulationReport(scenario.name(), seed, scenario.durationSeconds(), scenario.warmupSeconds(),
                scenario.serviceLevelSeconds(), scenario.agentCount(), results, erlang(scenario));
    }

    /** Erlang C or A for single-skill Poisson scenarios with exponential handling and no wrap-up; else null. */
    static ErlangFigures erlang(Scenario s) {
        if (s.callTypes().size() != 1 || s.arrivals() == null || s.arrivals().points().size() != 1
                || s.wrapUpSeconds() > 0) {
            return null;
        }
        CallType t = s.callTypes().get(0);
        if (t.handleCv() > 0) {
            return null;
        }
        double lambda = s.arrivals().rateAt(0);
        double mu = 1 / t.meanHandleSeconds();
        int n = s.agentCount();
        if (t.patient()) {
            return new ErlangFigures("erlang-c", lambda, mu, Double.NaN, n,
                    100 * ErlangC.serviceLevel(lambda, mu, n, s.serviceLevelSeconds()), ErlangC.asa(lambda, mu, n),
                    0, 100 * ErlangC.occupancy(lambda, mu, n));
        }
        double theta = 1 / t.meanPatienceSeconds();
        ErlangA.Result a = ErlangA.compute(lambda, mu, theta, n);
        return new ErlangFigures("erlang-a", lambda, mu, theta, n, Double.NaN, Double.NaN,
                100 * a.abandonment(), 100 * a.occupancy());
    }

    private enum Kind { ARRIVE, ABANDON, HANG_UP }

    private record Ev(long atNs, long seq, Kind kind, int call) {
    }

    /** One policy's run. */
    private static final class Run {
        final Scenario s;
        final List<TraceCall> calls;
        final SimPolicy policy;
        final SimPolicy.Setup setup;
        final VirtualClock clock = new VirtualClock(1_700_000_000_000L);
        final ArrayDeque<CtiEvent> pending = new ArrayDeque<>();
        final PriorityQueue<Ev> events = new PriorityQueue<>(Comparator.comparingLong(Ev::atNs).thenComparingLong(Ev::seq));
        final Engine engine;
        final long[] waitNs;
        final boolean[] abandoned;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Long> busySince = new HashMap<>();
        final long windowStartNs;
        final long windowEndNs;
        long busyInWindowNs;
        long seq;

        Run(Scenario s, List<TraceCall> calls, SimPolicy policy, long seed) {
            this.s = s;
            this.calls = calls;
            this.policy = policy;
            this.setup = policy.setup(s, seed);
            this.waitNs = new long[calls.size()];
            this.abandoned = new boolean[calls.size()];
            java.util.Arrays.fill(waitNs, -1);
            this.windowStartNs = (long) (s.warmupSeconds() * NS);
            this.windowEndNs = (long) (s.durationSeconds() * NS);
            Duration wrapUp = Duration.ofNanos((long) (s.wrapUpSeconds() * NS));
            Set<String> queueIds = new LinkedHashSet<>(setup.queueOfType().values());
            List<QueueConfig> queues = queueIds.stream().map(q -> new QueueConfig(q, q, SkillRequirement.NONE, 0,
                    Duration.ofNanos((long) (s.serviceLevelSeconds() * NS)), Duration.ZERO, wrapUp)).toList();
            List<AgentProfile> agents = new ArrayList<>();
            for (AgentGroup g : s.agents()) {
                for (int i = 0; i < g.count(); i++) {
                    String id = String.format("%s-%04d", g.name(), i);
                    agents.add(new AgentProfile(id, id, g.skills(), Set.of()));
                }
            }
            EngineConfig config = new EngineConfig(queues, agents, Map.of(), Map.of(), Duration.ZERO, Duration.ofSeconds(1));
            this.engine = new Engine(config, new RoutingConfig(setup.queues(), setup.tierBonus(), setup.callOrder()), cmd -> { },
                    NO_STORE, pending::add, AgentSelectors.createDefault(), setup.selectors());
            for (AgentProfile a : agents) {
                engine.onCommand(new AgentCommand.Login(a.id(), "ext-" + a.id()), 0, clock.epochMillis());
                engine.onCommand(new AgentCommand.Ready(a.id()), 0, clock.epochMillis());
            }
            drain();
            for (int i = 0; i < calls.size(); i++) {
                push((long) (calls.get(i).arrivalSeconds() * NS), Kind.ARRIVE, i);
            }
        }

        void push(long atNs, Kind kind, int call) {
            events.add(new Ev(atNs, seq++, kind, call));
        }

        PolicyResult play() {
            while (true) {
                long nextEvent = events.isEmpty() ? Long.MAX_VALUE : events.peek().atNs();
                long nextTimer = engine.nextTimerDueNs();
                if (nextEvent == Long.MAX_VALUE && nextTimer == Long.MAX_VALUE) {
                    break;
                }
                if (nextTimer <= nextEvent) {
                    clock.advanceTo(Math.max(clock.nowNs(), nextTimer));
                    engine.onTick(clock.nowNs(), clock.epochMillis());
                } else {
                    Ev e = events.poll();
                    clock.advanceTo(e.atNs());
                    handle(e);
                }
                drain();
            }
            for (Map.Entry<String, Long> open : busySince.entrySet()) {
                busyInWindowNs += overlap(open.getValue(), clock.nowNs());
            }
            return result();
        }

        void handle(Ev e) {
            TraceCall c = calls.get(e.call());
            String id = "c" + e.call();
            long now = clock.nowNs();
            switch (e.kind()) {
                case ARRIVE -> {
                    index.put(id, e.call());
                    engine.onPbxEvent(new PbxEvent.CallWaiting(id, "sim/" + id, setup.queueOfType().get(c.callType()),
                            "caller-" + e.call(), "", "4000", "",
                            Map.of(CustomerLookup.CUSTOMER_TIER_KEY, c.tier() == null ? "normal" : c.tier())),
                            now, clock.epochMillis());
                    if (Double.isFinite(c.patienceSeconds())) {
                        push(now + (long) (c.patienceSeconds() * NS), Kind.ABANDON, e.call());
                    }
                }
                case ABANDON -> {
                    if (waitNs[e.call()] < 0 && engine.callState(id).isPresent()) {
                        engine.onPbxEvent(new PbxEvent.ChannelHungUp(id, id, "sim/" + id, 16, "caller left"),
                                now, clock.epochMillis());
                    }
                }
                case HANG_UP -> engine.onPbxEvent(new PbxEvent.ChannelHungUp(id, id, "sim/" + id, 16, "Normal Clearing"),
                        now, clock.epochMillis());
            }
        }

        /** Plays the simulated phones' part for what the engine just did. */
        void drain() {
            for (CtiEvent ev = pending.poll(); ev != null; ev = pending.poll()) {
                long now = clock.nowNs();
                if (ev instanceof CtiEvent.CallOffered o) {
                    engine.onPbxEvent(new PbxEvent.AgentAnswered(o.callId(), "agent/" + o.agentId(), "ext-" + o.agentId()),
                            now, clock.epochMillis());
                } else if (ev instanceof CtiEvent.CallConnected c) {
                    int i = index.get(c.callId());
                    waitNs[i] = now - (long) (calls.get(i).arrivalSeconds() * NS);
                    push(now + (long) (calls.get(i).handleSeconds() * NS), Kind.HANG_UP, i);
                } else if (ev instanceof CtiEvent.CallEnded e && e.outcome() == CtiEvent.CallOutcome.ABANDONED) {
                    abandoned[index.get(e.callId())] = true;
                } else if (ev instanceof CtiEvent.WrapUpStarted w && w.deadlineEpochMs() == 0) {
                    engine.onCommand(new AgentCommand.CompleteWrapUp(w.agentId(), "", "", null), now, clock.epochMillis());
                } else if (ev instanceof CtiEvent.AgentStateChanged a) {
                    boolean was = busy(a.from());
                    boolean is = busy(a.to());
                    if (!was && is) {
                        busySince.put(a.agentId(), now);
                    } else if (was && !is) {
                        Long since = busySince.remove(a.agentId());
                        busyInWindowNs += since == null ? 0 : overlap(since, now);
                    }
                }
            }
        }

        static boolean busy(AgentState s) {
            return s == AgentState.RESERVED || s == AgentState.TALKING || s == AgentState.WRAP_UP;
        }

        long overlap(long from, long to) {
            return Math.max(0, Math.min(to, windowEndNs) - Math.max(from, windowStartNs));
        }

        PolicyResult result() {
            Map<String, Tally> byType = new LinkedHashMap<>();
            s.callTypes().forEach(t -> byType.put(t.name(), new Tally()));
            Tally total = new Tally();
            long thresholdNs = (long) (s.serviceLevelSeconds() * NS);
            for (int i = 0; i < calls.size(); i++) {
                long arrival = (long) (calls.get(i).arrivalSeconds() * NS);
                if (arrival < windowStartNs || arrival >= windowEndNs) {
                    continue;
                }
                total.add(waitNs[i], abandoned[i], thresholdNs);
                byType.get(calls.get(i).callType()).add(waitNs[i], abandoned[i], thresholdNs);
            }
            double staffedNs = (double) s.agentCount() * (windowEndNs - windowStartNs);
            double occupancy = staffedNs <= 0 ? Double.NaN : 100.0 * busyInWindowNs / staffedNs;
            Map<String, Metrics> perType = new LinkedHashMap<>();
            byType.forEach((k, v) -> perType.put(k, v.metrics(Double.NaN)));
            return new PolicyResult(policy.name(), policy.description(), total.metrics(occupancy), perType);
        }
    }

    private static final class Tally {
        long offered;
        long answered;
        long abandoned;
        long withinThreshold;
        double waitSumS;
        final Histogram waitsMs = new Histogram(3);

        void add(long waitNs, boolean abandon, long thresholdNs) {
            offered++;
            if (waitNs >= 0) {
                answered++;
                waitSumS += waitNs / 1e9;
                waitsMs.recordValue(Math.max(0, waitNs / 1_000_000));
                if (waitNs <= thresholdNs) {
                    withinThreshold++;
                }
            } else if (abandon) {
                abandoned++;
            }
        }

        Metrics metrics(double occupancy) {
            double pct = offered == 0 ? Double.NaN : 100.0 / offered;
            return new Metrics(offered, answered, abandoned, abandoned * pct, withinThreshold * pct,
                    answered == 0 ? Double.NaN : waitSumS / answered,
                    answered == 0 ? Double.NaN : waitsMs.getValueAtPercentile(90) / 1000.0, occupancy,
                    answered == 0 ? Double.NaN : waitsMs.getValueAtPercentile(99) / 1000.0,
                    answered == 0 ? Double.NaN : waitsMs.getMaxValue() / 1000.0);
        }
    }

    private static final StateStore NO_STORE = new StateStore() {
        @Override
        public void agentChanged(AgentSnapshot agent) {
        }

        @Override
        public void callFinished(CallRecord call) {
        }

        @Override
        public void dispositionRecorded(String callId, String agentId, String dispositionCode, String notes) {
        }

        @Override
        public List<CallRecord> recentCalls(int limit) {
            return List.of();
        }
    };
}
