package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.SimulatorLedger.CallEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Same seed and time scale, same outcomes: arrivals, patience, rings, no-answers, talk times and routing. */
@Tag("integration")
class DeterminismTest {

    private static SimulatorConfig config(long seed) {
        SimulatorConfig.Builder b = SimulatorConfig.builder()
                .seed(seed).timeScale(200).startEpochMillis(1_795_500_000_000L)
                .arrivalRatePerMinute(10).maxCalls(30).autoRoute(true).agentDialTimeoutSeconds(8)
                .callTypes(List.of(
                        SimulatorConfig.CallType.of("sales", "sales").withPatience(40).withWeight(2),
                        SimulatorConfig.CallType.of("vip", "billing").withSkills("lang.zh:3").withPatience(60)))
                .phones(List.of());
        for (String ext : List.of("2001", "2002", "2003")) {
            b.phone(new SimulatorConfig.Phone(ext, Distribution.uniform(4, 3), 0.3, Distribution.lognormal(30, 0.6),
                    false, true));
        }
        return b.build();
    }

    private static List<CallEntry> run(long seed) {
        try (PbxSimulator sim = PbxSimulator.start(config(seed))) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                    sim.ledger().callCount() == 30 && sim.ledger().activeCalls().isEmpty());
            return sim.ledger().calls();
        }
    }

    @Test
    void sameSeedSameLedger() {
        List<CallEntry> first = run(42);
        List<CallEntry> second = run(42);
        assertThat(second).containsExactlyElementsOf(first);
        assertThat(first).extracting(CallEntry::outcome)
                .contains(SimulatorLedger.Outcome.ANSWERED, SimulatorLedger.Outcome.ABANDONED);
        assertThat(first).anyMatch(e -> e.offers() > 1);

        List<CallEntry> other = run(43);
        assertThat(other).isNotEqualTo(first);
    }
}
