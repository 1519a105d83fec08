package org.ctiserver.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.ctiserver.core.simulation.SimulationReport.Metrics;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void erlangC_formulas_knownValues() {
        // A = 2 Erlangs on 3 agents: P(wait) = 4/9
        assertThat(ErlangC.probabilityOfWait(2, 1, 3)).isCloseTo(4.0 / 9, within(1e-9));
        assertThat(ErlangC.asa(2, 1, 3)).isCloseTo(4.0 / 9, within(1e-9));
        assertThat(ErlangC.serviceLevel(2, 1, 3, 0)).isCloseTo(5.0 / 9, within(1e-9));
        assertThat(ErlangC.probabilityOfWait(5, 1, 5)).isEqualTo(1.0);
        // large n stays finite and sane
        assertThat(ErlangC.probabilityOfWait(900, 1, 1000)).isBetween(0.0, 1.0);
        assertThat(ErlangC.agentsFor(7.0 / 180, 1 / 180.0, 20, 0.8)).isEqualTo(10);
    }

    @Test
    void erlangA_agreesWithTheLimitsItMustMeet() {
        // patience almost infinite: Erlang C
        assertThat(ErlangA.compute(2, 1, 1e-7, 3).probabilityOfWait()).isCloseTo(4.0 / 9, within(1e-4));
        // patience rate = service rate: M/M/infinity, N ~ Poisson(A); P(wait) = P(N >= n)
        ErlangA.Result r = ErlangA.compute(2, 1, 1, 3);
        assertThat(r.probabilityOfWait()).isCloseTo(1 - 5 * Math.exp(-2), within(1e-9));
        double excess = 0;
        double p = Math.exp(-2);
        for (int k = 1; k < 60; k++) {
            p *= 2.0 / k;
            excess += Math.max(0, k - 3) * p;
        }
        assertThat(r.abandonment()).isCloseTo(excess / 2, within(1e-9));
        // overloaded and large: still a probability
        assertThat(ErlangA.abandonment(1200, 1, 0.5, 1000)).isBetween(0.0, 1.0);
    }

    @Test
    void erlangCScenario_matchesErlangC() {
        // Erlang C's service level is that of first come, first served: the fifo policy (for one skill and no
        // tiers, what longest-idle did before its service-level call order)
        SimulationReport r = RoutingSimulator.run(Scenarios.byNameOrFile("erlang-c"), List.of("fifo", "longest-idle"), 1);
        Metrics m = r.policies().get(0).total();
        assertThat(m.offered()).isGreaterThan(150_000);
        assertThat(m.serviceLevelPercent()).isCloseTo(r.erlang().serviceLevelPercent(), within(2.0));
        assertThat(m.asaSeconds()).isCloseTo(r.erlang().asaSeconds(), within(0.10 * r.erlang().asaSeconds()));
        assertThat(m.occupancyPercent()).isCloseTo(r.erlang().occupancyPercent(), within(2.0));

        // our default only changes who waits, not how much in total (work-conserving, no abandonment): the same
        // mean wait and occupancy as Erlang C, more calls within the threshold, paid by a longer p99 wait; the
        // overdue band keeps the longest wait near first come, first served's
        Metrics ours = r.policies().get(1).total();
        assertThat(ours.asaSeconds()).isCloseTo(r.erlang().asaSeconds(), within(0.10 * r.erlang().asaSeconds()));
        assertThat(ours.occupancyPercent()).isCloseTo(r.erlang().occupancyPercent(), within(2.0));
        assertThat(ours.serviceLevelPercent()).isGreaterThan(r.erlang().serviceLevelPercent() + 2);
        assertThat(ours.p99WaitSeconds()).isGreaterThan(m.p99WaitSeconds());
        assertThat(ours.maxWaitSeconds()).isLessThan(1.1 * m.maxWaitSeconds());
    }

    @Test
    void erlangAScenario_matchesErlangAAbandonment() {
        SimulationReport r = RoutingSimulator.run(Scenarios.byNameOrFile("erlang-a"), List.of("longest-idle"), 1);
        Metrics m = r.policies().get(0).total();
        assertThat(r.erlang().model()).isEqualTo("erlang-a");
        assertThat(m.abandonedPercent()).isCloseTo(r.erlang().abandonedPercent(), within(2.0));
    }

    @Test
    void sameSeed_sameReport_andEveryPolicyRuns() {
        Scenario s = Scenarios.byNameOrFile("peak");
        List<String> some = List.of("least-occupied", "round-robin", "fifo", "app_queue-random");
        SimulationReport a = RoutingSimulator.run(s, some, 42);
        SimulationReport b = RoutingSimulator.run(Scenarios.byNameOrFile("peak"), some, 42);
        assertThat(b.toJson()).isEqualTo(a.toJson());
        assertThat(b).isEqualTo(a);
        assertThat(a.policies()).extracting(SimulationReport.PolicyResult::policy).containsExactlyElementsOf(some);
        assertThat(Policies.names()).containsExactly("longest-idle", "least-flexible", "best-skill", "least-occupied",
                "round-robin",
                "fifo", "app_queue-ringall", "app_queue-leastrecent", "app_queue-fewestcalls", "app_queue-random",
                "app_queue-rrmemory", "app_queue-linear");
        assertThat(RoutingSimulator.run(s, List.of("app_queue-random"), 43).toJson()).isNotEqualTo(
                RoutingSimulator.run(s, List.of("app_queue-random"), 42).toJson());
    }

    @Test
    void multiskill_everyCallTypeIsServed_andOffersAddUp() {
        SimulationReport r = RoutingSimulator.run(Scenarios.byNameOrFile("multiskill"),
                List.of("best-skill", "app_queue-rrmemory"), 3);
        for (SimulationReport.PolicyResult p : r.policies()) {
            assertThat(p.byCallType()).hasSize(6);
            long offered = p.byCallType().values().stream().mapToLong(Metrics::offered).sum();
            assertThat(offered).isEqualTo(p.total().offered());
            p.byCallType().values().forEach(m -> assertThat(m.answered()).isPositive());
            assertThat(p.total().answered() + p.total().abandoned()).isEqualTo(p.total().offered());
        }
        assertThat(r.erlang()).isNull();
        assertThat(r.toTable()).contains("best-skill", "ja-tech", "app_queue-rrmemory");
    }

    @Test
    void defaultPolicy_beatsEveryAppQueueEmulation_onServiceLevel_inMultiskillAndPeak() {
        for (String scenario : List.of("multiskill", "peak")) {
            List<String> policies = new java.util.ArrayList<>(List.of("longest-idle"));
            Policies.names().stream().filter(n -> n.startsWith("app_queue-")).forEach(policies::add);
            SimulationReport r = RoutingSimulator.run(Scenarios.byNameOrFile(scenario), policies, 42);
            double ours = r.policies().get(0).total().serviceLevelPercent();
            for (SimulationReport.PolicyResult p : r.policies().subList(1, r.policies().size())) {
                assertThat(ours).as("%s: longest-idle vs %s", scenario, p.policy())
                        .isGreaterThan(p.total().serviceLevelPercent());
            }
        }
    }

    @Test
    void json_isStableAndShaped() {
        Scenario trace = Scenarios.fromTrace("t.csv", List.of("arrival_seconds,call_type,handle_seconds,patience_seconds",
                "# type sales sales >= 2", "# agents 1 sales:3", "0,sales,10,inf", "1,sales,10,2,vip", "30,sales,5,inf"));
        SimulationReport r = RoutingSimulator.run(trace, List.of("fifo"), 1);
        assertThat(r.toJson()).isEqualTo("{\"schema\":1,\"scenario\":\"t.csv\",\"seed\":1,\"durationSeconds\":30,"
                + "\"warmupSeconds\":0,\"serviceLevelSeconds\":20,\"agents\":1,\"policies\":[{\"policy\":\"fifo\","
                + "\"description\":\"baseline: one pool, no skills, first come first served, longest idle\","
                + "\"total\":{\"offered\":2,\"answered\":1,\"abandoned\":1,\"abandonedPercent\":50,"
                + "\"serviceLevelPercent\":50,\"asaSeconds\":0,\"p90WaitSeconds\":0,\"occupancyPercent\":33.3333,"
                + "\"p99WaitSeconds\":0,\"maxWaitSeconds\":0},"
                + "\"byCallType\":{\"sales\":{\"offered\":2,\"answered\":1,\"abandoned\":1,\"abandonedPercent\":50,"
                + "\"serviceLevelPercent\":50,\"asaSeconds\":0,\"p90WaitSeconds\":0,\"occupancyPercent\":null,"
                + "\"p99WaitSeconds\":0,\"maxWaitSeconds\":0}}}],"
                + "\"erlang\":null}");
    }

    @Test
    void unknownScenarioOrPolicy_isRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> Scenarios.byNameOrFile("nope")).hasMessageContaining("erlang-c");
        assertThatThrownBy(() -> RoutingSimulator.run(Scenarios.peak(), List.of("nope"), 1))
                .hasMessageContaining("app_queue-ringall");
        assertThatThrownBy(() -> Scenarios.fromTrace("x", List.of("1,a,2"))).hasMessageContaining("x:1");
    }
}
