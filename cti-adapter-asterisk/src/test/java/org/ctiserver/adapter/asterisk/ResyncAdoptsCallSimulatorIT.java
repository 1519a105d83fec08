package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.CallWaiting;
import org.ctiserver.core.pbx.PbxEvent.ChannelsSnapshot;
import org.ctiserver.core.pbx.PbxEvent.PhoneStateChanged;
import org.ctiserver.core.pbx.PhoneState;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.PbxSimulator;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resync against the PBX simulator: a call that reaches the route point while the AMI link is down (its
 * CtiCallWaiting never reaches the adapter) is in the snapshot read after the reconnect, with its queue, so the
 * engine adopts it; the phones' device states come with it.
 */
@Tag("integration")
class ResyncAdoptsCallSimulatorIT {

    private final RecordingSink sink = new RecordingSink();
    private PbxSimulator sim;
    private AsteriskAdapter adapter;

    @BeforeEach
    void start() {
        SimulatorConfig config = SimulatorConfig.builder()
                .port(0)
                .timeScale(10)
                .trafficPaused(true)
                .callTypes(List.of(SimulatorConfig.CallType.of("sales", "sales").withPatience(0)))
                .phones(List.of(SimulatorConfig.Phone.lab("2001").withHandleTime(Distribution.fixed(3)),
                        SimulatorConfig.Phone.lab("2002").withHandleTime(Distribution.fixed(3))))
                .build();
        sim = PbxSimulator.start(config);
        AmiSettings settings = AmiSettings.of("127.0.0.1", sim.port(), "cti", "cti-secret")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withReconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(500));
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
    void callArrivingWhileTheLinkIsDown_isInTheSnapshotAtTheRoutePoint_withItsQueue() {
        long linkUps = adapter.linkUpCount();
        int snapshotsBefore = sink.events(ChannelsSnapshot.class).size();
        sim.suspendEvents(); // the PBX's events of the outage never reach this session
        assertThat(sim.dropConnections()).isEqualTo(1);
        String callId = sim.injectCall("sales");
        assertThat(sim.setPhoneRegistered("2002", false)).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> adapter.linkUpCount() > linkUps && adapter.isLinkUp());
        List<ChannelsSnapshot> snapshots = sink.events(ChannelsSnapshot.class);
        assertThat(snapshots).hasSizeGreaterThan(snapshotsBefore);
        ChannelsSnapshot snapshot = snapshots.get(snapshots.size() - 1);
        assertThat(sink.events(CallWaiting.class)).as("no live CallWaiting: the events are held").isEmpty();
        assertThat(snapshot.atRoutePoint()).singleElement().satisfies(w -> {
            assertThat(w.callId()).isEqualTo(callId);
            assertThat(w.queueId()).isEqualTo("sales");
            assertThat(w.channel()).isNotEmpty();
            assertThat(w.callerNumber()).isNotEmpty();
        });
        assertThat(snapshot.channels()).anySatisfy(c -> assertThat(c.uniqueId()).isEqualTo(callId));

        // the phones' states of DeviceStateList: Asterisk-Java hands its items over as events (after the snapshot)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<PhoneStateChanged> phones = new java.util.ArrayList<>(snapshot.phones());
            int from = sink.events().indexOf(snapshot);
            sink.events().subList(from, sink.events().size()).stream().filter(PhoneStateChanged.class::isInstance)
                    .map(PhoneStateChanged.class::cast).forEach(phones::add);
            assertThat(phones).contains(new PhoneStateChanged("2002", PhoneState.UNAVAILABLE, "Local/2002@agents"),
                    new PhoneStateChanged("2001", PhoneState.IDLE, "Local/2001@agents"));
        });
        assertThat(sink.events()).filteredOn(e -> e instanceof PbxEvent.LinkUp || e instanceof PbxEvent.LinkDown)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("LinkUp", "LinkDown", "LinkUp");
        sim.resumeEvents();
    }
}
