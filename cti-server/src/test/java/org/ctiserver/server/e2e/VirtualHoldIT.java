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
import java.util.function.Predicate;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallbackState;
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
 * A callback that keeps the caller's place, through the whole product: the caller waiting at the simulated route
 * point presses the queue's key, hears the confirmation and is hung up by the dialplan; the request keeps its place;
 * when the agent (a toolbar client over WebSocket) becomes READY it is reserved with a screen pop marked as callback,
 * its phone rings and dials the caller's number (Originate over AMI), the customer answers, they talk, the agent hangs
 * up. The PBX's ledger and the engine's statistics then tell the same story.
 */
@Tag("integration")
class VirtualHoldIT {
    private static final String YAML = """
            site: {name: E2E}
            http: {port: 0}
            ami: {host: 127.0.0.1, username: cti, secret: e2e-secret}
            queues:
              - id: sales
                name: 销售
                requirement: 'sales:2'
                wrapUpSeconds: 1
                callback: {key: '9', maxAttempts: 2, retryIntervalSeconds: 30}
              - id: support
                name: 技术支持
                requirement: 'support:2'
                callback: {key: '9'}
                overflow: {maxWaitSeconds: 2, action: {type: callback, sound: cti-callback-offer}}
              - id: billing
                name: 账务
                requirement: 'billing:2'
                overflow: {whenNoAgents: true, action: {type: voicemail, mailbox: '8001'}}
            notReadyReasons: {break: 休息}
            dispositions: {inquiry: 咨询}
            agents:
              - {id: '1001', name: 张伟, passwordHash: '%1$s', skills: {sales: 5, support: 2, billing: 2}, queues: [sales]}
            """.formatted(SimulatedSite.HASH);

    @Test
    void callerPressesTheKey_isCalledBackWhenTheAgentIsFree_andTalks() throws Exception {
        try (SimulatedSite site = SimulatedSite.start(YAML, simulator(), unusedBotPhone(), SimulatedSite.fastBots(),
                "1001");
             AgentClient agent = AgentClient.create()) {
            List<CtiEvent> engineEvents = new CopyOnWriteArrayList<>();
            site.server.engine().addListener(engineEvents::add);
            List<ServerEvent> toolbar = new CopyOnWriteArrayList<>();
            agent.onEvent((EventMessage m) -> toolbar.add(m.event()));
            agent.connect(URI.create("ws://127.0.0.1:" + site.server.httpPort() + "/ws/agent")).get(5, TimeUnit.SECONDS);
            ok(agent.login("1001", "x", "2001", "zh-CN"));

            String callId = site.pbx.injectCall("sales");
            await().atMost(Duration.ofSeconds(15)).until(() -> sales(site).waiting() == 1);
            String number = entry(site, callId).callerNumber();

            assertThat(site.pbx.callerPresses(callId, "9")).isTrue();
            awaitEngine(engineEvents, CtiEvent.CallbackChanged.class, e -> e.state() == CallbackState.REQUESTED);
            // the dialplan plays the confirmation and hangs the caller up; the request keeps its place
            await().atMost(Duration.ofSeconds(15)).until(() -> entry(site, callId).ended());
            assertThat(site.pbx.ledger().dialplanActions()).singleElement().satisfies(a -> {
                assertThat(a.callId()).isEqualTo(callId);
                assertThat(a.context()).isEqualTo("cti-message");
                assertThat(a.exten()).isEqualTo("cti-callback-confirm");
                assertThat(a.completed()).isTrue();
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> sales(site).waiting() == 1);

            ok(agent.ready());
            ServerEvent.CallOfferedEvent offered = awaitToolbar(toolbar, ServerEvent.CallOfferedEvent.class,
                    e -> callId.equals(e.callId()));
            assertThat(offered.data()).containsEntry("CtiCallback", "true").containsEntry("CtiCallbackAttempt", "1");
            awaitToolbar(toolbar, ServerEvent.AgentStateEvent.class, s -> s.state() == AgentState.TALKING);
            CtiEvent.CallbackChanged reached = awaitEngine(engineEvents, CtiEvent.CallbackChanged.class,
                    e -> e.state() == CallbackState.REACHED);
            assertThat(reached.number()).isEqualTo(number);
            assertThat(reached.agentId()).isEqualTo("1001");

            ok(agent.hangup());
            CtiEvent.CallEnded ended = awaitEngine(engineEvents, CtiEvent.CallEnded.class,
                    e -> callId.equals(e.callId()));
            assertThat(ended.outcome()).isEqualTo(CtiEvent.CallOutcome.ANSWERED);
            assertThat(ended.agentId()).isEqualTo("1001");
            awaitToolbar(toolbar, ServerEvent.AgentStateEvent.class, s -> s.state() == AgentState.WRAP_UP);

            // the PBX: one inbound call, not answered by an agent phone, ended by the dialplan after the message
            SimulatorLedger.QueueTally tally = site.pbx.ledger().queue("sales");
            assertThat(tally.offered()).isEqualTo(1);
            assertThat(tally.answered()).isZero();
            assertThat(tally.abandoned()).isZero();
            assertThat(tally.cleared()).isEqualTo(1);
            // the engine: the same call offered once, neither answered nor abandoned as an inbound call; one callback
            // requested, dialed once and reached
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                QueueSnapshot q = sales(site);
                assertThat(q.offered()).isEqualTo(tally.offered());
                assertThat(q.answered()).isEqualTo(tally.answered());
                assertThat(q.abandoned()).isEqualTo(tally.abandoned());
                assertThat(q.waiting()).isZero();
                QueueActionCounts counts = site.server.engine().actionCounts().get(0);
                assertThat(counts.callbacksRequested()).isEqualTo(site.pbx.ledger().dialplanActions().size());
                assertThat(counts.callbacksReached()).isEqualTo(1);
                assertThat(counts.callbackAttempts()).isEqualTo(1);
                assertThat(counts.callbacksFailed()).isZero();
            });
            assertThat(engineEvents).filteredOn(CtiEvent.CallbackChanged.class::isInstance)
                    .extracting(e -> ((CtiEvent.CallbackChanged) e).state())
                    .containsExactly(CallbackState.REQUESTED, CallbackState.OFFERED, CallbackState.DIALING,
                            CallbackState.REACHED);
        }
    }

    @Test
    void overflowOffersACallback_andAQueueWithoutAgentsSendsToVoicemail() throws Exception {
        try (SimulatedSite site = SimulatedSite.start(YAML, simulator(), unusedBotPhone(), SimulatedSite.fastBots(),
                "1001")) {
            List<CtiEvent> engineEvents = new CopyOnWriteArrayList<>();
            site.server.engine().addListener(engineEvents::add);

            String toVoicemail = site.pbx.injectCall("billing");
            String offered = site.pbx.injectCall("support");
            await().atMost(Duration.ofSeconds(20)).until(() -> entry(site, toVoicemail).ended());
            // the support caller waits its 2 s, then hears the offer and presses the key
            await().atMost(Duration.ofSeconds(20)).until(() -> site.pbx.ledger().dialplanActions().stream()
                    .anyMatch(a -> a.callId().equals(offered) && a.context().equals("cti-callback-offer")));
            assertThat(site.pbx.callerPresses(offered, "9")).isTrue();
            awaitEngine(engineEvents, CtiEvent.CallbackChanged.class,
                    e -> offered.equals(e.callId()) && e.state() == CallbackState.REQUESTED);
            await().atMost(Duration.ofSeconds(20)).until(() -> entry(site, offered).ended());

            assertThat(site.pbx.ledger().dialplanActions()).extracting(a -> a.callId() + " " + a.context() + " "
                    + a.exten() + " " + a.digit()).containsExactly(
                    toVoicemail + " cti-voicemail 8001 ",
                    offered + " cti-callback-offer cti-callback-offer 9",
                    offered + " cti-message cti-callback-confirm ");
            CtiEvent.CallDiverted vm = awaitEngine(engineEvents, CtiEvent.CallDiverted.class,
                    e -> toVoicemail.equals(e.callId()));
            assertThat(vm.action()).isEqualTo("voicemail");
            assertThat(vm.closed()).isFalse();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                QueueActionCounts support = site.server.engine().actionCounts().get(1);
                assertThat(support.overflowed("callback")).isEqualTo(1);
                assertThat(support.callbacksRequested()).isEqualTo(1);
                QueueActionCounts billing = site.server.engine().actionCounts().get(2);
                assertThat(billing.overflowed("voicemail")).isEqualTo(1);
                // the request waits (nobody serves support), at the place of the caller it replaces
                assertThat(queue(site, "support").waiting()).isEqualTo(1);
                assertThat(queue(site, "billing").answered()).isZero();
                assertThat(queue(site, "billing").offered()).isEqualTo(site.pbx.ledger().queue("billing").offered());
            });
            assertThat(site.pbx.ledger().queue("billing").cleared()).isEqualTo(1);
            assertThat(site.pbx.ledger().queue("support").cleared()).isEqualTo(1);
        }
    }

    private static QueueSnapshot sales(SimulatedSite site) {
        return queue(site, "sales");
    }

    private static QueueSnapshot queue(SimulatedSite site, String id) {
        return site.server.engine().stats().queues().stream().filter(q -> q.queueId().equals(id)).findFirst()
                .orElseThrow();
    }

    private static SimulatorConfig.Builder simulator() {
        // a caller number the simulated carrier answers (the lab's special numbers start with 5550)
        // the customer stays on the line until the agent hangs up
        return SimulatorConfig.builder().host("127.0.0.1").port(0).seed(3).timeScale(5).arrivalRatePerMinute(0)
                .pstnTalkSeconds(3600)
                .callType(new SimulatorConfig.CallType("sales", "sales", "", 0, 0, "5551###", 1, "zh", null, 0))
                .callType(new SimulatorConfig.CallType("support", "support", "", 0, 0, "5552###", 1, "zh", null, 0))
                .callType(new SimulatorConfig.CallType("billing", "billing", "", 0, 0, "5553###", 1, "zh", null, 0));
    }

    private static SimulatorConfig.Phone unusedBotPhone() {
        return new SimulatorConfig.Phone("0", Distribution.fixed(1), 0, Distribution.fixed(1), false, true);
    }

    private static SimulatorLedger.CallEntry entry(SimulatedSite site, String callId) {
        return site.pbx.ledger().call(callId).orElseThrow();
    }

    private static <T> T awaitEngine(List<CtiEvent> events, Class<T> type, Predicate<T> test) {
        return awaitIn(events, type, test);
    }

    private static <T> T awaitToolbar(List<ServerEvent> events, Class<T> type, Predicate<T> test) {
        return awaitIn(events, type, test);
    }
}
