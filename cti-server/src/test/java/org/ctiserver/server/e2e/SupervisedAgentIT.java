package org.ctiserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.ReplyBody.AgentInfo;
import org.ctiserver.protocol.message.ServerEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured users, groups and clearances through the whole server: an agent's screen pop shows the customer
 * record from the CSV directory masked for the agent's clearance, and the group's supervisor, on a console
 * session, sees the agent's states live and is refused an agent of another group.
 */
@Tag("integration")
class SupervisedAgentIT {
    private static final String CALLER = "13800138000";

    @Test
    void agentGetsAMaskedScreenPop_andTheSupervisorFollowsTheAgent(@TempDir Path dir) throws Exception {
        Path customers = dir.resolve("customers.csv");
        Files.writeString(customers, "key,tier,name,id,city,balance[秘密],idNumber[机密]\n"
                + CALLER + ",vip,王女士,C-88001,杭州,12000.00,330102199001011234\n", StandardCharsets.UTF_8);
        String yaml = """
                site: {name: E2E}
                http: {port: 0}
                ami: {host: 127.0.0.1, username: cti, secret: e2e-secret}
                queues:
                  - {id: sales, name: 销售, requirement: 'sales:2', wrapUpSeconds: 0}
                notReadyReasons: {break: 休息, meeting: 会议}
                dispositions: {inquiry: 咨询}
                agents:
                  - {id: '1001', name: 张伟, passwordHash: '%1$s', skills: {sales: 5}, queues: [sales], groups: [team-a], clearance: 秘密}
                  - {id: '1002', name: 李娜, passwordHash: '%1$s', skills: {sales: 5}, queues: [sales], groups: [team-b]}
                users:
                  - {id: lead-a, name: 班长 A, role: supervisor, passwordHash: '%1$s', groups: [team-a], clearance: 机密}
                customers: {source: 'csv:%2$s'}
                """.formatted(SimulatedSite.HASH, customers);
        SimulatorConfig.Builder sim = SimulatorConfig.builder().host("127.0.0.1").port(0).seed(1).timeScale(5)
                .callType(SimulatorConfig.CallType.of("sales", "sales").withRate(0).withPatience(0)
                        .withCallerNumberPattern(CALLER).withDialedNumber("4008001000"));
        SimulatorConfig.Phone unused = new SimulatorConfig.Phone("0", Distribution.fixed(1), 0, Distribution.fixed(1), false, true);
        try (SimulatedSite site = SimulatedSite.start(yaml, sim, unused, SimulatedSite.fastBots(), "1001", "1002");
             AgentClient agent = AgentClient.create(); AgentClient lead = AgentClient.create()) {
            URI ws = URI.create("ws://127.0.0.1:" + site.server.httpPort() + "/ws/agent");
            List<ServerEvent> agentEvents = new CopyOnWriteArrayList<>();
            List<ServerEvent> leadEvents = new CopyOnWriteArrayList<>();
            agent.onEvent((EventMessage m) -> agentEvents.add(m.event()));
            lead.onEvent((EventMessage m) -> leadEvents.add(m.event()));
            agent.connect(ws).get(5, TimeUnit.SECONDS);
            lead.connect(ws).get(5, TimeUnit.SECONDS);

            assertOk(lead.login("lead-a", "x", "2900", "zh-CN").get(10, TimeUnit.SECONDS));
            assertOk(agent.login("1001", "x", "2001", "zh-CN").get(10, TimeUnit.SECONDS));
            assertOk(agent.ready().get(5, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(10)).until(() -> leadEvents.stream().anyMatch(e ->
                    e instanceof ServerEvent.AgentStateEvent s && "1001".equals(s.agentId()) && s.state() == AgentState.READY));
            List<AgentInfo> team = lead.agents().get(5, TimeUnit.SECONDS);
            assertThat(team).extracting(AgentInfo::agentId).containsExactly("1001");
            assertThat(team.get(0).state()).isEqualTo(AgentState.READY);

            String callId = site.pbx.injectCall("sales");
            ServerEvent.CustomerRecordEvent record = awaitEvent(agentEvents, ServerEvent.CustomerRecordEvent.class);
            assertThat(record.callId()).isEqualTo(callId);
            assertThat(record.customerId()).isEqualTo("C-88001");
            assertThat(record.fields()).isEqualTo(Map.of("city", "杭州", "balance", "12000.00"));
            assertThat(record.masked()).isEqualTo(Map.of("idnumber", "机密"));
            await().atMost(Duration.ofSeconds(10)).until(() -> leadEvents.stream().anyMatch(e ->
                    e instanceof ServerEvent.AgentStateEvent s && "1001".equals(s.agentId()) && s.state() == AgentState.TALKING));
            // the screen pop is the agent's only
            assertThat(leadEvents).noneMatch(e -> e instanceof ServerEvent.CallOfferedEvent
                    || e instanceof ServerEvent.CustomerRecordEvent);

            Reply outside = lead.forceLogout("1002").get(5, TimeUnit.SECONDS);
            assertThat(outside.errorCode()).isEqualTo("NOT_IN_GROUP");
            assertThat(agent.listAgents().get(5, TimeUnit.SECONDS).errorCode()).isEqualTo("FORBIDDEN");
            assertOk(agent.hangup().get(5, TimeUnit.SECONDS));
        }
    }

    private static void assertOk(Reply reply) {
        assertThat(reply.ok()).as("reply %s", reply).isTrue();
    }

    private static <T extends ServerEvent> T awaitEvent(List<ServerEvent> events, Class<T> type) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(type::isInstance));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + type.getSimpleName() + " in " + events, e);
        }
        return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
