package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/** Every command, accepted and refused, with its error code. */
class AgentCommandTest {

    private final EngineHarness h = EngineHarness.withDefaultConfig();

    private void assertError(CommandResult r, ErrorCode code) {
        assertThat(r.isOk()).as("refused: %s", r).isFalse();
        assertThat(r.error()).isEqualTo(code);
        assertThat(r.detail()).isNotBlank();
    }

    /** a1 talking on c1. */
    private void talking() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
    }

    private void reserved() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
    }

    private void wrapUp() {
        talking();
        h.hangup("c1");
    }

    // ------------------------------------------------------------------ login / logout

    @Test
    void login_startsNotReady_onTheExtension() {
        CommandResult r = h.cmd(new AgentCommand.Login("a1", " 2001 "));

        assertThat(r.isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").extension()).isEqualTo("2001");
        CtiEvent.AgentStateChanged e = h.events(CtiEvent.AgentStateChanged.class).get(0);
        assertThat(e.from()).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(e.to()).isEqualTo(AgentState.NOT_READY);
        assertThat(e.extension()).isEqualTo("2001");
        assertThat(h.store.agent("a1")).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(AgentState.NOT_READY));
    }

    @Test
    void login_unknownAgent_isRefused() {
        assertError(h.cmd(new AgentCommand.Login("nobody", "2001")), ErrorCode.UNKNOWN_AGENT);
    }

    @Test
    void login_whenLoggedIn_isRefused() {
        h.login("a1");
        assertError(h.cmd(new AgentCommand.Login("a1", "2009")), ErrorCode.ALREADY_LOGGED_IN);
        assertThat(h.agent("a1").extension()).isEqualTo(EngineHarness.ext("a1"));
    }

    @Test
    void login_onAnExtensionInUse_isRefused() {
        h.cmd(new AgentCommand.Login("a1", "2001"));
        assertError(h.cmd(new AgentCommand.Login("a2", "2001")), ErrorCode.EXTENSION_IN_USE);
        assertThat(h.state("a2")).isEqualTo(AgentState.LOGGED_OUT);
    }

    @Test
    void login_blankExtension_isRefused() {
        assertError(h.cmd(new AgentCommand.Login("a1", " ")), ErrorCode.INVALID_ARGUMENT);
        assertError(h.cmd(new AgentCommand.Login("a1", null)), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void logout_freesTheExtension() {
        h.cmd(new AgentCommand.Login("a1", "2001"));

        assertThat(h.cmd(new AgentCommand.Logout("a1")).isOk()).isTrue();

        assertThat(h.state("a1")).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(h.agent("a1").extension()).isNull();
        assertThat(h.cmd(new AgentCommand.Login("a2", "2001")).isOk()).isTrue();
    }

    @Test
    void logout_whenLoggedOut_isRefused() {
        assertError(h.cmd(new AgentCommand.Logout("a1")), ErrorCode.NOT_LOGGED_IN);
    }

    @Test
    void logout_whenTalking_isRefused() {
        talking();
        assertError(h.cmd(new AgentCommand.Logout("a1")), ErrorCode.ILLEGAL_TRANSITION);
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
    }

    @Test
    void logout_whenReserved_isRefused() {
        reserved();
        assertError(h.cmd(new AgentCommand.Logout("a1")), ErrorCode.ILLEGAL_TRANSITION);
    }

    @Test
    void logout_inWrapUp_endsTheWrapUp() {
        wrapUp();

        assertThat(h.cmd(new AgentCommand.Logout("a1")).isOk()).isTrue();

        assertThat(h.state("a1")).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(h.events(CtiEvent.WrapUpCompleted.class)).hasSize(1);
        assertThat(h.queueStats("sales").averageHandleTimeMs()).isZero();
    }

    // ------------------------------------------------------------------ ready / not ready

    @Test
    void ready_whenNotReady_isAccepted() {
        h.login("a1");
        assertThat(h.cmd(new AgentCommand.Ready("a1")).isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
    }

    @Test
    void ready_whenLoggedOut_isRefused() {
        assertError(h.cmd(new AgentCommand.Ready("a1")), ErrorCode.NOT_LOGGED_IN);
    }

    @Test
    void ready_whenReady_isRefused() {
        h.loginReady("a1");
        CommandResult r = h.cmd(new AgentCommand.Ready("a1"));
        assertError(r, ErrorCode.ILLEGAL_TRANSITION);
        assertThat(r.detail()).contains("from READY to READY");
    }

    @Test
    void ready_whenTalking_isRefused() {
        talking();
        CommandResult r = h.cmd(new AgentCommand.Ready("a1"));
        assertError(r, ErrorCode.ILLEGAL_TRANSITION);
        assertThat(r.detail()).contains("from TALKING to READY");
    }

    @Test
    void ready_whenReserved_isRefused() {
        reserved();
        assertError(h.cmd(new AgentCommand.Ready("a1")), ErrorCode.ILLEGAL_TRANSITION);
        assertThat(h.state("a1")).isEqualTo(AgentState.RESERVED);
    }

    @Test
    void ready_inWrapUp_endsTheWrapUpWithoutDisposition() {
        wrapUp();

        assertThat(h.cmd(new AgentCommand.Ready("a1")).isOk()).isTrue();

        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        assertThat(h.events(CtiEvent.WrapUpCompleted.class).get(0).dispositionCode()).isEmpty();
        assertThat(h.store.disposition("c1")).isEmpty();
    }

    @Test
    void notReady_withAConfiguredReason_isAccepted_fromReadyAndNotReady() {
        h.loginReady("a1");
        assertThat(h.cmd(new AgentCommand.NotReady("a1", "break")).isOk()).isTrue();
        assertThat(h.agent("a1").reason()).isEqualTo("break");
        assertThat(h.cmd(new AgentCommand.NotReady("a1", "meal")).isOk()).isTrue();
        assertThat(h.agent("a1").reason()).isEqualTo("meal");
        assertThat(h.events(CtiEvent.AgentStateChanged.class)).last()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("meal"));
    }

    @Test
    void notReady_withRona_isAlwaysAccepted() {
        h.login("a1");
        assertThat(h.cmd(new AgentCommand.NotReady("a1", "RONA")).isOk()).isTrue();
    }

    @Test
    void notReady_withAnUnknownReason_isRefused() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.NotReady("a1", "nap")), ErrorCode.UNKNOWN_REASON);
        assertError(h.cmd(new AgentCommand.NotReady("a1", null)), ErrorCode.UNKNOWN_REASON);
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
    }

    @Test
    void notReady_whenReserved_isRefused() {
        reserved();
        assertError(h.cmd(new AgentCommand.NotReady("a1", "break")), ErrorCode.ILLEGAL_TRANSITION);
    }

    @Test
    void notReady_whenTalking_isRefused() {
        talking();
        assertError(h.cmd(new AgentCommand.NotReady("a1", "break")), ErrorCode.ILLEGAL_TRANSITION);
    }

    @Test
    void notReady_whenLoggedOut_isRefused() {
        assertError(h.cmd(new AgentCommand.NotReady("a1", "break")), ErrorCode.NOT_LOGGED_IN);
    }

    @Test
    void notReady_inWrapUp_endsTheWrapUp() {
        wrapUp();
        assertThat(h.cmd(new AgentCommand.NotReady("a1", "break")).isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
    }

    // ------------------------------------------------------------------ hangup

    @Test
    void hangup_withoutACall_isRefused() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.Hangup("a1")), ErrorCode.NO_ACTIVE_CALL);
    }

    @Test
    void hangup_inWrapUp_isRefused() {
        wrapUp();
        assertError(h.cmd(new AgentCommand.Hangup("a1")), ErrorCode.NO_ACTIVE_CALL);
    }

    @Test
    void hangup_whenLoggedOut_isRefused() {
        assertError(h.cmd(new AgentCommand.Hangup("a1")), ErrorCode.NOT_LOGGED_IN);
    }

    // ------------------------------------------------------------------ wrap-up

    @Test
    void completeWrapUp_outsideWrapUp_isRefused() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.CompleteWrapUp("a1", "inquiry", "", null)), ErrorCode.ILLEGAL_TRANSITION);
    }

    @Test
    void completeWrapUp_withAnUnknownDisposition_isRefused() {
        wrapUp();
        assertError(h.cmd(new AgentCommand.CompleteWrapUp("a1", "chat", "", null)), ErrorCode.UNKNOWN_DISPOSITION);
        assertError(h.cmd(new AgentCommand.CompleteWrapUp("a1", null, "", null)), ErrorCode.UNKNOWN_DISPOSITION);
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
    }

    @Test
    void completeWrapUp_withAnUnknownNextReason_isRefused() {
        wrapUp();
        assertError(h.cmd(new AgentCommand.CompleteWrapUp("a1", "inquiry", "", "nap")), ErrorCode.UNKNOWN_REASON);
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
    }

    @Test
    void completeWrapUp_whenLoggedOut_isRefused() {
        assertError(h.cmd(new AgentCommand.CompleteWrapUp("a1", "inquiry", "", null)), ErrorCode.NOT_LOGGED_IN);
    }

    @Test
    void everyCommand_forAnUnknownAgent_isRefused() {
        for (AgentCommand c : new AgentCommand[] {new AgentCommand.Logout("x"), new AgentCommand.Ready("x"),
                new AgentCommand.NotReady("x", "break"), new AgentCommand.Hangup("x"),
                new AgentCommand.CompleteWrapUp("x", "inquiry", "", null)}) {
            assertError(h.cmd(c), ErrorCode.UNKNOWN_AGENT);
        }
    }

    @Test
    void refusedCommands_emitNothing() {
        h.loginReady("a1");
        h.clearOutputs();

        h.cmd(new AgentCommand.Ready("a1"));
        h.cmd(new AgentCommand.NotReady("a1", "nap"));
        h.cmd(new AgentCommand.Hangup("a1"));
        h.cmd(new AgentCommand.Login("a1", "9"));

        assertThat(h.events).isEmpty();
        assertThat(h.pbx).isEmpty();
    }
}
