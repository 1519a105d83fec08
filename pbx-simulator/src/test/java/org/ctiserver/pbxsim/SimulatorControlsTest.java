package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A test's direct controls of the simulated handsets, and the ledger of external numbers dialed. */
@Tag("integration")
class SimulatorControlsTest {

    @Test
    void setGlobalVariable_steersTheNextRingOfTheAgentPhone_andPstnDialsAreLedgered() throws IOException {
        try (PbxSimulator sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).build());
             AmiTestClient c = AmiTestClient.login(sim.port())) {
            sim.setGlobalVariable("AGENT_2001_NOANSWER", "1");
            c.awaitEvent("VarSet", "Variable", "AGENT_2001_NOANSWER");
            assertThat(c.action("Getvar", "Variable", "AGENT_2001_NOANSWER").get("Value")).isEqualTo("1");
            c.sendActionWithId("cb-1", "Originate", "Channel", "Local/2001@agents", "Context", "outbound",
                    "Exten", "5550100", "Priority", "1", "Timeout", "5000", "Async", "true");
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.channelNames().size() == 2);
            assertThat(sim.channelNames()).allMatch(n -> n.startsWith("Local/2001@agents-"))
                    .anyMatch(n -> n.endsWith(";1")).anyMatch(n -> n.endsWith(";2"));
            AmiMessage unanswered = c.awaitEvent("OriginateResponse", "ActionID", "cb-1");
            assertThat(unanswered.get("Response")).isEqualTo("Failure");
            assertThat(unanswered.get("Reason")).isEqualTo("3");
            assertThat(sim.ledger().pstnDials()).isEmpty();

            sim.setGlobalVariable("AGENT_2001_NOANSWER", "0");
            c.sendActionWithId("cb-2", "Originate", "Channel", "Local/2001@agents", "Context", "outbound",
                    "Exten", "5550100", "Priority", "1", "Timeout", "5000", "Async", "true");
            AmiMessage answered = c.awaitEvent("OriginateResponse", "ActionID", "cb-2");
            assertThat(answered.get("Reason")).isEqualTo("4");
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.ledger().pstnDials().stream()
                    .anyMatch(SimulatorLedger.PstnDial::answered));
            assertThat(sim.ledger().pstnDials()).singleElement().satisfies(d -> {
                assertThat(d.number()).isEqualTo("5550100");
                assertThat(d.channel()).startsWith("Local/5550100@pstn-").endsWith(";1");
                assertThat(d.answered()).isTrue();
            });
        }
    }

    @Test
    void pstnDial_busyNumber_isLedgeredUnanswered() throws IOException {
        try (PbxSimulator sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).build());
             AmiTestClient c = AmiTestClient.login(sim.port())) {
            c.sendActionWithId("busy-1", "Originate", "Channel", "Local/2001@agents", "Context", "outbound",
                    "Exten", "5550486", "Priority", "1", "Timeout", "5000", "Async", "true");
            c.awaitEvent("OriginateResponse", "ActionID", "busy-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> !sim.ledger().pstnDials().isEmpty());
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() ->
                    sim.channelCount() == 0);
            assertThat(sim.ledger().pstnDials()).singleElement().satisfies(d -> {
                assertThat(d.number()).isEqualTo("5550486");
                assertThat(d.answered()).isFalse();
            });
        }
    }
}
