package org.ctiserver.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.ctiserver.adapter.asterisk.AmiSettings;
import org.ctiserver.adapter.asterisk.AsteriskAdapter;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.engine.EngineRunner;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxPort;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.time.SystemClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The route-latency driver's scripted AMI peer against the real adapter and engine over loopback TCP: every call it
 * announces is routed, every Redirect matches a waiting call, and its follow-up frames (ringing, answer, hangup) bring
 * the agents back to READY through wrap-up, with either transport. No timing is asserted.
 */
@Tag("integration")
class ScriptedAmiPeerIT {
    private static final int AGENTS = 10;

    @ParameterizedTest
    @EnumSource(AmiSettings.Transport.class)
    void startCalls_routesEveryCallAndAgentsCycleBackToReady(AmiSettings.Transport transport) throws Exception {
        try (ScriptedAmiPeer peer = new ScriptedAmiPeer(50, 100)) {
            AtomicReference<PbxPort> pbx = new AtomicReference<>(PbxPort.NONE);
            EngineRunner engine = new EngineRunner(RouteLatencyBenchmark.engineConfig(AGENTS, 1),
                    (PbxCommand c) -> pbx.get().execute(c), new InMemoryStateStore(), SystemClock.INSTANCE).start();
            AsteriskAdapter adapter = new AsteriskAdapter(AmiSettings.of("127.0.0.1", peer.port(), "bench", "bench")
                    .withTransport(transport), engine);
            pbx.set(adapter);
            engine.addListener(e -> {
                if (e instanceof CtiEvent.CallOffered offered) {
                    peer.decided(offered.callId(), System.nanoTime());
                }
            });
            try {
                adapter.start();
                await().atMost(Duration.ofSeconds(30)).until(adapter::isLinkUp);
                RouteLatencyBenchmark.signIn(engine, AGENTS);

                peer.startCalls(20, System.nanoTime());
                await().atMost(Duration.ofSeconds(30)).until(() -> peer.callsSent() >= 15);
                peer.stopCalls();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(peer.waiting()).isZero();
                    assertThat(peer.redirects()).isEqualTo(peer.callsSent());
                });
                assertThat(peer.unknownRedirects()).isZero();
                assertThat(peer.latency().getTotalCount()).isEqualTo(peer.redirects());
                assertThat(peer.inbound().getTotalCount()).isEqualTo(peer.redirects());
                // answered, hung up, wrapped up: all READY again, nothing failed on the way
                await().atMost(Duration.ofSeconds(30)).until(() -> engine.stats().agents().stream()
                        .filter(a -> a.state() == AgentState.READY).count() == AGENTS);
                assertThat(adapter.failedCommandCount()).isZero();
                assertThat(engine.droppedEventCount()).isZero();
            } finally {
                adapter.close();
                engine.close();
            }
        }
    }
}
