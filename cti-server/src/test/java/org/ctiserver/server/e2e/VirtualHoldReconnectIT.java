package org.ctiserver.server.e2e;

import static org.ctiserver.server.e2e.Replies.awaitIn;
import static org.ctiserver.server.e2e.Replies.ok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallbackState;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueActionCounts;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.ServerEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A callback that keeps the caller's place survives a cut of the AMI connection without calling the customer twice:
 * the request reaches the front, the agent is reserved and its phone rings (the handset is told not to answer); the
 * connection drops while it rings, so the Originate's outcome is lost for good. After the reconnect the resync finds
 * the Originate still ringing the agent's phone and hangs it up, the request goes back to its place and is offered
 * again, this time the agent answers and the customer is dialed: once, as the PBX's ledger shows.
 */
@Tag("integration")
class VirtualHoldReconnectIT {
    private static final String YAML = """
            site: {name: E2E}
            http: {port: 0}
            ami: {host: 127.0.0.1, username: cti, secret: e2e-secret}
            engine: {ringTimeoutSeconds: 600}
            queues:
              - id: sales
                name: 销售
                requirement: 'sales:2'
                wrapUpSeconds: 1
                callback: {key: '9', maxAttempts: 2, retryIntervalSeconds: 30}
            notReadyReasons: {break: 休息}
            dispositions: {inquiry: 咨询}
            agents:
              - {id: '1001', name: 张伟, passwordHash: '%1$s', skills: {sales: 5}, queues: [sales]}
            """.formatted(SimulatedSite.HASH);
    /** The agent's phone (extension of agent 1001) and the dialplan global that says how long it rings. */
    private static final String PHONE = "2001";
    private static final String RING = "AGENT_" + PHONE + "_RING";

    @Test
    void amiCutWhileTheAgentPhoneRings_ringingLegHungUp_requestOfferedAgain_customerDialedOnce() throws Exception {
        try (SimulatedSite site = SimulatedSite.start(YAML, simulator(), unusedBotPhone(), SimulatedSite.fastBots(),
                ami -> ami.withReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)), "1001");
             AgentClient agent = AgentClient.create()) {
            List<CtiEvent> engineEvents = new CopyOnWriteArrayList<>();
            site.server.engine().addListener(engineEvents::add);
            List<ServerEvent> toolbar = new CopyOnWriteArrayList<>();
            agent.onEvent((EventMessage m) -> toolbar.add(m.event()));
            agent.connect(URI.create("ws://127.0.0.1:" + site.server.httpPort() + "/ws/agent")).get(10, TimeUnit.SECONDS);
            ok(agent.login("1001", "x", PHONE, "zh-CN"));

            // the caller asks for a callback and is hung up after the confirmation; the request keeps its place
            String callId = site.pbx.injectCall("sales");
            await().atMost(Duration.ofSeconds(20)).until(() -> sales(site).waiting() == 1);
            String number = site.pbx.ledger().call(callId).orElseThrow().callerNumber();
            assertThat(site.pbx.callerPresses(callId, "9")).isTrue();
            awaitIn(engineEvents, CtiEvent.CallbackChanged.class, e -> e.state() == CallbackState.REQUESTED);
            await().atMost(Duration.ofSeconds(20)).until(() -> site.pbx.ledger().call(callId).orElseThrow().ended());
            await().atMost(Duration.ofSeconds(20)).until(() -> site.pbx.channelNames().isEmpty());

            // the agent's phone will ring without being answered (far longer than this test runs)
            site.pbx.setGlobalVariable(RING, "3600");
            ok(agent.ready());
            ServerEvent.CallOfferedEvent first = awaitIn(toolbar, ServerEvent.CallOfferedEvent.class,
                    e -> callId.equals(e.callId()));
            assertThat(first.data()).containsEntry("CtiCallback", "true").containsEntry("CtiCallbackAttempt", "1");
            await().atMost(Duration.ofSeconds(20)).until(() -> site.pbx.channelNames().size() == 2);
            List<String> ringingLeg = site.pbx.channelNames();
            assertThat(ringingLeg).allMatch(n -> n.startsWith("Local/" + PHONE + "@agents-"));
            assertThat(agentState(site)).isEqualTo(AgentState.RESERVED);
            assertThat(site.pbx.ledger().pstnDials()).isEmpty();

            // the next ring of that phone is answered at once; the AMI connection drops while it still rings
            site.pbx.setGlobalVariable(RING, "1");
            long linkUps = site.server.adapter().linkUpCount();
            assertThat(site.pbx.dropConnections()).isPositive();
            await().atMost(Duration.ofSeconds(20)).until(() -> site.server.adapter().linkUpCount() > linkUps
                    && site.server.adapter().isLinkUp());

            // the resync hung the old ringing leg up (the Originate would ring 600 s), and the request came back
            await().atMost(Duration.ofSeconds(20)).until(() -> site.pbx.channelNames().stream()
                    .noneMatch(ringingLeg::contains));
            ServerEvent.CallOfferedEvent again = awaitIn(toolbar, ServerEvent.CallOfferedEvent.class,
                    e -> callId.equals(e.callId()) && e != first);
            assertThat(again.data()).containsEntry("CtiCallback", "true").containsEntry("CtiCallbackAttempt", "1");
            CtiEvent.CallbackChanged reached = awaitIn(engineEvents, CtiEvent.CallbackChanged.class,
                    e -> e.state() == CallbackState.REACHED);
            assertThat(reached.number()).isEqualTo(number);
            assertThat(reached.agentId()).isEqualTo("1001");
            awaitIn(toolbar, ServerEvent.AgentStateEvent.class, s -> s.state() == AgentState.TALKING);
            // the callback's line and the customer: nothing left of the first Originate
            assertThat(site.pbx.channelNames()).hasSize(4).noneMatch(ringingLeg::contains);

            ok(agent.hangup());
            CtiEvent.CallEnded ended = awaitIn(engineEvents, CtiEvent.CallEnded.class, e -> callId.equals(e.callId()));
            assertThat(ended.outcome()).isEqualTo(CtiEvent.CallOutcome.ANSWERED);
            assertThat(ended.agentId()).isEqualTo("1001");
            await().atMost(Duration.ofSeconds(20)).until(() -> site.pbx.channelNames().isEmpty());

            // the PBX dialed the customer's number exactly once, and reached it
            List<SimulatorLedger.PstnDial> dials = site.pbx.ledger().pstnDials().stream()
                    .filter(d -> d.number().equals(number)).toList();
            assertThat(dials).as("dials of %s: %s", number, site.pbx.ledger().pstnDials()).singleElement()
                    .satisfies(d -> assertThat(d.answered()).isTrue());
            assertThat(site.pbx.ledger().pstnDials()).hasSize(1);
            assertThat(site.server.adapter().linkUpCount()).isEqualTo(linkUps + 1);
            // the first Originate was accepted before the cut: its outcome was lost, not reported as failed
            assertThat(site.server.adapter().failedCommandCount()).isZero();
            // the engine counts what the PBX did: one request, one attempt (the lost ring is none), reached
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                QueueActionCounts counts = site.server.engine().actionCounts().get(0);
                assertThat(counts.callbacksRequested()).isEqualTo(1);
                assertThat(counts.callbackAttempts()).isEqualTo(dials.size());
                assertThat(counts.callbacksReached()).isEqualTo(dials.stream().filter(SimulatorLedger.PstnDial::answered)
                        .count());
                assertThat(counts.callbacksFailed()).isZero();
                assertThat(sales(site).waiting()).isZero();
                assertThat(site.server.engine().stats().agents()).extracting(AgentSnapshot::state)
                        .doesNotContain(AgentState.RESERVED, AgentState.TALKING);
            });
            assertThat(engineEvents).filteredOn(CtiEvent.CallbackChanged.class::isInstance)
                    .extracting(e -> ((CtiEvent.CallbackChanged) e).state())
                    .containsExactly(CallbackState.REQUESTED, CallbackState.OFFERED, CallbackState.OFFERED,
                            CallbackState.DIALING, CallbackState.REACHED);
        }
    }

    private static AgentState agentState(SimulatedSite site) {
        return site.server.engine().stats().agents().stream().filter(a -> a.agentId().equals("1001")).findFirst()
                .orElseThrow().state();
    }

    private static QueueSnapshot sales(SimulatedSite site) {
        return site.server.engine().stats().queues().stream().filter(q -> q.queueId().equals("sales")).findFirst()
                .orElseThrow();
    }

    private static SimulatorConfig.Builder simulator() {
        // the customer stays on the line until the agent hangs up
        return SimulatorConfig.builder().host("127.0.0.1").port(0).seed(3).timeScale(5).arrivalRatePerMinute(0)
                .pstnTalkSeconds(3600)
                .callType(new SimulatorConfig.CallType("sales", "sales", "", 0, 0, "5551###", 1, "zh", null, 0));
    }

    private static SimulatorConfig.Phone unusedBotPhone() {
        return new SimulatorConfig.Phone("0", Distribution.fixed(1), 0, Distribution.fixed(1), false, true);
    }
}
