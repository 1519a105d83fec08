package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ctiserver.protocol.it.TestBed.join;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.protocol.ProtocolOptions;
import org.ctiserver.protocol.client.AgentClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Pings both ways: each side drops a peer gone silent; healthy idle connections stay up. */
@Tag("integration")
class HeartbeatIT {
    private static final Duration INTERVAL = Duration.ofMillis(150);
    private static final Duration IDLE = Duration.ofMillis(600);
    private TestBed bed;
    private TcpProxy proxy;

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void theServerClosesAConnectionThatStopsAnsweringAndKeepsHealthyOnes() throws InterruptedException {
        bed = new TestBed(ProtocolOptions.defaults().withHeartbeat(INTERVAL, IDLE).withLogoutGrace(Duration.ofSeconds(10)));
        proxy = new TcpProxy(bed.vertx, bed.port());
        AgentClient silent = bed.unconnectedClient(new AgentClient(bed.vertx)).autoResume(false);
        join(silent.connect(proxy.wsUri()));
        Recorder rec = new Recorder(silent);
        join(silent.login("1001", "pw-1001", "8001", "zh-CN"));
        rec.awaitState(AgentState.NOT_READY);
        AgentClient healthy = bed.client();
        Recorder healthyRec = new Recorder(healthy);
        join(healthy.login("1002", "pw-1002", "8002", "zh-CN"));
        healthyRec.awaitState(AgentState.NOT_READY);
        assertThat(bed.endpoint.activeSessions()).isEqualTo(2);

        proxy.freezeAll();
        await().atMost(3, TimeUnit.SECONDS).until(() -> bed.endpoint.activeSessions() == 1);
        // the silent agent is in its grace period, not logged out
        assertThat(bed.engineState("1001")).isEqualTo(AgentState.NOT_READY);
        Thread.sleep(IDLE.toMillis() * 2);
        // the healthy client answers pings without sending anything itself
        assertThat(healthy.isOpen()).isTrue();
        assertThat(join(healthy.ready()).ok()).isTrue();
    }

    @Test
    void theClientTakesASilentServerForDeadAndResumes() {
        bed = new TestBed(ProtocolOptions.defaults().withLogoutGrace(Duration.ofSeconds(10)));
        proxy = new TcpProxy(bed.vertx, bed.port());
        AgentClient client = bed.unconnectedClient(new AgentClient(bed.vertx)).heartbeat(INTERVAL, IDLE)
                .resumeBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        AtomicInteger resumes = new AtomicInteger();
        client.onResume(r -> resumes.incrementAndGet());
        join(client.connect(proxy.wsUri()));
        Recorder rec = new Recorder(client);
        join(client.login("1001", "pw-1001", "8001", "zh-CN"));
        rec.awaitState(AgentState.NOT_READY);

        proxy.freezeAll();
        // the server's side is still open (its own idle timeout is long): only the client can notice
        assertThat(bed.engineState("1001")).isEqualTo(AgentState.NOT_READY);
        await().atMost(5, TimeUnit.SECONDS).until(() -> resumes.get() == 1);
        assertThat(join(client.ready()).ok()).isTrue();
        rec.awaitState(AgentState.READY);
        assertThat(rec.events).extracting(m -> m.seq()).doesNotHaveDuplicates();
    }
}
