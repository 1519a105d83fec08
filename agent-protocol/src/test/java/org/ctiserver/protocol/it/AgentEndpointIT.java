package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ctiserver.protocol.it.TestBed.join;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.protocol.ProtocolOptions;
import org.ctiserver.protocol.SessionPolicy;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.client.AgentClient.CloseStatus;
import org.ctiserver.protocol.message.Choice;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerEvent.CallConnectedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallEndedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.ConfigEvent;
import org.ctiserver.protocol.message.ServerEvent.SessionReplacedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpCompletedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpStartedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class AgentEndpointIT {
    private TestBed bed;

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    private TestBed bed() {
        return bed(ProtocolOptions.defaults());
    }

    private TestBed bed(ProtocolOptions options) {
        bed = new TestBed(options);
        return bed;
    }

    private static Reply ok(Reply reply) {
        assertThat(reply.error()).as("error").isNull();
        assertThat(reply.ok()).isTrue();
        return reply;
    }

    private static void loggedIn(AgentClient client, Recorder rec, String agentId, String lang) {
        Reply reply = join(client.login(agentId, TestBed.PASSWORDS.get(agentId), "80" + agentId.substring(2), lang));
        assertThat(ok(reply).version()).isEqualTo(1);
        rec.awaitState(AgentState.NOT_READY);
    }

    @Test
    void aWholeCallFromLoginToReadyAgain() {
        TestBed b = bed();
        AgentClient client = b.client();
        Recorder rec = new Recorder(client);

        loggedIn(client, rec, "1001", "zh-CN");
        ConfigEvent config = rec.await(ConfigEvent.class);
        assertThat(config.agentName()).isEqualTo("张三");
        assertThat(config.reasons()).extracting(Choice::label).startsWith("休息", "小休", "就餐", "培训", "会议");
        assertThat(config.reasons()).filteredOn(Choice::system).extracting(Choice::code).containsExactly("RONA");
        assertThat(config.dispositions()).extracting(Choice::label).containsExactly("咨询", "投诉", "建议", "报修");
        assertThat(rec.lastState().orElseThrow().extension()).isEqualTo("8001");

        ok(join(client.ready()));
        rec.awaitState(AgentState.READY);

        b.callArrives("call-1", "13800138000", "王女士", "4008001234", TestBed.QUEUE, Map.of("ivr.menu", "2", "customerTier", "VIP"));
        CallOfferedEvent offered = rec.await(CallOfferedEvent.class);
        assertThat(offered.callId()).isEqualTo("call-1");
        assertThat(offered.callerNumber()).isEqualTo("13800138000");
        assertThat(offered.callerName()).isEqualTo("王女士");
        assertThat(offered.dialedNumber()).isEqualTo("4008001234");
        assertThat(offered.queueId()).isEqualTo(TestBed.QUEUE);
        assertThat(offered.queueName()).isEqualTo(TestBed.QUEUE_NAME);
        assertThat(offered.data()).containsEntry("ivr.menu", "2").containsEntry("customerTier", "VIP");
        rec.awaitState(AgentState.RESERVED);

        b.agentAnswers("call-1");
        assertThat(rec.await(CallConnectedEvent.class).callId()).isEqualTo("call-1");
        rec.awaitState(AgentState.TALKING);

        Reply wrongState = join(client.ready());
        assertThat(wrongState.ok()).isFalse();
        assertThat(wrongState.error().code()).isEqualTo("ILLEGAL_TRANSITION");
        assertThat(wrongState.error().message()).isEqualTo("当前状态下不能执行此操作");

        ok(join(client.hangup()));
        CallEndedEvent ended = rec.await(CallEndedEvent.class);
        assertThat(ended.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(rec.await(WrapUpStartedEvent.class).deadlineMs()).isZero();
        rec.awaitState(AgentState.WRAP_UP);

        ok(join(client.completeWrapUp("inquiry", "客户咨询套餐资费")));
        WrapUpCompletedEvent done = rec.await(WrapUpCompletedEvent.class);
        assertThat(done.disposition()).isEqualTo("inquiry");
        assertThat(done.notes()).isEqualTo("客户咨询套餐资费");
        rec.awaitState(AgentState.READY);

        // per-session sequence: 1, 2, 3, ... without gaps, config first
        List<Long> seqs = rec.events.stream().map(EventMessage::seq).toList();
        assertThat(seqs.get(0)).isEqualTo(1L);
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
        assertThat(rec.events.get(0).event()).isInstanceOf(ConfigEvent.class);
        assertThat(rec.events.get(1).event()).isInstanceOf(AgentStateEvent.class);
    }

    @Test
    void aTimedWrapUpCarriesItsDeadlineAndNextReasonGoesNotReady() {
        TestBed b = bed();
        b.autoAnswer(true);
        AgentClient client = b.client();
        Recorder rec = new Recorder(client);
        loggedIn(client, rec, "1002", "en");
        ok(join(client.ready()));
        rec.awaitState(AgentState.READY);
        b.callArrives("call-2", "02088886666", "", "4008005678", TestBed.TIMED_QUEUE, Map.of());
        rec.awaitState(AgentState.TALKING);
        b.callerHangsUp("call-2");
        WrapUpStartedEvent wrap = rec.await(WrapUpStartedEvent.class);
        assertThat(wrap.deadlineMs() - wrap.atMs()).isEqualTo(Duration.ofSeconds(30).toMillis());
        ok(join(client.completeWrapUp("complaint", "", "break")));
        AgentStateEvent state = rec.awaitState(AgentState.NOT_READY);
        assertThat(state.reason()).isEqualTo("break");
    }

    @Test
    void wrongPasswordsAndUnknownAgentsFailAlikeAndTooManyAreRateLimited() {
        TestBed b = bed();
        AgentClient client = b.client();
        Reply wrong = join(client.login("1001", "nope", "8001", "en"));
        assertThat(wrong.error().code()).isEqualTo("AUTH_FAILED");
        assertThat(wrong.error().message()).isEqualTo("Wrong agent ID or password");
        Reply unknown = join(client.login("9999", "nope", "8009", "zh-CN"));
        assertThat(unknown.error().code()).isEqualTo("AUTH_FAILED");
        assertThat(unknown.error().message()).isEqualTo("工号或密码错误");
        for (int i = 0; i < 3; i++) {
            assertThat(join(client.login("1001", "guess" + i, "8001", "en")).error().code()).isEqualTo("AUTH_FAILED");
        }
        // five failures from this address within the minute: even the right password waits now
        assertThat(join(client.login("1001", TestBed.PASSWORDS.get("1001"), "8001", "en")).error().code())
                .isEqualTo("RATE_LIMITED");
        assertThat(b.engineState("1001")).isEqualTo(AgentState.LOGGED_OUT);
    }

    @Test
    void commandsBeforeLoginAreNotAuthenticated() {
        AgentClient client = bed().client();
        Reply reply = join(client.ready());
        assertThat(reply.error().code()).isEqualTo("NOT_AUTHENTICATED");
        assertThat(reply.error().message()).isEqualTo("请先签入");
        ok(join(client.ping()));
    }

    @Test
    void badInputGetsTypedErrorsAndTheConnectionStaysUsable() {
        AgentClient client = bed().client();
        Recorder rec = new Recorder(client);
        join(client.sendText("this is not json"));
        Reply bad = rec.awaitReply(r -> "BAD_JSON".equals(r.errorCode()));
        assertThat(bad.id()).isNull();
        assertThat(bad.error().message()).contains("JSON");

        join(client.sendText("{\"type\":\"teleport\",\"id\":\"x1\"}"));
        assertThat(rec.awaitReply(r -> "x1".equals(r.id())).errorCode()).isEqualTo("UNKNOWN_TYPE");

        join(client.sendText("{\"type\":\"notReady\",\"id\":\"x2\"}"));
        Reply missing = rec.awaitReply(r -> "x2".equals(r.id()));
        assertThat(missing.errorCode()).isEqualTo("MISSING_FIELD");
        assertThat(missing.error().message()).isEqualTo("缺少字段：reason");

        join(client.sendText("{\"type\":\"ping\"}"));
        assertThat(rec.awaitReply(r -> "MISSING_FIELD".equals(r.errorCode()) && r.id() == null)).isNotNull();

        join(client.sendText("[1,2,3]"));
        join(client.sendText("{\"type\":\"ping\",\"id\":\"" + "x".repeat(100) + "\"}"));
        ok(join(client.ping()));
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void versionsAreNegotiated() {
        AgentClient client = bed().client();
        Reply unsupported = join(client.hello(2, "en"));
        assertThat(unsupported.errorCode()).isEqualTo("UNSUPPORTED_VERSION");
        assertThat(unsupported.version()).isEqualTo(1);
        assertThat(unsupported.error().message()).isEqualTo("Unsupported protocol version");

        Reply noVersion = join(client.send(id -> new Request.Login(id, null, "1001", "pw-1001", "8001", null)));
        assertThat(noVersion.errorCode()).isEqualTo("MISSING_FIELD");

        assertThat(ok(join(client.hello(1, null))).version()).isEqualTo(1);
        assertThat(ok(join(client.send(id -> new Request.Login(id, null, "1001", "pw-1001", "8001", null)))).version())
                .isEqualTo(1);
    }

    @Test
    void anOversizedMessageIsAnsweredAndClosedAsAPolicyViolation() {
        AgentClient client = bed().client();
        Recorder rec = new Recorder(client);
        join(client.sendText("{\"type\":\"ping\",\"id\":\"" + "x".repeat(20 * 1024) + "\"}"));
        CloseStatus status = join(client.closed());
        assertThat(status.code()).isEqualTo(ProtocolOptions.CLOSE_POLICY_VIOLATION);
        assertThat(rec.awaitReply(r -> true).errorCode()).isEqualTo("FRAME_TOO_LARGE");

        // beyond even the server's frame limit: Netty closes; the server lives on
        AgentClient big = bed.client();
        join(big.sendText("x".repeat(200 * 1024)));
        // Netty answers 1009 and drops the connection; the client may see only the drop (1006)
        assertThat(join(big.closed()).code()).isIn((short) 1009, (short) 1006);
        ok(join(bed.client().ping()));
    }

    @Test
    void commandsAlwaysActOnTheSessionsOwnAgent() {
        TestBed b = bed();
        AgentClient client = b.client();
        Recorder rec = new Recorder(client);
        loggedIn(client, rec, "1001", "zh-CN");
        join(client.sendText("{\"type\":\"ready\",\"id\":\"r1\",\"agentId\":\"1002\"}"));
        assertThat(rec.awaitReply(r -> "r1".equals(r.id())).ok()).isTrue();
        rec.awaitState(AgentState.READY);
        assertThat(b.engineState("1001")).isEqualTo(AgentState.READY);
        assertThat(b.engineState("1002")).isEqualTo(AgentState.LOGGED_OUT);
    }

    @Test
    void aSecondLoginTakesOverByDefault() {
        TestBed b = bed();
        AgentClient first = b.client();
        Recorder firstRec = new Recorder(first);
        loggedIn(first, firstRec, "1001", "zh-CN");
        ok(join(first.ready()));
        firstRec.awaitState(AgentState.READY);

        AgentClient second = b.client();
        Recorder secondRec = new Recorder(second);
        ok(join(second.login("1001", "pw-1001", "8001", "en")));
        firstRec.await(SessionReplacedEvent.class);
        assertThat(join(first.closed()).code()).isEqualTo(ProtocolOptions.CLOSE_SESSION_REPLACED);
        // the new session starts from the agent's current state, not from scratch
        assertThat(secondRec.awaitState(AgentState.READY).previous()).isNull();
        assertThat(b.endpoint.activeSessions()).isEqualTo(1);
    }

    @Test
    void theRejectPolicyRefusesASecondLogin() {
        TestBed b = bed(ProtocolOptions.defaults().withSessionPolicy(SessionPolicy.REJECT));
        AgentClient first = b.client();
        loggedIn(first, new Recorder(first), "1001", "zh-CN");
        Reply second = join(b.client().login("1001", "pw-1001", "8001", "en"));
        assertThat(second.errorCode()).isEqualTo("ALREADY_LOGGED_IN");
        assertThat(first.isOpen()).isTrue();
    }

    @Test
    void aDroppedConnectionLogsTheAgentOutAfterTheGracePeriod() {
        TestBed b = bed(ProtocolOptions.defaults().withLogoutGrace(Duration.ofMillis(300)));
        AgentClient client = b.client();
        loggedIn(client, new Recorder(client), "1001", "zh-CN");
        client.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> b.engineState("1001") == AgentState.LOGGED_OUT);
    }

    @Test
    void comingBackWithinTheGracePeriodKeepsTheAgentSignedIn() throws InterruptedException {
        TestBed b = bed(ProtocolOptions.defaults().withLogoutGrace(Duration.ofMillis(800)));
        AgentClient client = b.client();
        Recorder rec = new Recorder(client);
        loggedIn(client, rec, "1001", "zh-CN");
        ok(join(client.ready()));
        rec.awaitState(AgentState.READY);
        client.close();
        join(client.closed());

        AgentClient again = b.client();
        Recorder againRec = new Recorder(again);
        ok(join(again.login("1001", "pw-1001", "8001", "zh-CN")));
        againRec.awaitState(AgentState.READY);
        Thread.sleep(1_200);
        assertThat(b.engineState("1001")).isEqualTo(AgentState.READY);
    }

    @Test
    void aDroppedConnectionDuringACallLogsOutOnlyAfterTheCall() throws InterruptedException {
        TestBed b = bed(ProtocolOptions.defaults().withLogoutGrace(Duration.ofMillis(200)));
        b.autoAnswer(true);
        AgentClient client = b.client();
        Recorder rec = new Recorder(client);
        loggedIn(client, rec, "1001", "zh-CN");
        ok(join(client.ready()));
        b.callArrives("call-3", "13900000000", "", "4008001234", TestBed.QUEUE, Map.of());
        rec.awaitState(AgentState.TALKING);
        client.close();
        Thread.sleep(700);
        assertThat(b.engineState("1001")).isEqualTo(AgentState.TALKING);
        b.callerHangsUp("call-3");
        await().atMost(5, TimeUnit.SECONDS).until(() -> b.engineState("1001") == AgentState.LOGGED_OUT);
    }

    @Test
    void logoutEndsTheSessionButNotTheConnection() {
        TestBed b = bed();
        AgentClient client = b.client();
        Recorder rec = new Recorder(client);
        loggedIn(client, rec, "1001", "zh-CN");
        ok(join(client.logout()));
        rec.awaitState(AgentState.LOGGED_OUT);
        assertThat(join(client.ready()).errorCode()).isEqualTo("NOT_AUTHENTICATED");
        assertThat(b.engineState("1001")).isEqualTo(AgentState.LOGGED_OUT);
        ok(join(client.login("1001", "pw-1001", "8001", null)));
    }

    @Test
    void setLangResendsTheConfigInTheNewLanguage() {
        TestBed b = bed();
        AgentClient client = b.client();
        Recorder rec = new Recorder(client);
        loggedIn(client, rec, "1001", "zh-CN");
        ok(join(client.setLang("en")));
        ConfigEvent en = rec.await(ConfigEvent.class, c -> "en".equals(c.lang()));
        assertThat(en.reasons()).extracting(Choice::label).contains("Break", "Meal", "Short break");
        assertThat(en.dispositions()).extracting(Choice::label).containsExactly("Inquiry", "Complaint", "Suggestion", "Repair");
        assertThat(join(client.notReady("nap")).error().message()).isEqualTo("Unknown not-ready reason");
    }

    @Test
    void aConnectionThatNeverLogsInIsClosed() {
        TestBed b = bed(ProtocolOptions.defaults().withLoginTimeout(Duration.ofMillis(300)));
        AgentClient client = b.client();
        assertThat(join(client.closed()).code()).isEqualTo(ProtocolOptions.CLOSE_LOGIN_TIMEOUT);
    }

    @Test
    void theToolbarPageAndAssetsAreServed() throws Exception {
        TestBed b = bed();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of("/agent", "/agent/", "/agent/toolbar.js", "/agent/i18n.js", "/agent/toolbar.css")) {
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + b.port() + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
        java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(b.pageUrl("lang=en"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("id=\"login-form\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(Objects.requireNonNull(page.headers().firstValue("Content-Type").orElse(null))).contains("text/html");
    }
}
