package org.ctiserver.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.expr.Requirement;
import org.junit.jupiter.api.Test;

class AgentPoliciesTest {
    static final long HOUR = TimeUnit.HOURS.toNanos(1);

    static Agent agent(String id, Map<String, Integer> skills, long idleSince) {
        Agent a = new Agent(new AgentProfile(id, id, skills, Set.of()), List.of("q"), (ag, from, n, e) -> { });
        a.transition(AgentState.NOT_READY, "", 0, 0);
        a.transition(AgentState.READY, "", idleSince, 0);
        return a;
    }

    static Call call(String requirement) {
        Call c = new Call("c", "ch", "q", "", "", "", Map.of(), SkillRequirement.NONE, 0, 1, 0, 0);
        c.configureRouting(List.of(RoutingTarget.last(Requirement.parse(requirement))), Requirement.ANY, 0, 0);
        return c;
    }

    @Test
    void bestSkill_prefersTheHighestLevel_thenTheLongestIdle() {
        Agent a = agent("a", Map.of("billing", 4), 1);
        Agent b = agent("b", Map.of("billing", 7), 2);
        Agent c = agent("c", Map.of("billing", 7), 3);
        Agent d = agent("d", Map.of("tech", 10), 0);
        assertThat(new BestSkillSelector().select(call("billing >= 2"), List.of(d, a, b, c))).isSameAs(b);
        assertThat(new BestSkillSelector().select(call("billing >= 9"), List.of(d, a, b, c))).isNull();
        assertThat(new BestSkillSelector().select(call("true"), List.of(d, a, b, c))).isSameAs(d);
    }

    @Test
    void leastOccupied_countsOnlyTheLastHour() {
        long now = 3 * HOUR;
        Agent a = agent("a", Map.of(), 1);
        Agent b = agent("b", Map.of(), 2);
        a.recordBusy(now - HOUR / 2, now - HOUR / 2 + 600_000_000_000L); // 10 min, inside the window
        b.recordBusy(now - 2 * HOUR, now - HOUR - 1); // 1 h, but before the window
        b.recordBusy(now - 60_000_000_000L, now - 1_000_000_000L); // 59 s inside
        assertThat(a.busyNsWithin(HOUR, now)).isEqualTo(600_000_000_000L);
        assertThat(b.busyNsWithin(HOUR, now)).isEqualTo(59_000_000_000L);
        assertThat(new LeastOccupiedSelector().select(call("true"), List.of(a, b), now)).isSameAs(b);
    }

    @Test
    void roundRobin_continuesAfterTheLastAgentServed_andWraps() {
        RoundRobinSelector rr = new RoundRobinSelector();
        Agent a = agent("a", Map.of(), 3);
        Agent b = agent("b", Map.of(), 1);
        Agent c = agent("c", Map.of("x", 1), 2);
        List<Agent> ready = List.of(b, c, a);
        assertThat(rr.select(call("true"), ready)).isSameAs(a);
        assertThat(rr.select(call("true"), ready)).isSameAs(b);
        assertThat(rr.select(call("x"), ready)).isSameAs(c);
        assertThat(rr.select(call("true"), ready)).isSameAs(a);
        assertThat(rr.lastAgentId()).isEqualTo("a");
    }

    @Test
    void leastFlexible_prefersTheSpecialist_thenTheWeakerSpareSkill_thenTheLongestIdle() {
        Agent blend = agent("blend", Map.of("sales", 5, "service", 5), 0);
        Agent salesWithSomeService = agent("s2", Map.of("sales", 7, "service", 2), 1);
        Agent specialist = agent("spec", Map.of("sales", 3), 2);
        Agent specialist2 = agent("spec2", Map.of("sales", 9), 3);
        LeastFlexibleSelector lf = new LeastFlexibleSelector();
        assertThat(lf.select(call("sales"), List.of(blend, salesWithSomeService, specialist, specialist2))).isSameAs(specialist);
        assertThat(lf.select(call("sales"), List.of(blend, salesWithSomeService))).isSameAs(salesWithSomeService);
        // the call wants both skills: nothing spare for either, so the longest idle
        assertThat(lf.select(call("sales && service"), List.of(blend, salesWithSomeService))).isSameAs(blend);
        assertThat(lf.select(call("sales >= 8"), List.of(blend, salesWithSomeService))).isNull();
        assertThat(AgentSelectors.create(LeastFlexibleSelector.NAME)).isInstanceOf(LeastFlexibleSelector.class);
    }
}
