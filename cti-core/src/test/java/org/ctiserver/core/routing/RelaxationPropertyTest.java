package org.ctiserver.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.Engine;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.expr.Requirement;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.time.VirtualClock;

/**
 * Random ladders, policies, tiers, aging and event orders through the engine (ticking after every input, as
 * the runner does): an offer never goes to an agent lacking the requirement of the call's current step; no
 * READY agent stays idle while a call it can serve waits; no waiting call the agent could serve outranks the
 * one offered (priority, then, at equal priority, overdue before within the service-level threshold before
 * past it); and the
 * same inputs give the same outputs.
 */
class RelaxationPropertyTest {
    static final List<List<RoutingTarget>> LADDERS = List.of(
            List.of(RoutingTarget.of("billing >= 6", Duration.ofSeconds(10)),
                    RoutingTarget.of("billing >= 3", Duration.ofSeconds(10)), RoutingTarget.last("true")),
            List.of(RoutingTarget.of("lang >= 3 && billing >= 2", Duration.ofSeconds(15)), RoutingTarget.last("lang || billing")),
            List.of(RoutingTarget.of("!billing || lang == 4", Duration.ofSeconds(5)), RoutingTarget.last("billing < 9")),
            List.of(RoutingTarget.last("true")));
    static final Duration SERVICE_LEVEL_THRESHOLD = Duration.ofSeconds(20);
    static final String[] OWN = {"", "lang:2", "billing >= 4 || lang >= 4"};
    static final String[] TIERS = {"normal", "vip", "key-account"};
    static final String[] POLICIES = {"longest-idle", "best-skill", "least-occupied", "round-robin", "least-flexible"};

    record QueueSpec(int priority, int ladder, int policy, boolean aging) {
    }

    record AgentSpec(int billing, int lang, Set<Integer> queues) {
    }

    enum Kind { ARRIVE, READY, NOT_READY, ANSWER, HANGUP, DIAL_FAIL, WRAP_UP_DONE, TIME }

    record Action(Kind kind, int a, int b) {
    }

    record Scenario(List<QueueSpec> queues, List<AgentSpec> agents, List<Action> actions) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<QueueSpec> queue = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, LADDERS.size() - 1), Arbitraries.integers().between(0, POLICIES.length - 1),
                Arbitraries.of(true, false)).as(QueueSpec::new);
        Arbitrary<AgentSpec> agent = Combinators.combine(Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 2).set().ofMaxSize(2)).as(AgentSpec::new);
        Arbitrary<Action> action = Combinators.combine(Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(6, Kind.ARRIVE), net.jqwik.api.Tuple.of(4, Kind.READY),
                        net.jqwik.api.Tuple.of(1, Kind.NOT_READY), net.jqwik.api.Tuple.of(3, Kind.ANSWER),
                        net.jqwik.api.Tuple.of(3, Kind.HANGUP), net.jqwik.api.Tuple.of(1, Kind.DIAL_FAIL),
                        net.jqwik.api.Tuple.of(2, Kind.WRAP_UP_DONE), net.jqwik.api.Tuple.of(5, Kind.TIME)),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000)).as(Action::new);
        return Combinators.combine(queue.list().ofMinSize(1).ofMaxSize(3), agent.list().ofMinSize(1).ofMaxSize(7),
                action.list().ofMinSize(1).ofMaxSize(80)).as(Scenario::new);
    }

    @Property(tries = 300)
    void offersRespectTheCurrentStep_noEligibleAgentIdles_priorityOrderHolds(@ForAll("scenarios") Scenario s) {
        new Run(s, true).play();
    }

    @Property(tries = 80)
    void sameInputs_sameOutputs(@ForAll("scenarios") Scenario s) {
        Run a = new Run(s, false);
        a.play();
        Run b = new Run(s, false);
        b.play();
        assertThat(b.events).isEqualTo(a.events);
        assertThat(b.commands).isEqualTo(a.commands);
    }

    private static final class Run {
        final Scenario s;
        final boolean check;
        final VirtualClock clock = new VirtualClock(1_700_000_000_000L);
        final List<CtiEvent> events = new ArrayList<>();
        final List<PbxCommand> commands = new ArrayList<>();
        final Map<String, AgentProfile> profiles = new LinkedHashMap<>();
        final Map<String, QueueSpec> queueSpecs = new LinkedHashMap<>();
        final Map<String, String> callQueue = new HashMap<>();
        final Map<String, Requirement> callOwn = new HashMap<>();
        final Map<String, Long> callArrival = new HashMap<>();
        final Map<String, Integer> callBonus = new HashMap<>();
        final Set<String> queued = new LinkedHashSet<>();
        final List<String> callIds = new ArrayList<>();
        final Engine engine;

        Run(Scenario s, boolean check) {
            this.s = s;
            this.check = check;
            List<QueueConfig> queues = new ArrayList<>();
            List<QueueRouting> routing = new ArrayList<>();
            for (int i = 0; i < s.queues().size(); i++) {
                QueueSpec q = s.queues().get(i);
                queueSpecs.put("q" + i, q);
                queues.add(new QueueConfig("q" + i, "Q" + i, SkillRequirement.NONE, q.priority(), SERVICE_LEVEL_THRESHOLD,
                        Duration.ofSeconds(5), Duration.ofSeconds(q.priority() * 5L)));
                routing.add(new QueueRouting("q" + i, LADDERS.get(q.ladder()), POLICIES[q.policy()],
                        q.aging() ? 0.5 : 0, 80));
            }
            for (int i = 0; i < s.agents().size(); i++) {
                AgentSpec a = s.agents().get(i);
                Map<String, Integer> skills = new HashMap<>();
                if (a.billing() > 0) {
                    skills.put("billing", a.billing());
                }
                if (a.lang() > 0) {
                    skills.put("lang", a.lang());
                }
                Set<String> qs = new LinkedHashSet<>();
                a.queues().forEach(q -> qs.add("q" + q % s.queues().size()));
                profiles.put("a" + i, new AgentProfile("a" + i, "A" + i, skills, qs));
            }
            EngineConfig config = new EngineConfig(queues, List.copyOf(profiles.values()), Map.of("break", "break"),
                    Map.of(), Duration.ofSeconds(15), Duration.ofSeconds(1));
            engine = new Engine(config, new RoutingConfig(routing), commands::add, new InMemoryStateStore(10), this::onEvent);
        }

        Requirement stepRequirement(String callId) {
            List<RoutingTarget> ladder = LADDERS.get(queueSpecs.get(callQueue.get(callId)).ladder());
            long waited = clock.nowNs() - callArrival.get(callId);
            long boundary = 0;
            int step = 0;
            while (step < ladder.size() - 1) {
                boundary += ladder.get(step).timeout().toNanos();
                if (waited < boundary) {
                    break;
                }
                step++;
            }
            return Requirement.and(ladder.get(step).requirement(), callOwn.get(callId));
        }

        boolean eligible(String agentId, String callId) {
            AgentProfile p = profiles.get(agentId);
            return (p.queueIds().isEmpty() || p.queueIds().contains(callQueue.get(callId)))
                    && stepRequirement(callId).isMetBy(p.skills());
        }

        double rank(String callId) {
            QueueSpec q = queueSpecs.get(callQueue.get(callId));
            double waitedS = (clock.nowNs() - callArrival.get(callId)) / 1e9;
            return q.priority() + callBonus.get(callId) + (q.aging() ? 0.5 : 0) * waitedS;
        }

        /** 0 overdue (more than 6 thresholds), 1 within the threshold, 2 past it: written out, not CallOrder's. */
        int band(String callId) {
            long waited = clock.nowNs() - callArrival.get(callId);
            long t = SERVICE_LEVEL_THRESHOLD.toNanos();
            return waited <= t ? 1 : waited > 6 * t ? 0 : 2;
        }

        void onEvent(CtiEvent e) {
            events.add(e);
            if (e instanceof CtiEvent.CallQueued q) {
                queued.add(q.callId());
            } else if (e instanceof CtiEvent.CallEnded c) {
                queued.remove(c.callId());
            } else if (e instanceof CtiEvent.CallOffered o) {
                queued.remove(o.callId());
                if (check) {
                    assertThat(eligible(o.agentId(), o.callId()))
                            .as("%s offered to %s lacking step requirement %s", o.callId(), o.agentId(), stepRequirement(o.callId()))
                            .isTrue();
                    for (String other : queued) {
                        if (eligible(o.agentId(), other)) {
                            assertThat(rank(other)).as("%s outranks offered %s for %s", other, o.callId(), o.agentId())
                                    .isLessThanOrEqualTo(rank(o.callId()) + 1e-9);
                            // the default call order: between equal priorities, overdue calls, then calls that
                            // can still make the service-level threshold, then those that missed it
                            boolean tie = Math.abs(rank(other) - rank(o.callId())) <= 1e-9;
                            assertThat(tie && band(other) < band(o.callId()))
                                    .as("%s (band %s) passed over for %s (band %s) at equal priority",
                                            other, band(other), o.callId(), band(o.callId()))
                                    .isFalse();
                        }
                    }
                }
            }
        }

        void checkNoIdleEligibleAgent() {
            for (AgentSnapshot a : engine.snapshot(clock.epochMillis()).agents()) {
                if (a.state() == AgentState.READY) {
                    for (String callId : queued) {
                        assertThat(eligible(a.agentId(), callId)).as("READY %s could take waiting %s (step %s)",
                                a.agentId(), callId, stepRequirement(callId)).isFalse();
                    }
                }
            }
        }

        void play() {
            for (Action a : s.actions()) {
                apply(a);
                engine.onTick(clock.nowNs(), clock.epochMillis());
                if (check) {
                    checkNoIdleEligibleAgent();
                }
            }
        }

        List<String> callsIn(CallState state) {
            return callIds.stream().filter(id -> engine.callState(id).orElse(null) == state).toList();
        }

        void apply(Action a) {
            long now = clock.nowNs();
            long epoch = clock.epochMillis();
            String agentId = "a" + a.a() % profiles.size();
            switch (a.kind()) {
                case ARRIVE -> {
                    String id = "c" + callIds.size();
                    String q = "q" + a.a() % queueSpecs.size();
                    String own = OWN[a.b() % OWN.length];
                    String tier = TIERS[a.b() / 7 % TIERS.length];
                    callIds.add(id);
                    callQueue.put(id, q);
                    callOwn.put(id, own.isEmpty() ? Requirement.ANY
                            : own.contains(":") ? Requirement.of(SkillRequirement.parse(own)) : Requirement.parse(own));
                    callArrival.put(id, now);
                    callBonus.put(id, RoutingConfig.NONE.bonus(org.ctiserver.core.customer.CustomerTier.byKey(tier).orElseThrow()));
                    engine.onPbxEvent(new PbxEvent.CallWaiting(id, "ch-" + id, q, "555", "", "100", own,
                            Map.of("CustomerTier", tier)), now, epoch);
                }
                case READY -> {
                    if (engine.agent(agentId).orElseThrow().state() == AgentState.LOGGED_OUT) {
                        engine.onCommand(new AgentCommand.Login(agentId, "ext-" + agentId), now, epoch);
                    }
                    engine.onCommand(new AgentCommand.Ready(agentId), now, epoch);
                }
                case NOT_READY -> engine.onCommand(new AgentCommand.NotReady(agentId, "break"), now, epoch);
                case WRAP_UP_DONE -> engine.onCommand(new AgentCommand.CompleteWrapUp(agentId, "", "", null), now, epoch);
                case ANSWER, DIAL_FAIL -> {
                    List<String> offered = callsIn(CallState.OFFERED);
                    if (!offered.isEmpty()) {
                        String callId = offered.get(a.b() % offered.size());
                        String ext = "ext-" + engine.callAgent(callId).orElseThrow();
                        engine.onPbxEvent(a.kind() == Kind.ANSWER ? new PbxEvent.AgentAnswered(callId, "x", ext)
                                : new PbxEvent.AgentDialFailed(callId, "x", ext, "NOANSWER"), now, epoch);
                    }
                }
                case HANGUP -> {
                    List<String> active = callIds.stream().filter(id -> engine.callState(id).isPresent()).toList();
                    if (!active.isEmpty()) {
                        String callId = active.get(a.b() % active.size());
                        engine.onPbxEvent(new PbxEvent.ChannelHungUp(callId, callId, "ch-" + callId, 16, "x"), now, epoch);
                    }
                }
                case TIME -> clock.advance(a.b() * 25L, TimeUnit.MILLISECONDS);
                default -> throw new IllegalStateException();
            }
            if (a.a() % 3 == 0) {
                clock.advance(1 + a.b() % 700, TimeUnit.MILLISECONDS);
            }
        }
    }
}
