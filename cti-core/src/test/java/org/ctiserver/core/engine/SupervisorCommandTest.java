package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.core.engine.CallControlTest.assertError;
import static org.ctiserver.core.engine.CallControlTest.leg;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.testing.EngineHarness;
import org.ctiserver.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

/** Supervisors' commands: force not ready, force logout, skills, listening in (trace 12); and through the runner. */
class SupervisorCommandTest {
    private static final String SPYER = "Local/3001@supervisor-00000002;1";

    private final EngineHarness h = EngineHarness.withDefaultConfig();

    private CommandResult sup(SupervisorCommand c) {
        return h.engine.onSupervisorCommand(c, h.clock.nowNs(), h.clock.epochMillis());
    }

    private void talking() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
    }

    @Test
    void forceNotReady_idleAgent_atOnce() {
        h.loginReady("a1");
        assertThat(sup(new SupervisorCommand.ForceNotReady("s1", "a1", "meal")).isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").reason()).isEqualTo("meal");
    }

    @Test
    void forceNotReady_busyAgent_afterTheCallAndTheWrapUp() {
        talking();
        assertThat(sup(new SupervisorCommand.ForceNotReady("s1", "a1", "meal")).isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        h.hangup("c1");
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);

        // the agent asks for READY: the supervisor's reason wins
        assertThat(h.cmd(new AgentCommand.CompleteWrapUp("a1", "inquiry", "", null)).isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").reason()).isEqualTo("meal");
        // applied once only
        h.ready("a1");
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
    }

    @Test
    void forceNotReady_reservedAgent_whenTheCallerLeaves() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        sup(new SupervisorCommand.ForceNotReady("s1", "a1", "break"));
        h.hangup("c1");
        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").reason()).isEqualTo("break");
    }

    @Test
    void forceNotReady_byTheWrapUpDeadline() {
        talking();
        h.hangup("c1");
        sup(new SupervisorCommand.ForceNotReady("s1", "a1", "break"));
        h.passSeconds(11);
        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").reason()).isEqualTo("break");
    }

    @Test
    void forceNotReady_refusals() {
        assertError(sup(new SupervisorCommand.ForceNotReady("s1", "nobody", "break")), ErrorCode.UNKNOWN_AGENT);
        assertError(sup(new SupervisorCommand.ForceNotReady("s1", "a1", "break")), ErrorCode.NOT_LOGGED_IN);
        h.loginReady("a1");
        assertError(sup(new SupervisorCommand.ForceNotReady("s1", "a1", "nap")), ErrorCode.UNKNOWN_REASON);
        assertError(sup(new SupervisorCommand.ForceNotReady(" ", "a1", "break")), ErrorCode.INVALID_ARGUMENT);
        assertError(sup(null), ErrorCode.UNKNOWN_AGENT);
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
    }

    @Test
    void forceLogout_idleAgent() {
        h.loginReady("a1");
        assertThat(sup(new SupervisorCommand.ForceLogout("s1", "a1")).isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.LOGGED_OUT);
        // the extension is free again
        assertThat(h.cmd(new AgentCommand.Login("a2", EngineHarness.ext("a1"))).isOk()).isTrue();
    }

    @Test
    void forceLogout_reservedAgent_theCallWaitsAgain() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        assertThat(sup(new SupervisorCommand.ForceLogout("s1", "a1")).isOk()).isTrue();

        assertThat(h.state("a1")).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(h.engine.callState("c1")).contains(CallState.QUEUED);
        assertThat(h.pbx).contains(new PbxCommand.ParkCaller("c1", EngineHarness.chan("c1")));
        h.loginReady("a2");
        assertThat(h.offers()).containsExactly("c1->a1", "c1->a2");
    }

    @Test
    void forceLogout_talkingAgent_theCallIsLeftToThePhone() {
        talking();
        assertThat(sup(new SupervisorCommand.ForceLogout("s1", "a1")).isOk()).isTrue();

        assertThat(h.state("a1")).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(CallOutcome.ANSWERED);
            assertThat(e.reason()).isEqualTo(SupervisorActions.LOGGED_OUT_REASON);
        });
        assertThat(h.engine.activeCallCount()).isZero();
        h.hangup("c1");
        assertThat(h.events(CtiEvent.CallEnded.class)).hasSize(1);
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        assertThat(h.agent("a1").callsHandled()).isEqualTo(1);
    }

    @Test
    void forceLogout_inWrapUp_endsIt() {
        talking();
        h.hangup("c1");
        assertThat(sup(new SupervisorCommand.ForceLogout("s1", "a1")).isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(h.events(CtiEvent.WrapUpCompleted.class)).hasSize(1);
    }

    @Test
    void setSkills_reindexesTheAgent_forTheNextRoutingDecision() {
        h.loginReady("a4"); // billing 1
        h.callWaiting("c1", "sales", "billing:5");
        assertThat(h.offers()).isEmpty();

        assertThat(sup(new SupervisorCommand.SetSkills("s1", "a4", Map.of("billing", 6))).isOk()).isTrue();

        assertThat(h.events(CtiEvent.AgentSkillsChanged.class)).singleElement().satisfies(e -> {
            assertThat(e.skills()).containsEntry("billing", 6);
            assertThat(e.supervisorId()).isEqualTo("s1");
        });
        assertThat(h.offers()).containsExactly("c1->a4");
        assertThat(h.agent("a4").skills()).containsEntry("billing", 6);
        assertThat(h.store.agent("a4").orElseThrow().skills()).containsEntry("billing", 6);
    }

    @Test
    void setSkills_ofALoggedOutAgent_countsAtLogin() {
        assertThat(sup(new SupervisorCommand.SetSkills("s1", "a4", Map.of("billing", 6))).isOk()).isTrue();
        h.callWaiting("c1", "sales", "billing:5");
        h.loginReady("a4");
        assertThat(h.offers()).containsExactly("c1->a4");
    }

    @Test
    void setSkills_badLevel_isInvalidArgument() {
        assertError(sup(new SupervisorCommand.SetSkills("s1", "a1", Map.of("billing", 11))), ErrorCode.INVALID_ARGUMENT);
        assertError(sup(new SupervisorCommand.SetSkills("s1", "a1", Map.of(" ", 3))), ErrorCode.INVALID_ARGUMENT);
        assertThat(h.agent("a1").skills()).containsEntry("billing", 3);
    }

    @Test
    void spy_originatesChanSpyOnTheAgentsLeg_andReportsStartAndStop() {
        talking();
        h.clearOutputs();
        assertThat(sup(new SupervisorCommand.Spy("s1", "3001", "a1", SpyMode.WHISPER)).isOk()).isTrue();

        PbxCommand.Spy spy = h.pbx(PbxCommand.Spy.class).get(0);
        assertThat(spy.agentChannel()).isEqualTo(leg("a1"));
        assertThat(spy.supervisorExtension()).isEqualTo("3001");
        assertThat(spy.mode()).isEqualTo(SpyMode.WHISPER);
        h.pbx(new PbxEvent.OriginateResult(spy.requestId(), "s-1", SPYER, OriginateOutcome.ANSWERED, 4));
        h.pbx(new PbxEvent.SpyChanged(SPYER, leg("a1"), true));
        h.pbx(new PbxEvent.SpyChanged(SPYER, leg("a1"), false));

        assertThat(h.events(CtiEvent.SpyChanged.class)).extracting(CtiEvent.SpyChanged::active).containsExactly(true, false);
        assertThat(h.events(CtiEvent.SpyChanged.class)).allSatisfy(e -> {
            assertThat(e.supervisorId()).isEqualTo("s1");
            assertThat(e.agentId()).isEqualTo("a1");
            assertThat(e.callId()).isEqualTo("c1");
            assertThat(e.mode()).isEqualTo(SpyMode.WHISPER);
        });
    }

    @Test
    void spy_supervisorsPhoneDoesNotAnswer_reportsInactive() {
        talking();
        sup(new SupervisorCommand.Spy("s1", "3001", "a1", SpyMode.LISTEN));
        PbxCommand.Spy spy = h.pbx(PbxCommand.Spy.class).get(0);
        h.pbx(new PbxEvent.OriginateResult(spy.requestId(), "", "", OriginateOutcome.NO_ANSWER, 3));

        assertThat(h.events(CtiEvent.SpyChanged.class)).singleElement().satisfies(e -> assertThat(e.active()).isFalse());
    }

    @Test
    void spy_refusals() {
        h.loginReady("a1");
        assertError(sup(new SupervisorCommand.Spy("s1", "3001", "a1", SpyMode.LISTEN)), ErrorCode.NO_ACTIVE_CALL);
        assertError(sup(new SupervisorCommand.Spy("s1", "", "a1", SpyMode.LISTEN)), ErrorCode.INVALID_ARGUMENT);
        assertError(sup(new SupervisorCommand.Spy("s1", "3001", "a1", null)), ErrorCode.INVALID_ARGUMENT);
        assertThat(h.pbx(PbxCommand.Spy.class)).isEmpty();
    }

    @Test
    void runner_submitsSupervisorCommandsOnTheEngineThread() throws Exception {
        List<CtiEvent> events = new CopyOnWriteArrayList<>();
        try (EngineRunner runner = new EngineRunner(EngineHarness.defaultConfig(), c -> { }, new InMemoryStateStore(),
                new VirtualClock(EngineHarness.ORIGIN_EPOCH_MS))) {
            runner.addListener(events::add);
            runner.start();
            assertThat(runner.submit(new AgentCommand.Login("a1", "2001")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS).isOk()).isTrue();

            CommandResult r = runner.submit(new SupervisorCommand.ForceLogout("s1", "a1")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            CommandResult bad = runner.submit(new SupervisorCommand.ForceLogout("s1", "nobody")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);

            assertThat(r.isOk()).isTrue();
            assertThat(bad.error()).isEqualTo(ErrorCode.UNKNOWN_AGENT);
            assertThat(events).filteredOn(e -> e instanceof CtiEvent.AgentStateChanged s && s.to() == AgentState.LOGGED_OUT)
                    .hasSize(1);
            runner.close();
            assertThat(runner.submit(new SupervisorCommand.ForceLogout("s1", "a1")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS).error()).isEqualTo(ErrorCode.ENGINE_STOPPED);
        }
    }
}
