package org.ctiserver.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.customer.Customer;
import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.customer.InMemoryCustomerLookup;
import org.ctiserver.core.engine.Engine;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.testing.EngineHarness;
import org.ctiserver.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

/** Relaxation ladders, customer tiers, aging and the per-queue policies, through the engine. */
class RoutingRulesTest {
    final VirtualClock clock = new VirtualClock(EngineHarness.ORIGIN_EPOCH_MS);
    final List<CtiEvent> events = new ArrayList<>();
    Engine engine;

    void start(List<QueueConfig> queues, List<AgentProfile> agents, RoutingConfig routing) {
        EngineConfig config = EngineHarness.config(queues, agents);
        engine = new Engine(config, routing, c -> { }, new InMemoryStateStore(), events::add);
    }

    void ready(String... ids) {
        for (String id : ids) {
            engine.onCommand(new AgentCommand.Login(id, EngineHarness.ext(id)), clock.nowNs(), clock.epochMillis());
            engine.onCommand(new AgentCommand.Ready(id), clock.nowNs(), clock.epochMillis());
            clock.advance(1, TimeUnit.SECONDS);
        }
    }

    void call(String id, String queue, String requirement, Map<String, String> data) {
        engine.onPbxEvent(new PbxEvent.CallWaiting(id, "ch-" + id, queue, "555" + id, "", "4000", requirement, data),
                clock.nowNs(), clock.epochMillis());
    }

    void pass(long seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(1, TimeUnit.SECONDS);
            engine.onTick(clock.nowNs(), clock.epochMillis());
        }
    }

    List<String> offers() {
        return events.stream().filter(e -> e instanceof CtiEvent.CallOffered).map(e -> (CtiEvent.CallOffered) e)
                .map(o -> o.callId() + "->" + o.agentId()).toList();
    }

    static QueueConfig queue(String id, int priority) {
        return EngineHarness.queue(id, "", priority, Duration.ZERO);
    }

    static QueueRouting ladder(String queue, String policy, double aging, RoutingTarget... targets) {
        return new QueueRouting(queue, List.of(targets), policy, aging, 80);
    }

    @Test
    void aCallRelaxesStepByStep_onTimers_fromItsOriginalArrival() {
        start(List.of(queue("q", 0)), List.of(EngineHarness.agent("low", Map.of("billing", 3), "q")),
                new RoutingConfig(List.of(ladder("q", "longest-idle", 0,
                        RoutingTarget.of("billing >= 5", Duration.ofSeconds(20)),
                        RoutingTarget.of("billing >= 2", Duration.ofSeconds(20)),
                        RoutingTarget.last("true")))));
        ready("low");
        call("c1", "q", "", Map.of());
        pass(19);
        assertThat(offers()).isEmpty();
        assertThat(engine.pendingTimerCount()).isEqualTo(1);
        pass(1);
        assertThat(offers()).containsExactly("c1->low");
        // RONA: the call goes back at the step its wait reached, not at the first one
        engine.onPbxEvent(new PbxEvent.AgentDialFailed("c1", "x", EngineHarness.ext("low"), "NOANSWER"),
                clock.nowNs(), clock.epochMillis());
        engine.onCommand(new AgentCommand.Ready("low"), clock.nowNs(), clock.epochMillis());
        assertThat(offers()).containsExactly("c1->low", "c1->low");
    }

    @Test
    void theCallsOwnRequirement_andsWithEveryStep_andMayBeAnExpression() {
        start(List.of(queue("q", 0)), List.of(EngineHarness.agent("en", Map.of("billing", 9, "lang.en", 5), "q"),
                        EngineHarness.agent("zh", Map.of("billing", 2, "lang.zh", 5), "q")),
                new RoutingConfig(List.of(ladder("q", "longest-idle", 0,
                        RoutingTarget.of("billing >= 5", Duration.ofSeconds(10)), RoutingTarget.last("true")))));
        ready("en", "zh");
        call("c1", "q", "lang.zh >= 3", Map.of());
        pass(9);
        assertThat(offers()).isEmpty();
        pass(1);
        assertThat(offers()).containsExactly("c1->zh");
    }

    @Test
    void vipGoesFirst_butAgingLetsAnOldNormalCallOvertake() {
        start(List.of(queue("q", 0)), List.of(EngineHarness.agent("a", Map.of(), "q")),
                new RoutingConfig(List.of(ladder("q", "longest-idle", 1.0, RoutingTarget.last("true")))));
        call("old", "q", "", Map.of());
        pass(5);
        call("vip", "q", "", Map.of("CustomerTier", "vip"));
        assertThat(engine.waitingCallIds("q")).containsExactly("vip", "old");
        pass(20);
        // old: 25 s x 1.0 = 25 > vip: 20 + 20 s x 1.0... equal aging keeps the VIP ahead by 15
        assertThat(engine.waitingCallIds("q")).containsExactly("vip", "old");
        ready("a");
        assertThat(offers()).containsExactly("vip->a");
    }

    @Test
    void agingAcrossQueues_letsALowPriorityQueueCatchUp() {
        start(List.of(queue("low", 0), queue("high", 10)), List.of(EngineHarness.agent("a", Map.of())),
                new RoutingConfig(List.of(ladder("low", "longest-idle", 1.0, RoutingTarget.last("true")),
                        ladder("high", "longest-idle", 0, RoutingTarget.last("true")))));
        call("l", "low", "", Map.of());
        call("h", "high", "", Map.of());
        pass(11);
        ready("a");
        assertThat(offers()).containsExactly("l->a");
    }

    @Test
    void aCustomerFoundLater_raisesThePriority() {
        start(List.of(queue("q", 0)), List.of(EngineHarness.agent("a", Map.of(), "q")),
                new RoutingConfig(List.of(ladder("q", "longest-idle", 0, RoutingTarget.last("true")))));
        call("c1", "q", "", Map.of());
        pass(1);
        call("c2", "q", "", Map.of());
        InMemoryCustomerLookup lookup = new InMemoryCustomerLookup()
                .put(new Customer("K-1", "大客户公司", CustomerTier.KEY_ACCOUNT), "555c2");
        engine.onCustomerIdentified("c2", lookup.find("555c2").orElseThrow(), clock.nowNs(), clock.epochMillis());
        engine.onCustomerIdentified("gone", lookup.find("K-1").orElseThrow(), clock.nowNs(), clock.epochMillis());
        assertThat(engine.waitingCallIds("q")).containsExactly("c2", "c1");
    }

    @Test
    void withoutARoutingConfig_tiersAreIgnored() {
        EngineHarness h = EngineHarness.withDefaultConfig();
        h.callWaiting("c1", "sales");
        h.pbx(new PbxEvent.CallWaiting("c2", "ch", "sales", "1", "", "", "", Map.of("CustomerTier", "vip")));
        assertThat(h.engine.waitingCallIds("sales")).containsExactly("c1", "c2");
    }

    @Test
    void perQueuePolicies_bestSkill_andRoundRobin() {
        start(List.of(queue("best", 0), queue("rr", 0)),
                List.of(EngineHarness.agent("a1", Map.of("billing", 3)), EngineHarness.agent("a2", Map.of("billing", 8)),
                        EngineHarness.agent("a3", Map.of("billing", 5))),
                new RoutingConfig(List.of(QueueRouting.single("best", RoutingTarget.last("billing"), "best-skill"),
                        QueueRouting.single("rr", RoutingTarget.last("true"), "round-robin"))));
        ready("a1", "a2", "a3");
        call("b1", "best", "", Map.of());
        assertThat(offers()).containsExactly("b1->a2");
        events.clear();
        call("r1", "rr", "", Map.of());
        call("r2", "rr", "", Map.of());
        assertThat(offers()).containsExactly("r1->a1", "r2->a3");
    }

    @Test
    void badRoutingConfig_isRefused() {
        assertThatThrownBy(() -> new QueueRouting("q", List.of(RoutingTarget.last("true"),
                RoutingTarget.last("true")), "longest-idle", 0, 80)).hasMessageContaining("step 1");
        assertThatThrownBy(() -> start(List.of(queue("q", 0)), List.of(),
                new RoutingConfig(List.of(QueueRouting.single("other", RoutingTarget.last("true"), "longest-idle")))))
                .hasMessageContaining("other");
        assertThatThrownBy(() -> start(List.of(queue("q", 0)), List.of(),
                new RoutingConfig(List.of(QueueRouting.single("q", RoutingTarget.last("true"), "nope")))))
                .hasMessageContaining("longest-idle");
    }
}
