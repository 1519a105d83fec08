package org.ctiserver.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.call.Call;
import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.routing.expr.Requirement;
import org.junit.jupiter.api.Test;

class CallOrderTest {
    static final long S = 1_000_000_000L;

    static Call call(String id, String queue, long arrivalSeq, long enqueuedNs) {
        Call c = new Call(id, "ch-" + id, queue, "", "", "", Map.of(), SkillRequirement.NONE, 0, arrivalSeq, enqueuedNs, 0);
        c.configureRouting(List.of(RoutingTarget.last(Requirement.ANY)), Requirement.ANY, 0, enqueuedNs);
        return c;
    }

    static List<String> sorted(CallOrder order, long nowNs, Map<String, Double> deficit, List<Call> calls) {
        List<Call> out = new ArrayList<>(calls);
        out.sort(order.at(nowNs, deficit::get, q -> 20 * S));
        return out.stream().map(Call::id).toList();
    }

    @Test
    void serviceLevel_servesCallsThatCanStillMakeTheThreshold_beforeThoseThatMissedIt() {
        Call old = call("old", "a", 1, 0);          // 30 s at now: past the 20 s threshold
        Call edge = call("edge", "a", 2, 10 * S);   // 20 s: still within (inclusive)
        Call young = call("young", "b", 3, 25 * S); // 5 s
        Call vip = call("vip", "b", 4, 29 * S);
        vip.setCustomerTier(CustomerTier.VIP, 20);
        Map<String, Double> deficit = Map.of("a", 0.0, "b", 0.0);

        assertThat(sorted(CallOrder.SERVICE_LEVEL, 30 * S, deficit, List.of(old, edge, young, vip)))
                .containsExactly("vip", "edge", "young", "old");
        assertThat(sorted(CallOrder.WAIT, 30 * S, deficit, List.of(old, edge, young, vip)))
                .containsExactly("vip", "old", "edge", "young");
    }

    @Test
    void serviceLevel_servesOverdueCallsFirst_boundingTheTail() {
        Call overdue = call("overdue", "a", 1, 0);          // 121 s at now: more than 6 x 20 s
        Call six = call("six", "a", 2, S);                   // exactly 120 s: past, not overdue
        Call young = call("young", "a", 3, 111 * S);         // 10 s
        assertThat(sorted(CallOrder.SERVICE_LEVEL, 121 * S, Map.of("a", 0.0), List.of(young, six, overdue)))
                .containsExactly("overdue", "young", "six");
        assertThat(CallOrder.band(20 * S, 20 * S)).isEqualTo(1);
        assertThat(CallOrder.band(20 * S + 1, 20 * S)).isEqualTo(2);
        assertThat(CallOrder.band(120 * S + 1, 20 * S)).isEqualTo(0);
    }

    @Test
    void serviceLevel_thenTheQueueFurthestBehind_thenTheLongestWait() {
        Call a1 = call("a1", "a", 1, 0);
        Call b1 = call("b1", "b", 2, S);
        Call a2 = call("a2", "a", 3, 2 * S);
        Map<String, Double> deficit = Map.of("a", 1.0, "b", 15.0);

        assertThat(sorted(CallOrder.SERVICE_LEVEL, 10 * S, deficit, List.of(a1, b1, a2))).containsExactly("b1", "a1", "a2");
        // later, all past the threshold, then all overdue: the same criteria among them
        assertThat(sorted(CallOrder.SERVICE_LEVEL, 60 * S, deficit, List.of(a1, b1, a2))).containsExactly("b1", "a1", "a2");
        assertThat(sorted(CallOrder.SERVICE_LEVEL, 200 * S, deficit, List.of(a1, b1, a2))).containsExactly("b1", "a1", "a2");
    }

    @Test
    void aging_stillComesFirst() {
        Call old = call("old", "a", 1, 0);
        old.configureRouting(List.of(RoutingTarget.last(Requirement.ANY)), Requirement.ANY, 1.0, 0);
        Call young = call("young", "a", 2, 25 * S);
        assertThat(sorted(CallOrder.SERVICE_LEVEL, 30 * S, Map.of("a", 0.0), List.of(young, old)))
                .containsExactly("old", "young");
    }

    @Test
    void byKey_knowsBothOrders_andRefusesOthers() {
        assertThat(CallOrder.byKey("service-level")).isEqualTo(CallOrder.SERVICE_LEVEL);
        assertThat(CallOrder.byKey("WAIT")).isEqualTo(CallOrder.WAIT);
        assertThatThrownBy(() -> CallOrder.byKey("lifo")).hasMessageContaining("service-level, wait");
        assertThat(new RoutingConfig(List.of()).callOrder()).isEqualTo(CallOrder.SERVICE_LEVEL);
    }
}
