package org.ctiserver.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.routing.expr.Requirement;

/**
 * The optimized {@link Router} against {@link NaiveRouter} (the specification, one full sorted pass each time)
 * on random populations: queues with priorities, ladders, aging, tiers, every policy and call order; agents serving
 * one or more queues; arrivals, hang-ups, requeues, READY / NOT_READY, relaxation steps and tier changes in
 * random orders, with passes after some inputs only (so a pass can see several new agents and new calls at
 * once). Both routers get identical, separate worlds; every pass must make the same offers in the same order,
 * and after every pass no READY agent may be able to serve a waiting call.
 */
class RouterReferenceTest {
    static final String[] OWN = {"", "lang >= 2", "billing >= 4 || lang >= 4", "billing >= 7", "lang == 3"};
    static final String[] POLICIES = {"longest-idle", "best-skill", "least-occupied", "round-robin", "least-flexible"};
    static final CustomerTier[] TIERS = {CustomerTier.NORMAL, CustomerTier.VIP, CustomerTier.KEY_ACCOUNT};

    record QueueSpec(int priority, int ladder, int policy, boolean aging) {
    }

    record AgentSpec(int billing, int lang, Set<Integer> queues) {
    }

    enum Kind { ARRIVE, READY, NOT_READY, DONE, HANGUP, REQUEUE, TIME, TIER }

    record Action(Kind kind, int a, int b, boolean route) {
    }

    /** @param order null: the fixed {@link Router#CALL_ORDER}; else a ranking in this {@link CallOrder} */
    record Scenario(List<QueueSpec> queues, List<AgentSpec> agents, CallOrder order, List<Action> actions) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<QueueSpec> queue = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, RelaxationPropertyTest.LADDERS.size() - 1),
                Arbitraries.integers().between(0, POLICIES.length - 1), Arbitraries.of(true, false)).as(QueueSpec::new);
        Arbitrary<AgentSpec> agent = Combinators.combine(Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 2).set().ofMaxSize(3))
                .as(AgentSpec::new);
        Arbitrary<Action> action = Combinators.combine(Arbitraries.frequency(
                        Tuple.of(8, Kind.ARRIVE), Tuple.of(5, Kind.READY), Tuple.of(1, Kind.NOT_READY),
                        Tuple.of(3, Kind.DONE), Tuple.of(2, Kind.HANGUP), Tuple.of(1, Kind.REQUEUE),
                        Tuple.of(3, Kind.TIME), Tuple.of(1, Kind.TIER)),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000),
                Arbitraries.frequency(Tuple.of(2, true), Tuple.of(1, false))).as(Action::new);
        return Combinators.combine(queue.list().ofMinSize(1).ofMaxSize(3), agent.list().ofMinSize(1).ofMaxSize(12),
                Arbitraries.of(CallOrder.values()).injectNull(0.34), action.list().ofMinSize(1).ofMaxSize(150)).as(Scenario::new);
    }

    @Property(tries = 500)
    void optimizedRouter_makesTheSameOffersAsTheNaiveOne(@ForAll("scenarios") Scenario s) {
        World optimized = new World(s, true);
        World naive = new World(s, false);
        for (Action a : s.actions()) {
            optimized.apply(a);
            naive.apply(a);
            if (a.route()) {
                List<String> got = optimized.route();
                List<String> expected = naive.route();
                assertThat(got).as("offers after %s", a).isEqualTo(expected);
                optimized.checkNoServableCallWaits();
            }
        }
        List<String> got = optimized.route();
        assertThat(got).as("final pass").isEqualTo(naive.route());
        optimized.checkNoServableCallWaits();
        assertThat(optimized.offers).isEqualTo(naive.offers);
    }

    /** One side: its own agents, calls, policies and router, driven by the same actions. */
    private static final class World {
        final Scenario s;
        final boolean optimized;
        final List<String> queueIds = new ArrayList<>();
        final Map<String, QueueSpec> queueSpecs = new HashMap<>();
        final List<Agent> agents = new ArrayList<>();
        final Map<String, Long> reservedAt = new HashMap<>();
        final List<Call> calls = new ArrayList<>();
        final List<Call> offered = new ArrayList<>();
        final Router router;
        final NaiveRouter naive;
        final List<String> offers = new ArrayList<>();
        long now = 1_000_000_000L;

        World(Scenario s, boolean optimized) {
            this.s = s;
            this.optimized = optimized;
            Map<String, AgentSelector> policies = new LinkedHashMap<>();
            for (int i = 0; i < s.queues().size(); i++) {
                String q = "q" + i;
                queueIds.add(q);
                queueSpecs.put(q, s.queues().get(i));
                policies.put(q, AgentSelectors.create(POLICIES[s.queues().get(i).policy()]));
            }
            for (int i = 0; i < s.agents().size(); i++) {
                AgentSpec spec = s.agents().get(i);
                Map<String, Integer> skills = new HashMap<>();
                if (spec.billing() > 0) {
                    skills.put("billing", spec.billing());
                }
                if (spec.lang() > 0) {
                    skills.put("lang", spec.lang());
                }
                List<String> served = new ArrayList<>();
                Set<String> named = new LinkedHashSet<>();
                for (int q : spec.queues()) {
                    named.add("q" + (q % queueIds.size()));
                }
                for (String q : queueIds) {
                    if (named.isEmpty() || named.contains(q)) {
                        served.add(q);
                    }
                }
                agents.add(new Agent(new AgentProfile("a" + i, "A" + i, skills, named), served, (ag, from, n, e) -> { }));
            }
            Router.CallRanking ranking = s.order() != null ? this::ranking : null;
            if (optimized) {
                router = new Router(queueIds, AgentSelectors.createDefault(), policies, ranking);
                naive = null;
            } else {
                router = null;
                naive = new NaiveRouter(queueIds, policies, ranking);
            }
        }

        /**
         * As the engine's: the scenario's call order with a service-level deficit that moves with time and
         * service-level thresholds of 2, 5 and 8 s (calls cross them while they wait).
         */
        Comparator<Call> ranking(long nowNs) {
            Map<String, Double> behind = new HashMap<>();
            Map<String, Long> thresholdNs = new HashMap<>();
            for (int i = 0; i < queueIds.size(); i++) {
                behind.put(queueIds.get(i), (double) ((nowNs / 1_000_000_000L + 7L * i) % 5));
                thresholdNs.put(queueIds.get(i), (2 + 3L * i) * 1_000_000_000L);
            }
            return s.order().at(nowNs, behind::get, thresholdNs::get);
        }

        void enqueue(Call c) {
            if (optimized) {
                router.enqueue(c);
            } else {
                naive.enqueue(c);
            }
        }

        void removeCall(Call c) {
            if (optimized) {
                router.remove(c);
            } else {
                naive.remove(c);
            }
        }

        void ready(Agent a) {
            if (optimized) {
                router.agentReady(a);
            } else {
                naive.agentReady(a);
            }
        }

        void unready(Agent a) {
            if (optimized) {
                router.agentUnready(a);
            } else {
                naive.agentUnready(a);
            }
        }

        /** The waiting calls by arrival (the same list on both sides). */
        List<Call> waitingCalls() {
            List<Call> w = new ArrayList<>();
            if (optimized) {
                for (String q : queueIds) {
                    w.addAll(router.waitingCalls(q));
                }
            } else {
                w.addAll(naive.waiting());
            }
            w.sort(Comparator.comparingLong(Call::arrivalSeq));
            return w;
        }

        void apply(Action a) {
            Agent agent = agents.get(a.a() % agents.size());
            switch (a.kind()) {
                case ARRIVE -> {
                    String q = queueIds.get(a.a() % queueIds.size());
                    QueueSpec qs = queueSpecs.get(q);
                    int n = calls.size();
                    Call c = new Call("c" + n, "ch" + n, q, "555", "", "100", Map.of(), SkillRequirement.NONE,
                            qs.priority(), n + 1, now, 1_700_000_000_000L + now / 1_000_000);
                    Requirement own = OWN[a.b() % OWN.length].isEmpty() ? Requirement.ANY
                            : Requirement.parse(OWN[a.b() % OWN.length]);
                    c.configureRouting(RelaxationPropertyTest.LADDERS.get(qs.ladder()), own, qs.aging() ? 0.5 : 0, now);
                    CustomerTier tier = TIERS[(a.b() / 7) % TIERS.length];
                    c.setCustomerTier(tier, RoutingConfig.DEFAULT_TIER_BONUS.get(tier));
                    calls.add(c);
                    enqueue(c);
                }
                case READY -> {
                    if (agent.state() == AgentState.LOGGED_OUT) {
                        agent.transition(AgentState.NOT_READY, "break", now, 0);
                    }
                    if (agent.state() == AgentState.NOT_READY) {
                        agent.transition(AgentState.READY, "", now, 0);
                        ready(agent);
                    }
                }
                case NOT_READY -> {
                    if (agent.state() == AgentState.READY) {
                        unready(agent);
                        agent.transition(AgentState.NOT_READY, "break", now, 0);
                    }
                }
                case DONE -> {
                    // the reserved agent's call is over: busy time counts for least-occupied, READY again
                    if (agent.state() == AgentState.RESERVED) {
                        agent.recordBusy(reservedAt.get(agent.id()), now);
                        offered.removeIf(c -> agent.id().equals(c.agentId()));
                        agent.transition(AgentState.READY, "", now, 0);
                        ready(agent);
                    }
                }
                case HANGUP -> {
                    List<Call> w = waitingCalls();
                    if (!w.isEmpty()) {
                        removeCall(w.get(a.b() % w.size()));
                    }
                }
                case REQUEUE -> {
                    // ring-no-answer: the agent goes NOT_READY, the call back to its place
                    if (!offered.isEmpty()) {
                        Call c = offered.remove(a.b() % offered.size());
                        Agent at = agents.stream().filter(x -> x.id().equals(c.agentId())).findFirst().orElseThrow();
                        c.requeue();
                        at.transition(AgentState.NOT_READY, "rona", now, 0);
                        c.updateStep(now);
                        enqueue(c);
                    }
                }
                case TIME -> {
                    now += (a.b() % 200) * 100_000_000L;
                    for (Call c : waitingCalls()) {
                        if (c.updateStep(now) && optimized) {
                            router.requirementChanged(c);
                        }
                    }
                }
                case TIER -> {
                    List<Call> w = waitingCalls();
                    if (!w.isEmpty()) {
                        CustomerTier tier = TIERS[a.b() % TIERS.length];
                        w.get(a.b() % w.size()).setCustomerTier(tier, RoutingConfig.DEFAULT_TIER_BONUS.get(tier));
                    }
                }
                default -> throw new IllegalStateException();
            }
            if (a.a() % 3 == 0) {
                now += 1 + a.b() % 7;
            }
        }

        List<String> route() {
            List<String> made = new ArrayList<>();
            Router.OfferHandler handler = (call, agent) -> {
                unready(agent);
                call.offer(agent.id(), "ext-" + agent.id(), now, 0);
                agent.transition(AgentState.RESERVED, "", now, 0);
                reservedAt.put(agent.id(), now);
                offered.add(call);
                made.add(call.id() + "->" + agent.id());
            };
            if (optimized) {
                router.route(handler, now);
            } else {
                naive.route(handler, now);
            }
            offers.addAll(made);
            return made;
        }

        void checkNoServableCallWaits() {
            for (String q : queueIds) {
                for (Call c : router.waitingCalls(q)) {
                    for (Agent a : router.readyAgents(q)) {
                        assertThat(c.routingRequirement().isMetBy(a.profile().skills()))
                                .as("READY %s could take waiting %s", a.id(), c.id()).isFalse();
                    }
                }
            }
            assertThat(router.isDirty()).isFalse();
        }
    }
}
