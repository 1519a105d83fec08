package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.AgentAnswered;
import org.ctiserver.core.pbx.PbxEvent.AgentRinging;
import org.ctiserver.core.pbx.PbxEvent.CallWaiting;
import org.ctiserver.core.pbx.PbxEvent.ChannelHungUp;
import org.ctiserver.core.pbx.PbxEvent.CommandFailed;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.PbxSimulator;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The adapter against the PBX simulator: a whole routed call over AMI, errors and a dropped link. */
@Tag("integration")
class AsteriskAdapterSimulatorIT {

    /** The transport under test: Asterisk-Java here, Netty in the {@code Netty...IT} subclass (same tests). */
    AmiSettings.Transport transport() {
        return AmiSettings.Transport.ASTERISK_JAVA;
    }



    private final RecordingSink sink = new RecordingSink();
    private PbxSimulator sim;
    private AsteriskAdapter adapter;

    @BeforeEach
    void start() {
        SimulatorConfig config = SimulatorConfig.builder()
                .port(0)
                .timeScale(10) // agent rings 2 s and talks 3 s simulated: 0.2 s and 0.3 s real
                .trafficPaused(true)
                .callTypes(List.of(SimulatorConfig.CallType.of("sales", "sales").withPatience(0)))
                .phones(List.of(SimulatorConfig.Phone.lab("2001").withHandleTime(Distribution.fixed(3))))
                .build();
        sim = PbxSimulator.start(config);
        AmiSettings settings = AmiSettings.of("127.0.0.1", sim.port(), "cti", "cti-secret")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withTransport(transport());
        adapter = new AsteriskAdapter(settings, sink);
        adapter.start();
        await().atMost(Duration.ofSeconds(15)).until(adapter::isLinkUp);
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void callIsAnnouncedRoutedAnsweredAndEnded() {
        String callId = sim.injectCall("sales");
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.events(CallWaiting.class).isEmpty());
        CallWaiting waiting = sink.events(CallWaiting.class).get(0);
        assertThat(waiting.callId()).isEqualTo(callId);
        assertThat(waiting.queueId()).isEqualTo("sales");
        assertThat(waiting.channel()).isNotEmpty();

        adapter.execute(new PbxCommand.RouteToAgent(callId, waiting.channel(), "2001"));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.events(ChannelHungUp.class).stream()
                .anyMatch(h -> h.uniqueId().equals(callId)));
        List<PbxEvent> call = sink.events().stream()
                .filter(e -> e instanceof AgentRinging || e instanceof AgentAnswered
                        || e instanceof ChannelHungUp h && h.uniqueId().equals(callId))
                .toList();
        assertThat(call).hasSize(3);
        assertThat(call.get(0)).isInstanceOfSatisfying(AgentRinging.class, r -> {
            assertThat(r.callId()).isEqualTo(callId);
            assertThat(r.agentExtension()).isEqualTo("2001");
        });
        assertThat(call.get(1)).isInstanceOfSatisfying(AgentAnswered.class, a -> {
            assertThat(a.callId()).isEqualTo(callId);
            assertThat(a.agentExtension()).isEqualTo("2001");
        });
        assertThat(sink.count(CommandFailed.class)).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.ledger().call(callId))
                .hasValueSatisfying(c -> {
                    assertThat(c.outcome()).isEqualTo(SimulatorLedger.Outcome.ANSWERED);
                    assertThat(c.answeredBy()).isEqualTo("2001");
                }));
    }

    @Test
    void redirectOfAChannelThatDoesNotExistFails() {
        PbxCommand route = new PbxCommand.RouteToAgent("1.1", "Local/9999@callers-deadbeef;1", "2001");
        adapter.execute(route);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count(CommandFailed.class) == 1);
        assertThat(sink.events(CommandFailed.class).get(0).command()).isEqualTo(route);
        assertThat(sink.events(CommandFailed.class).get(0).message()).contains("Channel does not exist");
    }

    @Test
    void droppedConnectionsGiveLinkDownThenLinkUp() {
        assertThat(sim.dropConnections()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> adapter.linkUpCount() == 2 && adapter.isLinkUp());
        assertThat(sink.events()).filteredOn(e -> e instanceof PbxEvent.LinkUp || e instanceof PbxEvent.LinkDown)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("LinkUp", "LinkDown", "LinkUp");
    }
}
