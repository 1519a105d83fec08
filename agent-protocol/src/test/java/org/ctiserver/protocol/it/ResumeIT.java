package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ctiserver.protocol.it.TestBed.join;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.protocol.ProtocolOptions;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerEvent.CallConnectedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallEndedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.ConfigEvent;
import org.ctiserver.protocol.message.ServerEvent.SnapshotEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpCompletedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Dropped connections during a call: the Java client resumes by itself and misses nothing. */
@Tag("integration")
class ResumeIT {
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

    private AgentClient resumingClient(TestBed b) {
        AgentClient c = b.unconnectedClient(new AgentClient(b.vertx));
        c.resumeBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        join(c.connect(proxy.wsUri()));
        return c;
    }

    private static void assertContiguousFromOne(List<EventMessage> events) {
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).seq()).as("event %d of %s", i, events).isEqualTo(i + 1L);
        }
    }

    @Test
    void aConnectionCutDuringACallIsResumedWithExactlyTheMissedEvents() {
        bed = new TestBed(ProtocolOptions.defaults().withLogoutGrace(Duration.ofSeconds(10)));
        proxy = new TcpProxy(bed.vertx, bed.port());
        AgentClient client = resumingClient(bed);
        Recorder rec = new Recorder(client);
        AtomicInteger resumes = new AtomicInteger();
        client.onResume(r -> resumes.incrementAndGet());
        assertThat(join(client.login("1001", "pw-1001", "8001", "zh-CN")).ok()).isTrue();
        rec.awaitState(AgentState.NOT_READY);
        join(client.ready());
        bed.callArrives("call-r1", "13800138000", "王女士", "4008001234", TestBed.QUEUE, Map.of());
        rec.awaitState(AgentState.RESERVED);
        int before = rec.events.size();

        // the network drops and stays down while the agent answers the phone
        proxy.refuse(true);
        proxy.cutAll();
        bed.agentAnswers("call-r1");
        await().atMost(5, TimeUnit.SECONDS).until(() -> bed.engineState("1001") == AgentState.TALKING);
        assertThat(rec.events).hasSize(before);
        proxy.refuse(false);

        rec.awaitState(AgentState.TALKING);
        await().atMost(5, TimeUnit.SECONDS).until(() -> resumes.get() == 1);
        List<ServerEvent> missed = rec.events.subList(before, rec.events.size()).stream().map(EventMessage::event).toList();
        // exactly what the engine said while the connection was down, in its order
        assertThat(missed).extracting(ServerEvent::name).containsExactly(AgentStateEvent.NAME, CallConnectedEvent.NAME);
        assertThat(((AgentStateEvent) missed.get(0)).previous()).isEqualTo(AgentState.RESERVED);

        // the call goes on over the new connection
        assertThat(join(client.hangup()).ok()).isTrue();
        assertThat(rec.await(CallEndedEvent.class).callId()).isEqualTo("call-r1");
        rec.awaitState(AgentState.WRAP_UP);
        assertThat(join(client.completeWrapUp("inquiry", "")).ok()).isTrue();
        rec.await(WrapUpCompletedEvent.class);
        rec.awaitState(AgentState.READY);
        assertContiguousFromOne(rec.events);
        assertThat(rec.events).filteredOn(m -> m.event() instanceof ConfigEvent).hasSize(1);
        assertThat(bed.endpoint.activeSessions()).isEqualTo(1);
    }

    @Test
    void repeatedCutsLoseAndRepeatNothing() {
        bed = new TestBed(ProtocolOptions.defaults().withLogoutGrace(Duration.ofSeconds(10)));
        bed.autoAnswer(true);
        proxy = new TcpProxy(bed.vertx, bed.port());
        AgentClient client = resumingClient(bed);
        Recorder rec = new Recorder(client);
        join(client.login("1002", "pw-1002", "8002", "en"));
        rec.awaitState(AgentState.NOT_READY);
        for (int i = 0; i < 3; i++) {
            join(client.ready());
            rec.awaitState(AgentState.READY);
            bed.callArrives("call-c" + i, "1390000000" + i, "", "4008001234", TestBed.QUEUE, Map.of());
            proxy.cutAll(); // cut while the engine is busy offering and connecting the call
            rec.awaitState(AgentState.TALKING);
            bed.callerHangsUp("call-c" + i);
            rec.awaitState(AgentState.WRAP_UP);
            proxy.cutAll();
            await().atMost(5, TimeUnit.SECONDS).until(client::isOpen);
            await().atMost(5, TimeUnit.SECONDS).until(() -> join(client.completeWrapUp("inquiry", "")).ok());
            rec.awaitState(AgentState.READY);
        }
        assertContiguousFromOne(rec.events);
        assertThat(rec.events).filteredOn(m -> m.event() instanceof CallOfferedEvent).hasSize(3);
        assertThat(rec.events).filteredOn(m -> m.event() instanceof SnapshotEvent).isEmpty();
    }

    @Test
    void eventsNoLongerKeptComeAsASnapshotMarkedLost() {
        bed = new TestBed(ProtocolOptions.defaults().withLogoutGrace(Duration.ofSeconds(10))
                .withReplay(1, Duration.ofMinutes(5)));
        proxy = new TcpProxy(bed.vertx, bed.port());
        AgentClient client = resumingClient(bed);
        Recorder rec = new Recorder(client);
        join(client.login("1001", "pw-1001", "8001", "zh-CN"));
        rec.awaitState(AgentState.NOT_READY);
        join(client.ready());
        bed.callArrives("call-s1", "13800138000", "", "4008001234", TestBed.QUEUE, Map.of());
        rec.awaitState(AgentState.RESERVED);

        proxy.refuse(true);
        proxy.cutAll();
        bed.agentAnswers("call-s1"); // two events; only one is kept
        await().atMost(5, TimeUnit.SECONDS).until(() -> bed.engineState("1001") == AgentState.TALKING);
        proxy.refuse(false);

        SnapshotEvent snapshot = rec.await(SnapshotEvent.class);
        assertThat(snapshot.eventsLost()).isTrue();
        assertThat(snapshot.agentState().state()).isEqualTo(AgentState.TALKING);
        assertThat(snapshot.callOffered().callId()).isEqualTo("call-s1");
        assertThat(snapshot.callConnected().callId()).isEqualTo("call-s1");
        assertThat(snapshot.config().agentName()).isEqualTo("张三");
        assertThat(snapshot.config().sessionId()).isNotBlank();
        assertThat(join(client.hangup()).ok()).isTrue();
        rec.awaitState(AgentState.WRAP_UP);
    }
}
