package org.ctiserver.pbxsim;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Tag("integration")
class FaultsTest {

    @Test
    void dropConnectionsClosesEveryClient() throws IOException {
        try (PbxSimulator sim = PbxSimulator.start(SimulatorConfig.builder().build());
             AmiTestClient a = AmiTestClient.login(sim.port()); AmiTestClient b = AmiTestClient.connect(sim.port())) {
            b.banner();
            assertThat(sim.connectionCount()).isEqualTo(2);
            assertThat(sim.dropConnections()).isEqualTo(2);
            a.awaitClosedByServer();
            b.awaitClosedByServer();
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.connectionCount() == 0);
            try (AmiTestClient again = AmiTestClient.login(sim.port())) {
                assertThat(again.action("Ping").get("Ping")).isEqualTo("Pong");
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws IOException {
        try (PbxSimulator sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(50).writeTimeoutMillis(100)
                .arrivalRatePerMinute(30_000).maxCalls(20_000).build());
             java.net.Socket stuck = new java.net.Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new java.net.InetSocketAddress("127.0.0.1", sim.port()));
            stuck.getOutputStream().write("Action: Login\r\nUsername: cti\r\nSecret: cti-secret\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.connectionCount() == 0);
        }
    }

    @Test
    void pauseAndResumeTraffic() {
        try (PbxSimulator sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(50).arrivalRatePerMinute(120)
                .build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.ledger().callCount() >= 2);
            sim.pauseTraffic();
            assertThat(sim.trafficPaused()).isTrue();
            long paused = sim.ledger().callCount();
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
            assertThat(sim.ledger().callCount()).isEqualTo(paused);
            sim.resumeTraffic();
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.ledger().callCount() > paused);
        }
    }

    @Test
    void suspendedEventsArriveInABurstOnResume() throws IOException {
        try (PbxSimulator sim = PbxSimulator.start(SimulatorConfig.builder().build());
             AmiTestClient c = AmiTestClient.login(sim.port())) {
            sim.suspendEvents();
            int mark = c.mark();
            String id = sim.injectCall("sales");
            assertThat(c.action("Ping").get("Ping")).isEqualTo("Pong");
            assertThat(c.eventsSince(mark)).isEmpty();
            sim.resumeEvents();
            c.awaitEvent("UserEvent", "CallUid", id);
        }
    }
}
