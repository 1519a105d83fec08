package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.core.engine.CallControlTest.assertError;

import java.util.List;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.OutboundState;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.pbx.PhoneState;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/** Manual outbound calls and callbacks, with the events of trace 14 (click-to-dial and Originate outcomes). */
class OutboundCallTest {
    private static final String LINE_ID = "u1";
    private static final String LINE = "Local/" + EngineHarness.ext("a1") + "@agents-00000000;1";
    private static final String FAR = "Local/5550100@pstn-00000001;1";

    private final EngineHarness h = EngineHarness.withDefaultConfig();

    private PbxCommand.Originate dial() {
        assertThat(h.cmd(new AgentCommand.Dial("a1", "5550100")).isOk()).isTrue();
        return h.pbx(PbxCommand.Originate.class).get(h.pbx(PbxCommand.Originate.class).size() - 1);
    }

    private List<OutboundState> states() {
        return h.events(CtiEvent.OutboundCallChanged.class).stream().map(CtiEvent.OutboundCallChanged::state).toList();
    }

    /** Trace 14 (a): the agent's phone answers, the number rings and answers. */
    private void connect(PbxCommand.Originate o) {
        h.pbx(new PbxEvent.OriginateResult(o.requestId(), LINE_ID, LINE, OriginateOutcome.ANSWERED, 4));
        h.pbx(new PbxEvent.AgentRinging(LINE_ID, FAR, "5550100"));
        h.pbx(new PbxEvent.AgentAnswered(LINE_ID, FAR, "5550100"));
    }

    @Test
    void dial_originatesFromTheAgentsPhone_andFollowsTheCall() {
        h.login("a1");
        PbxCommand.Originate o = dial();

        assertThat(o.fromExtension()).isEqualTo(EngineHarness.ext("a1"));
        assertThat(o.destination()).isEqualTo(new PbxCommand.Destination.External("5550100"));
        assertThat(o.callId()).isEqualTo(o.requestId());
        connect(o);
        h.pbx(new PbxEvent.ChannelHungUp("p1", LINE_ID, FAR, 16, "Normal Clearing"));
        h.pbx(new PbxEvent.ChannelHungUp(LINE_ID, LINE_ID, LINE, 16, "Normal Clearing"));

        assertThat(states()).containsExactly(OutboundState.DIALING, OutboundState.CONNECTED, OutboundState.ENDED);
        assertThat(h.events(CtiEvent.OutboundCallChanged.class)).allSatisfy(e -> {
            assertThat(e.agentId()).isEqualTo("a1");
            assertThat(e.requestId()).isEqualTo(o.requestId());
            assertThat(e.number()).isEqualTo("5550100");
        });
        assertThat(h.events(CtiEvent.OutboundCallChanged.class).get(2).reason()).isEqualTo("Normal Clearing");
        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
    }

    @Test
    void readyAgentOnAnOutboundCall_isSkippedByRouting_untilItEnds() {
        h.loginReady("a1");
        PbxCommand.Originate o = dial();
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).isEmpty();
        connect(o);
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).isEmpty();

        h.pbx(new PbxEvent.ChannelHungUp(LINE_ID, LINE_ID, LINE, 16, "Normal Clearing"));

        assertThat(h.offers()).containsExactly("c1->a1");
    }

    @Test
    void agentsPhoneBusy_failsWithTheOutcome_andTheAgentIsRoutedAgain() {
        h.loginReady("a1");
        PbxCommand.Originate o = dial();
        h.pbx(new PbxEvent.OriginateResult(o.requestId(), "", "", OriginateOutcome.BUSY, 5));

        assertThat(states()).containsExactly(OutboundState.DIALING, OutboundState.FAILED);
        assertThat(h.events(CtiEvent.OutboundCallChanged.class).get(1).reason()).isEqualTo("agent's phone: busy");
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).containsExactly("c1->a1");
    }

    @Test
    void numberBusy_failsWithTheDialStatus() {
        h.login("a1");
        PbxCommand.Originate o = dial();
        h.pbx(new PbxEvent.OriginateResult(o.requestId(), LINE_ID, LINE, OriginateOutcome.ANSWERED, 4));
        h.pbx(new PbxEvent.AgentDialFailed(LINE_ID, FAR, "5550100", "BUSY"));
        h.pbx(new PbxEvent.ChannelHungUp(LINE_ID, LINE_ID, LINE, 16, "Normal Clearing"));

        assertThat(states()).containsExactly(OutboundState.DIALING, OutboundState.FAILED);
        assertThat(h.events(CtiEvent.OutboundCallChanged.class).get(1).reason()).isEqualTo("busy");
    }

    @Test
    void originateRefused_fails() {
        h.login("a1");
        PbxCommand.Originate o = dial();
        h.pbx(new PbxEvent.CommandFailed(o, "Extension does not exist."));

        assertThat(states()).containsExactly(OutboundState.DIALING, OutboundState.FAILED);
        assertThat(h.cmd(new AgentCommand.Dial("a1", "5550100")).isOk()).isTrue();
    }

    @Test
    void hangup_endsTheOutboundLine() {
        h.login("a1");
        PbxCommand.Originate o = dial();
        assertError(h.cmd(new AgentCommand.Hangup("a1")), ErrorCode.NO_ACTIVE_CALL); // still ringing the agent
        connect(o);
        h.clearOutputs();

        assertThat(h.cmd(new AgentCommand.Hangup("a1")).isOk()).isTrue();
        assertThat(h.pbx).containsExactly(new PbxCommand.HangupChannel(o.requestId(), LINE));
        assertThat(h.cmd(new AgentCommand.SendDtmf("a1", "1#")).isOk()).isTrue();
        assertThat(h.pbx).contains(new PbxCommand.SendDtmf(o.requestId(), FAR, "1#"));
    }

    @Test
    void dialRefusals() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.Dial("a1", "55x")), ErrorCode.INVALID_ARGUMENT);
        assertError(h.cmd(new AgentCommand.Dial("a1", null)), ErrorCode.INVALID_ARGUMENT);
        dial();
        assertError(h.cmd(new AgentCommand.Dial("a1", "5550101")), ErrorCode.ILLEGAL_CALL_STATE);
        h.loginReady("a2");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a2");
        assertError(h.cmd(new AgentCommand.Dial("a2", "5550101")), ErrorCode.ILLEGAL_CALL_STATE);
        assertThat(h.pbx(PbxCommand.Originate.class)).hasSize(1);
    }

    @Test
    void agentOnAnOutboundCall_isNoTransferOrConsultationTarget() {
        h.loginReady("a1");
        dial();
        h.loginReady("a2");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a2");
        assertError(h.cmd(new AgentCommand.Transfer("a2", new AgentCommand.Target.Agent("a1"))), ErrorCode.INVALID_TARGET);
    }

    @Test
    void resync_endsOutboundCallsThatAreGone_andLostOriginates() {
        h.loginReady("a1", "a2");
        PbxCommand.Originate first = dial();
        connect(first);
        assertThat(h.cmd(new AgentCommand.Dial("a2", "5550102")).isOk()).isTrue();
        h.clearOutputs();

        h.pbx(new PbxEvent.LinkDown("test"));
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(), List.of()));
        h.pbx(new PbxEvent.LinkUp("22"));

        assertThat(h.events(CtiEvent.OutboundCallChanged.class)).extracting(CtiEvent.OutboundCallChanged::state)
                .containsExactlyInAnyOrder(OutboundState.ENDED, OutboundState.FAILED);
        h.callWaiting("c1", "sales");
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).containsExactlyInAnyOrder("c1->a1", "c2->a2");
    }

    @Test
    void resync_keepsAnOutboundCallThatIsStillUp() {
        h.loginReady("a1");
        connect(dial());
        h.clearOutputs();
        h.pbx(new PbxEvent.LinkDown("test"));
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(
                new PbxEvent.ChannelInfo(LINE_ID, LINE_ID, LINE, "", "", "Up", "", "b", EngineHarness.ext("a1")),
                new PbxEvent.ChannelInfo("p1", LINE_ID, FAR, "", "", "Up", "", "b", "")), List.of(),
                List.of(new PbxEvent.PhoneStateChanged(EngineHarness.ext("a1"), PhoneState.IN_USE, "test"))));
        h.pbx(new PbxEvent.LinkUp("22"));

        assertThat(h.events(CtiEvent.OutboundCallChanged.class)).isEmpty();
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).isEmpty();
    }

    /** a1 books a callback due in 60 s, it is offered as a preview and accepted: the Originate is sent. */
    private CtiEvent.CallbackScheduled acceptedCallback() {
        h.loginReady("a1");
        assertThat(h.cmd(new AgentCommand.ScheduleCallback("a1", "5550100", h.clock.epochMillis() + 60_000, "order"))
                .isOk()).isTrue();
        CtiEvent.CallbackScheduled booked = h.events(CtiEvent.CallbackScheduled.class).get(0);
        h.passSeconds(60);
        CtiEvent.PreviewOffered offered = h.events(CtiEvent.PreviewOffered.class).get(0);
        assertThat(h.cmd(new AgentCommand.AcceptPreview("a1", offered.previewId())).isOk()).isTrue();
        return booked;
    }

    @Test
    void resync_callbackBeingDialedWhenTheLinkWasLost_isDueAgain_andOfferedToItsAgent() {
        CtiEvent.CallbackScheduled booked = acceptedCallback();
        h.clearOutputs();

        h.pbx(new PbxEvent.LinkDown("test"));
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(), List.of()));
        h.pbx(new PbxEvent.LinkUp("22"));

        assertThat(states()).containsExactly(OutboundState.FAILED);
        assertThat(h.events(CtiEvent.CallbackScheduled.class)).singleElement().satisfies(again -> {
            assertThat(again.callbackId()).isEqualTo(booked.callbackId());
            assertThat(again.number()).isEqualTo("5550100");
            assertThat(again.note()).isEqualTo("order");
        });
        h.passSeconds(1);
        assertThat(h.events(CtiEvent.PreviewOffered.class)).singleElement().satisfies(p -> {
            assertThat(p.agentId()).isEqualTo("a1");
            assertThat(p.number()).isEqualTo("5550100");
        });
    }

    @Test
    void resync_callbackWhoseCustomerWasReached_isDone() {
        acceptedCallback();
        connect(h.pbx(PbxCommand.Originate.class).get(0));
        h.clearOutputs();

        h.pbx(new PbxEvent.LinkDown("test"));
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(), List.of()));
        h.pbx(new PbxEvent.LinkUp("22"));
        h.passSeconds(30);

        assertThat(states()).containsExactly(OutboundState.ENDED);
        assertThat(h.events(CtiEvent.CallbackScheduled.class)).isEmpty();
        assertThat(h.events(CtiEvent.PreviewOffered.class)).isEmpty();
    }

    @Test
    void forceLogout_duringAnOutboundCall_endsItsTracking() {
        h.loginReady("a1");
        connect(dial());
        assertThat(h.engine.onSupervisorCommand(new SupervisorCommand.ForceLogout("s1", "a1"), h.clock.nowNs(),
                h.clock.epochMillis()).isOk()).isTrue();

        assertThat(states()).containsExactly(OutboundState.DIALING, OutboundState.CONNECTED, OutboundState.ENDED);
        assertThat(h.state("a1")).isEqualTo(AgentState.LOGGED_OUT);
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).containsExactly("c1->a1");
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void callback_isOfferedAsPreviewWhenDue_andDialedWhenAccepted() {
        h.loginReady("a1");
        long due = h.clock.epochMillis() + 60_000;
        assertThat(h.cmd(new AgentCommand.ScheduleCallback("a1", "5550100", due, "call back about the order")).isOk())
                .isTrue();
        CtiEvent.CallbackScheduled booked = h.events(CtiEvent.CallbackScheduled.class).get(0);
        assertThat(booked.dueEpochMs()).isEqualTo(due);
        assertThat(booked.note()).isEqualTo("call back about the order");

        h.passSeconds(59);
        assertThat(h.events(CtiEvent.PreviewOffered.class)).isEmpty();
        h.passSeconds(1);
        CtiEvent.PreviewOffered offered = h.events(CtiEvent.PreviewOffered.class).get(0);
        assertThat(offered.agentId()).isEqualTo("a1");
        assertThat(offered.number()).isEqualTo("5550100");
        assertThat(offered.note()).isEqualTo("call back about the order");
        assertThat(offered.kind()).isEqualTo("callback");
        assertThat(offered.deadlineEpochMs()).isEqualTo(h.clock.epochMillis() + 30_000);
        assertThat(h.pbx(PbxCommand.Originate.class)).isEmpty();

        assertThat(h.cmd(new AgentCommand.AcceptPreview("a1", offered.previewId())).isOk()).isTrue();

        assertThat(h.events(CtiEvent.PreviewEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(CtiEvent.PreviewOutcome.ACCEPTED);
            assertThat(e.retryEpochMs()).isZero();
        });
        assertThat(h.pbx(PbxCommand.Originate.class)).singleElement().satisfies(o -> {
            assertThat(o.requestId()).isEqualTo(booked.callbackId());
            assertThat(o.fromExtension()).isEqualTo(EngineHarness.ext("a1"));
            assertThat(o.destination()).isEqualTo(new PbxCommand.Destination.External("5550100"));
        });
        assertThat(states()).containsExactly(OutboundState.DIALING);
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).isEmpty();
        h.passSeconds(60);
        assertThat(h.events(CtiEvent.PreviewEnded.class)).hasSize(1);
    }

    @Test
    void pendingPreview_keepsTheAgentOutOfRouting_untilSkipped() {
        h.loginReady("a1");
        String preview = duePreview();
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).isEmpty();
        assertError(h.cmd(new AgentCommand.Dial("a1", "5550199")), ErrorCode.ILLEGAL_CALL_STATE);

        assertThat(h.cmd(new AgentCommand.SkipPreview("a1", preview, "customer asked for tomorrow")).isOk()).isTrue();

        assertThat(h.events(CtiEvent.PreviewEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(CtiEvent.PreviewOutcome.SKIPPED);
            assertThat(e.reason()).isEqualTo("customer asked for tomorrow");
            assertThat(e.retryEpochMs()).isEqualTo(h.clock.epochMillis() + 300_000);
        });
        assertThat(h.offers()).containsExactly("c1->a1");
        assertThat(h.pbx(PbxCommand.Originate.class)).isEmpty();
    }

    @Test
    void skippedCallback_isOfferedAgainAfterTheRetryDelay_andDroppedAfterMaxSkips() {
        h.engine.setPreviewSettings(new PreviewSettings(java.time.Duration.ofSeconds(20), 2,
                java.time.Duration.ofSeconds(60)));
        h.loginReady("a1");
        String first = duePreview();
        h.cmd(new AgentCommand.SkipPreview("a1", first, ""));
        h.passSeconds(59);
        assertThat(h.events(CtiEvent.PreviewOffered.class)).hasSize(1);
        h.passSeconds(1);
        CtiEvent.PreviewOffered second = h.events(CtiEvent.PreviewOffered.class).get(1);
        assertThat(second.previewId()).isNotEqualTo(first);
        assertThat(second.deadlineEpochMs()).isEqualTo(h.clock.epochMillis() + 20_000);

        h.cmd(new AgentCommand.SkipPreview("a1", second.previewId(), "no"));

        assertThat(h.events(CtiEvent.PreviewEnded.class).get(1).retryEpochMs()).isZero();
        h.passSeconds(600);
        assertThat(h.events(CtiEvent.PreviewOffered.class)).hasSize(2);
    }

    @Test
    void unansweredPreview_isSkippedByItselfAtItsDeadline() {
        h.loginReady("a1");
        String preview = duePreview();
        h.passSeconds(29);
        assertThat(h.events(CtiEvent.PreviewEnded.class)).isEmpty();
        h.passSeconds(1);

        assertThat(h.events(CtiEvent.PreviewEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.previewId()).isEqualTo(preview);
            assertThat(e.outcome()).isEqualTo(CtiEvent.PreviewOutcome.TIMED_OUT);
            assertThat(e.retryEpochMs()).isPositive();
        });
        assertError(h.cmd(new AgentCommand.AcceptPreview("a1", preview)), ErrorCode.ILLEGAL_CALL_STATE);
        assertThat(h.pbx(PbxCommand.Originate.class)).isEmpty();
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).containsExactly("c1->a1");
    }

    @Test
    void previewRefusals_unknownOrOtherAgentsPreview() {
        h.loginReady("a1", "a2");
        String preview = duePreview();
        assertError(h.cmd(new AgentCommand.AcceptPreview("a2", preview)), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.SkipPreview("a1", "pv-999", "")), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.AcceptPreview("a1", null)), ErrorCode.ILLEGAL_CALL_STATE);
        assertThat(h.events(CtiEvent.PreviewEnded.class)).isEmpty();
        assertThat(h.cmd(new AgentCommand.AcceptPreview("a1", preview)).isOk()).isTrue();
    }

    @Test
    void logoutDuringPreview_withdrawsIt_andTheCallbackWaitsForTheAgent() {
        h.loginReady("a1");
        String preview = duePreview();
        assertThat(h.cmd(new AgentCommand.Logout("a1")).isOk()).isTrue();
        assertThat(h.events(CtiEvent.PreviewEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.previewId()).isEqualTo(preview);
            assertThat(e.outcome()).isEqualTo(CtiEvent.PreviewOutcome.WITHDRAWN);
        });
        h.passSeconds(60);
        assertThat(h.events(CtiEvent.PreviewOffered.class)).hasSize(1);
        h.loginReady("a1");
        h.passSeconds(OutboundCalls.RETRY_NS / 1_000_000_000L);
        assertThat(h.events(CtiEvent.PreviewOffered.class)).hasSize(2);
    }

    @Test
    void callback_waitsWhileTheAgentIsNotAvailable() {
        h.login("a1");
        h.cmd(new AgentCommand.ScheduleCallback("a1", "5550100", h.clock.epochMillis() + 1_000, ""));
        h.passSeconds(5);
        assertThat(h.events(CtiEvent.PreviewOffered.class)).isEmpty();
        h.ready("a1");
        h.passSeconds(OutboundCalls.RETRY_NS / 1_000_000_000L);
        assertThat(h.events(CtiEvent.PreviewOffered.class)).hasSize(1);
    }

    /** Books a callback due in a second and lets it come due: the preview id offered. */
    private String duePreview() {
        assertThat(h.cmd(new AgentCommand.ScheduleCallback("a1", "5550100", h.clock.epochMillis() + 1_000, "")).isOk())
                .isTrue();
        h.passSeconds(1);
        return h.events(CtiEvent.PreviewOffered.class).get(h.events(CtiEvent.PreviewOffered.class).size() - 1)
                .previewId();
    }

    @Test
    void callbackRefusals() {
        h.login("a1");
        assertError(h.cmd(new AgentCommand.ScheduleCallback("a1", "abc", h.clock.epochMillis(), "")),
                ErrorCode.INVALID_ARGUMENT);
        assertError(h.cmd(new AgentCommand.ScheduleCallback("a1", "5550100", 0, "")), ErrorCode.INVALID_ARGUMENT);
        assertThat(h.events(CtiEvent.CallbackScheduled.class)).isEmpty();
    }
}
