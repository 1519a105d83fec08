package org.ctiserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.ServerEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A person at the toolbar takes a call end to end: a WebSocket client signs in as an agent whose phone is
 * on the simulated PBX, goes ready, is offered a call with its screen pop, talks, hangs up from the
 * toolbar (an AMI Hangup), and ends wrap-up with a disposition.
 */
@Tag("integration")
class AgentTakesCallIT {
    static final String YAML = """
            site: {name: E2E}
            http: {port: 0}
            ami: {host: 127.0.0.1, username: cti, secret: e2e-secret}
            queues:
              - {id: sales, name: 销售, requirement: 'sales:2', wrapUpSeconds: 0}
            notReadyReasons: {break: 休息}
            dispositions: {inquiry: 咨询, complaint: 投诉}
            agents:
              - {id: '1001', name: 张伟, passwordHash: '%s', skills: {sales: 5}, queues: [sales]}
            """.formatted(SimulatedSite.HASH);

    @Test
    void agentLogsInTakesACallHangsUpAndWrapsUp() throws Exception {
        SimulatorConfig.Builder sim = SimulatorConfig.builder().host("127.0.0.1").port(0).seed(1).timeScale(5)
                .callType(SimulatorConfig.CallType.of("sales", "sales").withRate(0).withPatience(0)
                        .withDialedNumber("4008001000"));
        SimulatorConfig.Phone unused = new SimulatorConfig.Phone("0", Distribution.fixed(1), 0, Distribution.fixed(1), false, true);
        try (SimulatedSite site = SimulatedSite.start(YAML, sim, unused, SimulatedSite.fastBots(), "1001");
             AgentClient client = AgentClient.create()) {
            List<ServerEvent> events = new CopyOnWriteArrayList<>();
            client.onEvent((EventMessage m) -> events.add(m.event()));
            client.connect(URI.create("ws://127.0.0.1:" + site.server.httpPort() + "/ws/agent")).get(5, TimeUnit.SECONDS);

            assertOk(client.login("1001", "x", "2001", "zh-CN").get(10, TimeUnit.SECONDS));
            assertOk(client.ready().get(5, TimeUnit.SECONDS));

            String callId = site.pbx.injectCall("sales");

            ServerEvent.CallOfferedEvent offered = awaitEvent(events, ServerEvent.CallOfferedEvent.class);
            assertThat(offered.callId()).isEqualTo(callId);
            assertThat(offered.queueId()).isEqualTo("sales");
            assertThat(offered.callerNumber()).isNotBlank();
            assertThat(offered.dialedNumber()).as("%s", offered).isEqualTo("4008001000");
            assertThat(awaitEvent(events, ServerEvent.CallConnectedEvent.class).callId()).isEqualTo(callId);

            Reply readyWhileTalking = client.ready().get(5, TimeUnit.SECONDS);
            assertThat(readyWhileTalking.ok()).isFalse();
            assertThat(readyWhileTalking.error().code()).isEqualTo("ILLEGAL_TRANSITION");

            assertOk(client.hangup().get(5, TimeUnit.SECONDS));
            ServerEvent.CallEndedEvent ended = awaitEvent(events, ServerEvent.CallEndedEvent.class);
            assertThat(ended.outcome()).isEqualTo(CallOutcome.ANSWERED);
            assertThat(awaitEvent(events, ServerEvent.WrapUpStartedEvent.class).deadlineMs()).isZero();

            assertOk(client.completeWrapUp("inquiry", "客户咨询套餐").get(5, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events)
                    .filteredOn(ServerEvent.AgentStateEvent.class::isInstance)
                    .map(e -> ((ServerEvent.AgentStateEvent) e).state()).last().isEqualTo(AgentState.READY));

            SimulatorLedger.CallEntry entry = site.pbx.ledger().call(callId).orElseThrow();
            assertThat(entry.outcome()).isEqualTo(SimulatorLedger.Outcome.ANSWERED);
            assertThat(entry.answeredBy()).isEqualTo("2001");
            assertThat(entry.endReason()).isEqualTo(SimulatorLedger.EndReason.AMI_HANGUP);
            assertThat(site.server.store().call(callId)).hasValueSatisfying(r -> assertThat(r.agentId()).isEqualTo("1001"));
        }
    }

    private static void assertOk(Reply reply) {
        assertThat(reply.ok()).as("reply %s", reply).isTrue();
    }

    private static <T extends ServerEvent> T awaitEvent(List<ServerEvent> events, Class<T> type) {
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(type::isInstance));
        return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
