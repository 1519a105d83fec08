package org.ctiserver.server.e2e;

import static org.ctiserver.server.e2e.Replies.ok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.ConsultState;
import org.ctiserver.core.event.CtiEvent.OutboundState;
import org.ctiserver.core.event.CtiEvent.PreviewOutcome;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.ServerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The agent actions {@link CallControlIT} leaves out, each with its main refusal, through the whole product: toolbar
 * clients over WebSocket, the engine, the adapter over AMI and the simulated PBX. Blind transfers to an agent, a queue
 * and a number; a consultation cancelled, then one turned into a conference; DTMF and call data; a timed wrap-up
 * extended; a due callback offered as a preview call, accepted and connected, and one skipped; remote answer; and a
 * supervisor forcing, listening to, re-skilling and logging out an agent of the team.
 */
@Tag("integration")
class AgentActionsIT {
    private static final String YAML = """
            site: {name: E2E}
            http: {port: 0}
            ami: {host: 127.0.0.1, username: cti, secret: e2e-secret}
            queues:
              - {id: sales, name: 销售, requirement: 'sales:2', wrapUpSeconds: 0}
              - {id: service, name: 客服, requirement: 'service:1', wrapUpSeconds: 0}
              - {id: care, name: 关怀, requirement: 'care:1', wrapUpSeconds: 30}
            notReadyReasons: {break: 休息, meeting: 会议}
            dispositions: {inquiry: 咨询}
            agents:
              - {id: '1001', name: 张伟, passwordHash: '%1$s', skills: {sales: 5, care: 5}, queues: [sales, care], groups: [team-a]}
              - {id: '1002', name: 李娜, passwordHash: '%1$s', skills: {sales: 5, service: 5}, queues: [sales, service], groups: [team-a]}
            users:
              - {id: lead-a, name: 班长 A, role: supervisor, passwordHash: '%1$s', groups: [team-a]}
            """.formatted(SimulatedSite.HASH);
    private static final String SUPERVISOR_EXTENSION = "2900";

    private SimulatedSite site;
    private final List<AgentClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        clients.forEach(AgentClient::close);
        if (site != null) {
            site.close();
        }
    }

    // ------------------------------------------------------------------ transfers

    @Test
    void blindTransfers_toAnAgentAQueueAndANumber_reachThePbx() throws Exception {
        start(Distribution.fixed(1));
        Agent first = agent("1001", "2001");
        Agent second = agent("1002", "2002");
        ok(first.client.ready());

        // to an agent: the same call rings the second agent, who talks to the caller
        String toAgent = site.pbx.injectCall("sales");
        awaitState(first, AgentState.TALKING);
        refused(first.client.transferToQueue("nowhere"), "INVALID_TARGET");
        refused(first.client.transferToAgent("1002"), "INVALID_TARGET"); // 1002 is not ready yet
        ok(second.client.ready());
        ok(first.client.transferToAgent("1002"));
        ServerEvent.CallTransferredEvent moved = awaitEvent(first, ServerEvent.CallTransferredEvent.class,
                e -> toAgent.equals(e.callId()));
        assertThat(moved.targetKind()).isEqualTo("agent");
        assertThat(moved.target()).isEqualTo("1002");
        awaitEvent(second, ServerEvent.CallConnectedEvent.class, e -> toAgent.equals(e.callId()));
        awaitState(first, AgentState.WRAP_UP);
        refused(first.client.transferToNumber("5550100"), "NO_ACTIVE_CALL");
        ok(first.client.completeWrapUp("inquiry", ""));
        awaitLedgerTransfer(toAgent);
        assertThat(site.pbx.ledger().transfers()).filteredOn(t -> t.callId().equals(toAgent))
                .singleElement().satisfies(t -> assertThat(t.to()).endsWith("2002"));
        ok(second.client.hangup());
        awaitState(second, AgentState.WRAP_UP);
        ok(second.client.completeWrapUp("inquiry", ""));

        // to a queue: the caller waits in "service", where only the second agent is skilled
        String toQueue = site.pbx.injectCall("sales");
        Agent talking = awaitEitherTalking(first, second, toQueue);
        Agent other = talking == first ? second : first;
        ok(other.client.notReady("break"));
        ok(talking.client.transferToQueue("service"));
        awaitEvent(talking, ServerEvent.CallTransferredEvent.class,
                e -> toQueue.equals(e.callId()) && "queue".equals(e.targetKind()) && "service".equals(e.target()));
        ok(talking.client.completeWrapUp("inquiry", "", "break"));
        ok(second.client.ready());
        awaitEvent(second, ServerEvent.CallConnectedEvent.class, e -> toQueue.equals(e.callId()));
        ok(second.client.hangup());
        awaitState(second, AgentState.WRAP_UP);
        ok(second.client.completeWrapUp("inquiry", "", "break"));

        // to a number: the call leaves the CTI, and the PBX counts it transferred
        ok(first.client.ready());
        String toNumber = site.pbx.injectCall("sales");
        awaitEvent(first, ServerEvent.CallConnectedEvent.class, e -> toNumber.equals(e.callId()));
        ok(first.client.transferToNumber("5550100"));
        awaitEvent(first, ServerEvent.CallTransferredEvent.class,
                e -> toNumber.equals(e.callId()) && "number".equals(e.targetKind()));
        awaitEvent(first, ServerEvent.CallEndedEvent.class, e -> toNumber.equals(e.callId()));
        // the ledger counts transfers between agent phones only; the caller, redirected out, stays answered
        assertThat(entry(toNumber).outcome()).isIn(SimulatorLedger.Outcome.TALKING, SimulatorLedger.Outcome.ANSWERED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(site.server.engine().stats().queues()
                .stream().mapToLong(q -> q.transferred()).sum()).isEqualTo(3));
    }

    // ------------------------------------------------------------------ consultation, conference, DTMF, call data

    @Test
    void consultCancelled_withDtmfAndCallData() throws Exception {
        start(Distribution.fixed(1));
        Agent first = agent("1001", "2001");
        Agent second = agent("1002", "2002");
        ok(first.client.ready());
        String callId = site.pbx.injectCall("sales");
        awaitState(first, AgentState.TALKING);
        refused(first.client.conference(), "ILLEGAL_CALL_STATE");
        refused(first.client.cancelConsult(), "ILLEGAL_CALL_STATE");
        ok(second.client.ready());

        ok(first.client.consult(Request.TargetKind.AGENT, "1002"));
        awaitEvent(first, ServerEvent.ConsultChangedEvent.class, e -> e.state() == ConsultState.CONNECTED);
        ok(first.client.cancelConsult());
        awaitEvent(first, ServerEvent.ConsultChangedEvent.class, e -> e.state() == ConsultState.CANCELLED);
        awaitEvent(first, ServerEvent.HoldChangedEvent.class, e -> !e.held() && callId.equals(e.callId()));
        assertThat(site.pbx.ledger().transfers()).noneMatch(t -> t.callId().equals(callId));

        ok(first.client.sendDtmf("12#"));
        refused(first.client.sendDtmf("12x"), "INVALID_FIELD");
        refused(first.client.setCallData("ticket", "x".repeat(2000)), "INVALID_FIELD");
        ok(first.client.setCallData("ticket", "T-42"));
        ok(first.client.hangup());
        awaitState(first, AgentState.WRAP_UP);
        refused(first.client.sendDtmf("1"), "NO_ACTIVE_CALL");
        refused(first.client.setCallData("ticket", "T-43"), "NO_ACTIVE_CALL");
        await().atMost(Duration.ofSeconds(15)).until(() -> entry(callId).ended());
        assertThat(entry(callId).outcome()).isEqualTo(SimulatorLedger.Outcome.ANSWERED);
    }

    @Test
    void consultTurnedIntoAConference() throws Exception {
        start(Distribution.fixed(1));
        Agent first = agent("1001", "2001");
        Agent second = agent("1002", "2002");
        ok(first.client.ready());
        String callId = site.pbx.injectCall("sales");
        awaitState(first, AgentState.TALKING);
        ok(second.client.ready());
        ok(first.client.consult(Request.TargetKind.AGENT, "1002"));
        awaitEvent(first, ServerEvent.ConsultChangedEvent.class, e -> e.state() == ConsultState.CONNECTED);

        ok(first.client.conference());
        ServerEvent.ConferenceStartedEvent conf = awaitEvent(first, ServerEvent.ConferenceStartedEvent.class,
                e -> callId.equals(e.callId()));
        assertThat(conf.room()).isEqualTo("cti-" + callId.replaceAll("[^A-Za-z0-9]", "-"));
        assertThat(entry(callId).ended()).isFalse();
        ok(first.client.hangup());
    }

    // ------------------------------------------------------------------ wrap-up

    @Test
    void timedWrapUp_isExtended() throws Exception {
        start(Distribution.fixed(1));
        Agent first = agent("1001", "2001");
        ok(first.client.ready());
        refused(first.client.extendWrapUp(60), "ILLEGAL_TRANSITION");
        String callId = site.pbx.injectCall("care");
        awaitState(first, AgentState.TALKING);
        ok(first.client.hangup());
        ServerEvent.WrapUpStartedEvent started = awaitEvent(first, ServerEvent.WrapUpStartedEvent.class,
                e -> callId.equals(e.callId()));
        assertThat(started.deadlineMs()).isPositive();

        ok(first.client.extendWrapUp(60));
        ServerEvent.WrapUpExtendedEvent extended = awaitEvent(first, ServerEvent.WrapUpExtendedEvent.class,
                e -> callId.equals(e.callId()));
        assertThat(extended.deadlineMs()).isEqualTo(started.deadlineMs() + 60_000);
        ok(first.client.completeWrapUp("inquiry", ""));
    }

    // ------------------------------------------------------------------ preview calls

    @Test
    void dueCallback_isAPreviewCall_acceptedAndConnected_thenOneSkipped() throws Exception {
        start(Distribution.fixed(1));
        Agent first = agent("1001", "2001");
        ok(first.client.ready());

        ok(first.client.scheduleCallback("5550100", System.currentTimeMillis() + 500, "客户下午方便"));
        ServerEvent.PreviewOfferedEvent offered = awaitEvent(first, ServerEvent.PreviewOfferedEvent.class, e -> true);
        assertThat(offered.number()).isEqualTo("5550100");
        assertThat(offered.note()).isEqualTo("客户下午方便");
        assertThat(offered.kind()).isEqualTo("callback");
        assertThat(offered.deadlineMs()).isGreaterThan(offered.atMs());
        refused(first.client.acceptPreview("pv-999"), "ILLEGAL_CALL_STATE");
        ok(first.client.acceptPreview(offered.previewId()));
        awaitEvent(first, ServerEvent.PreviewEndedEvent.class, e -> e.outcome() == PreviewOutcome.ACCEPTED);
        ServerEvent.OutboundCallEvent connected = awaitEvent(first, ServerEvent.OutboundCallEvent.class,
                e -> e.state() == OutboundState.CONNECTED);
        assertThat(connected.number()).isEqualTo("5550100");
        refused(first.client.acceptPreview(offered.previewId()), "ILLEGAL_CALL_STATE");
        ok(first.client.hangup());
        awaitEvent(first, ServerEvent.OutboundCallEvent.class, e -> e.state() == OutboundState.ENDED);

        ok(first.client.scheduleCallback("5550101", System.currentTimeMillis() + 500, ""));
        ServerEvent.PreviewOfferedEvent again = awaitEvent(first, ServerEvent.PreviewOfferedEvent.class,
                e -> "5550101".equals(e.number()));
        ok(first.client.skipPreview(again.previewId(), "客户改约明天"));
        ServerEvent.PreviewEndedEvent skipped = awaitEvent(first, ServerEvent.PreviewEndedEvent.class,
                e -> again.previewId().equals(e.previewId()));
        assertThat(skipped.outcome()).isEqualTo(PreviewOutcome.SKIPPED);
        assertThat(skipped.reason()).isEqualTo("客户改约明天");
        assertThat(skipped.retryMs()).isGreaterThan(skipped.atMs());
        assertThat(first.events).filteredOn(e -> e instanceof ServerEvent.OutboundCallEvent o
                && "5550101".equals(o.number())).isEmpty();
    }

    // ------------------------------------------------------------------ remote answer, hold without a call

    @Test
    void answerFromTheToolbar_isNotSupported_andHoldWithoutACall_isRefused() throws Exception {
        // the phone rings 8 simulated seconds (1.6 s) before the agent picks it up, within the PBX's dial timeout
        start(Distribution.fixed(8));
        Agent first = agent("1001", "2001");
        refused(first.client.hold(), "NO_ACTIVE_CALL");
        refused(first.client.answer(), "NO_ACTIVE_CALL");
        ok(first.client.ready());
        site.pbx.injectCall("sales");
        awaitState(first, AgentState.RESERVED);
        Reply answer = first.client.answer().get(10, TimeUnit.SECONDS);
        assertThat(answer.errorCode()).isEqualTo("NOT_SUPPORTED");
        assertThat(answer.error().message()).isNotBlank();
        awaitState(first, AgentState.TALKING);
        ok(first.client.hold());
        awaitEvent(first, ServerEvent.HoldChangedEvent.class, ServerEvent.HoldChangedEvent::held);
    }

    // ------------------------------------------------------------------ supervisor

    @Test
    void supervisor_forcesNotReady_listens_setsSkills_andLogsOut() throws Exception {
        start(Distribution.fixed(1));
        Agent lead = agent("lead-a", SUPERVISOR_EXTENSION);
        Agent first = agent("1001", "2001");
        ok(first.client.ready());
        refused(lead.client.spy("1001", SpyMode.LISTEN), "NO_ACTIVE_CALL");

        ok(lead.client.forceNotReady("1001", "meeting"));
        ServerEvent.AgentStateEvent forced = awaitState(first, AgentState.NOT_READY);
        assertThat(forced.reason()).isEqualTo("meeting");

        ok(first.client.ready());
        String callId = site.pbx.injectCall("sales");
        awaitState(first, AgentState.TALKING);
        ok(lead.client.spy("1001", SpyMode.LISTEN));
        ServerEvent.SpyChangedEvent listening = awaitEvent(lead, ServerEvent.SpyChangedEvent.class,
                ServerEvent.SpyChangedEvent::active);
        assertThat(listening.callId()).isEqualTo(callId);
        assertThat(listening.mode()).isEqualTo(SpyMode.LISTEN);
        assertThat(first.events).noneMatch(e -> e instanceof ServerEvent.SpyChangedEvent);

        ok(lead.client.setSkills("1001", Map.of("sales", 3, "care", 9)));
        ServerEvent.SkillsChangedEvent skills = awaitEvent(first, ServerEvent.SkillsChangedEvent.class, e -> true);
        assertThat(skills.skills()).isEqualTo(Map.of("sales", 3, "care", 9));
        assertThat(skills.supervisorId()).isEqualTo("lead-a");

        ok(first.client.hangup());
        awaitState(first, AgentState.WRAP_UP);
        ok(first.client.completeWrapUp("inquiry", ""));
        ok(lead.client.forceLogout("1001"));
        awaitState(first, AgentState.LOGGED_OUT);
        assertThat(site.server.engine().stats().agents()).filteredOn(a -> a.agentId().equals("1001"))
                .singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AgentState.LOGGED_OUT));
    }

    // ------------------------------------------------------------------ helpers

    private record Agent(String id, AgentClient client, List<ServerEvent> events) {
    }

    private void start(Distribution humanAnswer) {
        SimulatorConfig.Builder sim = SimulatorConfig.builder().host("127.0.0.1").port(0).seed(5).timeScale(5)
                .callType(SimulatorConfig.CallType.of("sales", "sales").withRate(0).withPatience(0))
                .callType(SimulatorConfig.CallType.of("care", "care").withRate(0).withPatience(0))
                .phone(new SimulatorConfig.Phone(SUPERVISOR_EXTENSION, Distribution.fixed(1), 0,
                        Distribution.fixed(3600), true, true));
        SimulatorConfig.Phone unused = new SimulatorConfig.Phone("0", Distribution.fixed(1), 0, Distribution.fixed(1),
                false, true);
        site = SimulatedSite.start(YAML, sim, unused, SimulatedSite.fastBots(), UnaryOperator.identity(), humanAnswer,
                "1001", "1002");
    }

    private Agent agent(String id, String extension) throws Exception {
        AgentClient client = AgentClient.create();
        clients.add(client);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        client.onEvent((EventMessage m) -> events.add(m.event()));
        client.connect(URI.create("ws://127.0.0.1:" + site.server.httpPort() + "/ws/agent")).get(5, TimeUnit.SECONDS);
        ok(client.login(id, "x", extension, "zh-CN"));
        return new Agent(id, client, events);
    }

    private Agent awaitEitherTalking(Agent a, Agent b, String callId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> connected(a, callId) || connected(b, callId));
        return connected(a, callId) ? a : b;
    }

    private static boolean connected(Agent agent, String callId) {
        return agent.events.stream().anyMatch(e -> e instanceof ServerEvent.CallConnectedEvent c
                && callId.equals(c.callId()));
    }

    private SimulatorLedger.CallEntry entry(String callId) {
        return site.pbx.ledger().call(callId).orElseThrow();
    }

    private void awaitLedgerTransfer(String callId) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(site.pbx.ledger().transfers())
                .as("the PBX's transfers").anyMatch(t -> t.callId().equals(callId)));
    }

    private static void refused(CompletableFuture<Reply> pending, String code) throws Exception {
        Reply reply = pending.get(10, TimeUnit.SECONDS);
        assertThat(reply.errorCode()).as("reply %s", reply).isEqualTo(code);
    }

    /** The agent's latest state event is {@code state}. */
    private static ServerEvent.AgentStateEvent awaitState(Agent agent, AgentState state) {
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                ServerEvent.AgentStateEvent last = lastState(agent);
                return last != null && last.state() == state;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(agent.id + " never " + state + ": " + agent.events, e);
        }
        return lastState(agent);
    }

    private static ServerEvent.AgentStateEvent lastState(Agent agent) {
        ServerEvent.AgentStateEvent last = null;
        for (ServerEvent e : agent.events) {
            if (e instanceof ServerEvent.AgentStateEvent s && agent.id.equals(s.agentId())) {
                last = s;
            }
        }
        return last;
    }

    private static <T extends ServerEvent> T awaitEvent(Agent agent, Class<T> type, Predicate<T> test) {
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> agent.events.stream().filter(type::isInstance)
                    .map(type::cast).anyMatch(test));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no matching " + type.getSimpleName() + " in " + agent.events, e);
        }
        return agent.events.stream().filter(type::isInstance).map(type::cast).filter(test).findFirst().orElseThrow();
    }
}
