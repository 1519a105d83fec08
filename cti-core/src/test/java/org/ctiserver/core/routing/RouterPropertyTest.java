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
import net.jqwik.api.Tuple;

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
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.time.VirtualClock;

/**
 * Random queues, agents, skills and event orders through the engine: the router never breaks eligibility,
 * always picks the longest-idle eligible agent, never leaves an eligible READY agent idle while a call it
 * can serve waits, and does the same thing every time for the same inputs.
 */
class RouterPropertyTest {

    private static final String[] REQUIREMENTS = {"", "", "billing:3", "billing:7", "lang:2", "billing:5,lang:3"};
    private static final String[] QUEUE_REQUIREMENTS = {"", "", "lang:1"};

    record QueueSpec(int priority, int requirement) {
    }

    record AgentSpec(int billing, int lang, Set<Integer> queues) {
    }

    enum Kind { ARRIVE, READY, NOT_READY, ANSWER, HANGUP, DIAL_FAIL, REQUEUED, WRAP_UP_DONE, TIME }

    record Action(Kind kind, int a, int b) {
    }

    record Scenario(List<QueueSpec> queues, List<AgentSpec> agents, List<Action> actions) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<QueueSpec> queue = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, QUEUE_REQUIREMENTS.length - 1)).as(QueueSpec::new);
        Arbitrary<AgentSpec> agent = Combinators.combine(Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 2).set().ofMaxSize(2)).as(AgentSpec::new);
        Arbitrary<Action> action = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just(Kind.ARRIVE)),
                        Tuple.of(5, Arbitraries.just(Kind.READY)),
                        Tuple.of(1, Arbitraries.just(Kind.NOT_READY)),
                        Tuple.of(3, Arbitraries.just(Kind.ANSWER)),
                        Tuple.of(3, Arbitraries.just(Kind.HANGUP)),
                        Tuple.of(1, Arbitraries.just(Kind.DIAL_FAIL)),
                        Tuple.of(1, Arbitraries.just(Kind.REQUEUED)),
                        Tuple.of(2, Arbitraries.just(Kind.WRAP_UP_DONE)),
                        Tuple.of(3, Arbitraries.just(Kind.TIME))),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000)).as(Action::new);
        return Combinators.combine(queue.list().ofMinSize(1).ofMaxSize(3), agent.list().ofMinSize(1).ofMaxSize(8),
                action.list().ofMinSize(1).ofMaxSize(80)).as(Scenario::new);
    }

    @Property(tries = 300)
    void routing_respectsEligibility_picksLongestIdle_leavesNoEligibleAgentIdle(@ForAll("scenarios") Scenario s) {
        Run run = new Run(s);
        run.play(true);
    }

    @Property(tries = 100)
    void routing_isDeterministic(@ForAll("scenarios") Scenario s) {
        Run first = new Run(s);
        first.play(false);
        Run second = new Run(s);
        second.play(false);

        assertThat(second.events).isEqualTo(first.events);
        assertThat(second.commands).isEqualTo(first.commands);
    }

    /** One run of a scenario against a fresh engine, with a shadow model that checks each offer. */
    private static final class Run {
        final Scenario s;
        final VirtualClock clock = new VirtualClock(1_700_000_000_000L);
        final List<CtiEvent> events = new ArrayList<>();
        final List<PbxCommand> commands = new ArrayList<>();
        final Map<String, QueueConfig> queues = new LinkedHashMap<>();
        final Map<String, AgentProfile> profiles = new LinkedHashMap<>();
        final Map<String, SkillRequirement> callRequirement = new HashMap<>();
        final Map<String, String> callQueue = new HashMap<>();
        final List<String> callIds = new ArrayList<>();
        // shadow: READY agents and when they became READY
        final Map<String, Long> readySince = new LinkedHashMap<>();
        Map<String, Long> candidatesAtLastReservation;
        final Engine engine;

        Run(Scenario s) {
            this.s = s;
            for (int i = 0; i < s.queues().size(); i++) {
                QueueSpec q = s.queues().get(i);
                queues.put("q" + i, new QueueConfig("q" + i, "Q" + i, SkillRequirement.parse(QUEUE_REQUIREMENTS[q.requirement()]),
                        q.priority(), Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(q.priority() * 5L)));
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
                for (int q : a.queues()) {
                    qs.add("q" + (q % s.queues().size()));
                }
                profiles.put("a" + i, new AgentProfile("a" + i, "A" + i, skills, qs));
            }
            EngineConfig config = new EngineConfig(List.copyOf(queues.values()), List.copyOf(profiles.values()),
                    Map.of("break", "break"), Map.of("done", "done"), Duration.ofSeconds(15), Duration.ofSeconds(1));
            engine = new Engine(config, commands::add, new InMemoryStateStore(100), this::onEvent);
        }

        boolean checking;

        void onEvent(CtiEvent e) {
            events.add(e);
            if (e instanceof CtiEvent.AgentStateChanged c) {
                if (c.from() == AgentState.READY && c.to() == AgentState.RESERVED) {
                    candidatesAtLastReservation = new LinkedHashMap<>(readySince);
                }
                if (c.from() == AgentState.READY) {
                    readySince.remove(c.agentId());
                }
                if (c.to() == AgentState.READY) {
                    readySince.put(c.agentId(), clock.nowNs());
                }
            } else if (e instanceof CtiEvent.CallOffered o && checking) {
                checkOffer(o);
            }
        }

        boolean serves(AgentProfile p, String queueId) {
            return p.queueIds().isEmpty() || p.queueIds().contains(queueId);
        }

        boolean eligible(String agentId, String callId) {
            AgentProfile p = profiles.get(agentId);
            return serves(p, callQueue.get(callId)) && callRequirement.get(callId).isMetBy(p.skills());
        }

        void checkOffer(CtiEvent.CallOffered o) {
            assertThat(eligible(o.agentId(), o.callId()))
                    .as("%s offered to %s who lacks a skill or does not serve %s", o.callId(), o.agentId(), o.queueId())
                    .isTrue();
            String expected = candidatesAtLastReservation.entrySet().stream()
                    .filter(en -> eligible(en.getKey(), o.callId()))
                    .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).orElseThrow();
            assertThat(o.agentId()).as("longest idle eligible agent for %s", o.callId()).isEqualTo(expected);
        }

        /** After every input: no waiting call that some READY agent could take. */
        void checkNoIdleEligibleAgent() {
            List<String> ready = engine.snapshot(clock.epochMillis()).agents().stream()
                    .filter(a -> a.state() == AgentState.READY).map(AgentSnapshot::agentId).toList();
            for (String q : queues.keySet()) {
                for (String callId : engine.waitingCallIds(q)) {
                    for (String agentId : ready) {
                        assertThat(eligible(agentId, callId))
                                .as("READY %s could take waiting %s", agentId, callId).isFalse();
                    }
                }
            }
        }

        List<String> callsIn(CallState state) {
            return callIds.stream().filter(id -> engine.callState(id).orElse(null) == state).toList();
        }

        void play(boolean check) {
            checking = check;
            for (Action a : s.actions()) {
                apply(a);
                if (check) {
                    checkNoIdleEligibleAgent();
                }
            }
        }

        void apply(Action a) {
            long now = clock.nowNs();
            long epoch = clock.epochMillis();
            String agentId = "a" + (a.a() % profiles.size());
            switch (a.kind()) {
                case ARRIVE -> {
                    String id = "c" + callIds.size();
                    String q = "q" + (a.a() % queues.size());
                    String req = REQUIREMENTS[a.b() % REQUIREMENTS.length];
                    callIds.add(id);
                    callQueue.put(id, q);
                    callRequirement.put(id, queues.get(q).requirement().and(SkillRequirement.parse(req)));
                    engine.onPbxEvent(new PbxEvent.CallWaiting(id, "ch-" + id, q, "555", "n", "100", req, Map.of()), now, epoch);
                }
                case READY -> {
                    AgentSnapshot snap = engine.agent(agentId).orElseThrow();
                    if (snap.state() == AgentState.LOGGED_OUT) {
                        engine.onCommand(new AgentCommand.Login(agentId, "ext-" + agentId), now, epoch);
                    }
                    engine.onCommand(new AgentCommand.Ready(agentId), now, epoch);
                }
                case NOT_READY -> engine.onCommand(new AgentCommand.NotReady(agentId, "break"), now, epoch);
                case WRAP_UP_DONE -> engine.onCommand(new AgentCommand.CompleteWrapUp(agentId, "done", "", null), now, epoch);
                case ANSWER, DIAL_FAIL, REQUEUED -> {
                    List<String> offered = callsIn(CallState.OFFERED);
                    if (!offered.isEmpty()) {
                        String callId = offered.get(a.b() % offered.size());
                        String ext = "ext-" + engine.callAgent(callId).orElseThrow();
                        PbxEvent e = a.kind() == Kind.ANSWER ? new PbxEvent.AgentAnswered(callId, "x", ext)
                                : a.kind() == Kind.DIAL_FAIL ? new PbxEvent.AgentDialFailed(callId, "x", ext, "NOANSWER")
                                : new PbxEvent.CallRequeued(callId, "ch-" + callId, ext, "NOANSWER");
                        engine.onPbxEvent(e, now, epoch);
                    }
                }
                case HANGUP -> {
                    List<String> active = callIds.stream().filter(id -> engine.callState(id).isPresent()).toList();
                    if (!active.isEmpty()) {
                        String callId = active.get(a.b() % active.size());
                        engine.onPbxEvent(new PbxEvent.ChannelHungUp(callId, callId, "ch-" + callId, 16, "Normal Clearing"), now, epoch);
                    }
                }
                case TIME -> {
                    clock.advance(a.b() * 20L, TimeUnit.MILLISECONDS);
                    engine.onTick(clock.nowNs(), clock.epochMillis());
                }
                default -> throw new IllegalStateException();
            }
            // some inputs at the same instant, some apart: ties in idle time are broken by agent id
            if (a.a() % 3 == 0) {
                clock.advance(1 + a.b() % 500, TimeUnit.MILLISECONDS);
            }
        }
    }
}
