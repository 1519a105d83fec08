package org.ctiserver.server.e2e;

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
import org.ctiserver.core.event.CtiEvent.ConsultState;
import org.ctiserver.core.event.CtiEvent.OutboundState;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.ServerEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Call control through the whole product: toolbar clients over WebSocket, the engine, the adapter over AMI and the
 * simulated PBX. One caller is held, resumed, recorded, consulted to a second agent and handed over; the PBX's
 * ledger then counts the call answered once, with one transfer. A manual outbound call to a busy number fails with
 * the PBX's reason.
 */
@Tag("integration")
class CallControlIT {
    private static final String YAML = """
            site: {name: E2E}
            http: {port: 0}
            ami: {host: 127.0.0.1, username: cti, secret: e2e-secret}
            queues:
              - {id: sales, name: 销售, requirement: 'sales:2', wrapUpSeconds: 0}
            notReadyReasons: {break: 休息}
            dispositions: {inquiry: 咨询}
            agents:
              - {id: '1001', name: 张伟, passwordHash: '%1$s', skills: {sales: 5}, queues: [sales]}
              - {id: '1002', name: 李娜, passwordHash: '%1$s', skills: {sales: 5}, queues: [sales]}
            """.formatted(SimulatedSite.HASH);

    @Test
    void heldRecordedConsultedAndHandedOver_isAnsweredOnceWithOneTransfer() throws Exception {
        try (SimulatedSite site = SimulatedSite.start(YAML, simulator(), unusedBotPhone(), SimulatedSite.fastBots(),
                "1001", "1002");
             AgentClient first = AgentClient.create(); AgentClient second = AgentClient.create()) {
            List<ServerEvent> firstEvents = events(first);
            List<ServerEvent> secondEvents = events(second);
            URI ws = URI.create("ws://127.0.0.1:" + site.server.httpPort() + "/ws/agent");
            first.connect(ws).get(5, TimeUnit.SECONDS);
            second.connect(ws).get(5, TimeUnit.SECONDS);
            ok(first.login("1001", "x", "2001", "zh-CN"));
            ok(second.login("1002", "x", "2002", "en"));
            ok(first.ready());

            String callId = site.pbx.injectCall("sales");
            awaitEvent(firstEvents, ServerEvent.AgentStateEvent.class, s -> s.state() == AgentState.TALKING);
            ok(second.ready());

            ok(first.hold());
            awaitEvent(firstEvents, ServerEvent.HoldChangedEvent.class, e -> e.held() && callId.equals(e.callId()));
            ok(first.resume());
            awaitEvent(firstEvents, ServerEvent.HoldChangedEvent.class, e -> !e.held());

            ok(first.record(RecordingAction.START));
            ServerEvent.RecordingChangedEvent started = awaitEvent(firstEvents, ServerEvent.RecordingChangedEvent.class,
                    e -> e.action() == RecordingAction.START);
            assertThat(started.file()).contains(callId);
            ok(first.record(RecordingAction.STOP));
            awaitEvent(firstEvents, ServerEvent.RecordingChangedEvent.class, e -> e.action() == RecordingAction.STOP);

            ok(first.consult(Request.TargetKind.AGENT, "1002"));
            awaitEvent(firstEvents, ServerEvent.ConsultChangedEvent.class, e -> e.state() == ConsultState.CONNECTED);
            ok(first.completeTransfer());
            awaitEvent(firstEvents, ServerEvent.CallTransferredEvent.class, e -> callId.equals(e.callId()));
            awaitEvent(secondEvents, ServerEvent.AgentStateEvent.class, s -> s.state() == AgentState.TALKING);
            assertThat(site.server.engine().stats().agents()).filteredOn(a -> a.agentId().equals("1001"))
                    .singleElement().satisfies(a -> assertThat(a.state()).isNotIn(AgentState.TALKING, AgentState.RESERVED));

            ok(second.hangup());
            await().atMost(Duration.ofSeconds(15)).until(() -> entry(site, callId).ended());
            SimulatorLedger.CallEntry call = entry(site, callId);
            assertThat(call.outcome()).isEqualTo(SimulatorLedger.Outcome.ANSWERED);
            assertThat(call.transfers()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(site.server.engine().stats().queues()).filteredOn(q -> q.queueId().equals("sales"))
                            .singleElement().satisfies(q -> {
                                assertThat(q.answered()).isEqualTo(1);
                                assertThat(q.transferred()).isEqualTo(1);
                            }));
        }
    }

    @Test
    void manualDialToABusyNumber_failsWithThePbxsReason() throws Exception {
        try (SimulatedSite site = SimulatedSite.start(YAML, simulator(), unusedBotPhone(), SimulatedSite.fastBots(),
                "1001", "1002");
             AgentClient agent = AgentClient.create()) {
            List<ServerEvent> agentEvents = events(agent);
            agent.connect(URI.create("ws://127.0.0.1:" + site.server.httpPort() + "/ws/agent")).get(5, TimeUnit.SECONDS);
            ok(agent.login("1001", "x", "2001", "zh-CN"));

            ok(agent.dial("5550486"));
            ServerEvent.OutboundCallEvent failed = awaitEvent(agentEvents, ServerEvent.OutboundCallEvent.class,
                    e -> e.state() == OutboundState.FAILED);
            assertThat(failed.number()).isEqualTo("5550486");
            assertThat(failed.reason()).containsIgnoringCase("busy");
        }
    }

    private static SimulatorConfig.Builder simulator() {
        return SimulatorConfig.builder().host("127.0.0.1").port(0).seed(3).timeScale(5)
                .callType(SimulatorConfig.CallType.of("sales", "sales").withRate(0).withPatience(0));
    }

    private static SimulatorConfig.Phone unusedBotPhone() {
        return new SimulatorConfig.Phone("0", Distribution.fixed(1), 0, Distribution.fixed(1), false, true);
    }

    private static SimulatorLedger.CallEntry entry(SimulatedSite site, String callId) {
        return site.pbx.ledger().calls().stream().filter(c -> c.callId().equals(callId)).findFirst().orElseThrow();
    }

    private static List<ServerEvent> events(AgentClient client) {
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        client.onEvent((EventMessage m) -> events.add(m.event()));
        return events;
    }

    private static <T extends ServerEvent> T awaitEvent(List<ServerEvent> events, Class<T> type, Predicate<T> test) {
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().filter(type::isInstance).map(type::cast)
                    .anyMatch(test));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no matching " + type.getSimpleName() + " in " + events, e);
        }
        return events.stream().filter(type::isInstance).map(type::cast).filter(test).findFirst().orElseThrow();
    }
}
