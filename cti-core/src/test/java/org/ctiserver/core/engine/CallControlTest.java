package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.AgentCommand.Target;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.store.CallRecord;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/**
 * Hold, resume, blind transfers, recording, DTMF, call data, remote answer, transfers on the phone and the wrap-up
 * extension, driven with the PBX events of traces 07, 08, 11 and 13 as the adapter translates them.
 */
class CallControlTest {
    private final EngineHarness h = EngineHarness.withDefaultConfig();

    static String leg(String agentId) {
        return "Local/" + EngineHarness.ext(agentId) + "@agents;1";
    }

    static void assertError(CommandResult r, ErrorCode code) {
        assertThat(r.isOk()).as("refused: %s", r).isFalse();
        assertThat(r.error()).isEqualTo(code);
        assertThat(r.detail()).isNotBlank();
    }

    /** a1 talks on c1 (sales); outputs cleared. */
    private void talking() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
        h.clearOutputs();
    }

    private void music(String callId, boolean started) {
        h.pbx(new PbxEvent.MusicOnHold(callId, callId, EngineHarness.chan(callId), started));
    }

    private void bridged(String callId) {
        h.pbx(new PbxEvent.ChannelBridged(callId, callId, EngineHarness.chan(callId), "b-1", 2));
    }

    // ------------------------------------------------------------------ hold / resume (trace 07)

    @Test
    void hold_sendsHoldCall_andIsConfirmedByTheCallersMusic() {
        talking();

        CommandResult r = h.cmd(new AgentCommand.Hold("a1"));

        assertThat(r.isOk()).isTrue();
        assertThat(h.pbx).containsExactly(new PbxCommand.HoldCall("c1", EngineHarness.chan("c1"), leg("a1")));
        assertThat(h.events(CtiEvent.CallHoldChanged.class)).isEmpty();
        music("c1", true);
        assertThat(h.events(CtiEvent.CallHoldChanged.class)).singleElement()
                .satisfies(e -> {
                    assertThat(e.agentId()).isEqualTo("a1");
                    assertThat(e.callId()).isEqualTo("c1");
                    assertThat(e.held()).isTrue();
                });
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
    }

    @Test
    void resume_bridgesCallerAndAgentLeg_andIsConfirmedByTheBridge() {
        talking();
        h.cmd(new AgentCommand.Hold("a1"));
        music("c1", true);
        h.clearOutputs();

        assertThat(h.cmd(new AgentCommand.Resume("a1")).isOk()).isTrue();
        assertThat(h.pbx).containsExactly(new PbxCommand.BridgeChannels("c1", EngineHarness.chan("c1"), leg("a1")));
        music("c1", false);
        bridged("c1");

        assertThat(h.events(CtiEvent.CallHoldChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.held()).isFalse());
        // and hold again works
        assertThat(h.cmd(new AgentCommand.Hold("a1")).isOk()).isTrue();
    }

    @Test
    void bridgeOfAHeldCaller_notAskedFor_isNoResume() {
        talking();
        h.cmd(new AgentCommand.Hold("a1"));
        music("c1", true);
        bridged("c1"); // e.g. a parking or other bridge the engine did not ask for

        assertThat(h.events(CtiEvent.CallHoldChanged.class)).extracting(CtiEvent.CallHoldChanged::held)
                .containsExactly(true);
        assertThat(h.cmd(new AgentCommand.Resume("a1")).isOk()).isTrue();
    }

    @Test
    void resumeRefusedByThePbx_staysHeld() {
        talking();
        h.cmd(new AgentCommand.Hold("a1"));
        music("c1", true);
        h.cmd(new AgentCommand.Resume("a1"));
        h.pbx(new PbxEvent.CommandFailed(h.pbx(PbxCommand.BridgeChannels.class).get(0), "Channel2 does not exist"));
        bridged("c1");

        assertThat(h.events(CtiEvent.CallHoldChanged.class)).extracting(CtiEvent.CallHoldChanged::held)
                .containsExactly(true);
    }

    @Test
    void hold_whenHeldOrPending_isIllegalCallState() {
        talking();
        h.cmd(new AgentCommand.Hold("a1"));
        assertError(h.cmd(new AgentCommand.Hold("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        music("c1", true);
        assertError(h.cmd(new AgentCommand.Hold("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        assertThat(h.pbx(PbxCommand.HoldCall.class)).hasSize(1);
    }

    @Test
    void resume_whenNotHeld_isIllegalCallState() {
        talking();
        assertError(h.cmd(new AgentCommand.Resume("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        h.cmd(new AgentCommand.Hold("a1"));
        // not confirmed yet
        assertError(h.cmd(new AgentCommand.Resume("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        assertThat(h.pbx(PbxCommand.BridgeChannels.class)).isEmpty();
    }

    @Test
    void hold_withoutCall_isNoActiveCall() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.Hold("a1")), ErrorCode.NO_ACTIVE_CALL);
        h.callWaiting("c1", "sales");
        assertError(h.cmd(new AgentCommand.Hold("a1")), ErrorCode.NO_ACTIVE_CALL);
        assertError(h.cmd(new AgentCommand.Resume("a1")), ErrorCode.NO_ACTIVE_CALL);
        assertThat(h.pbx(PbxCommand.HoldCall.class)).isEmpty();
    }

    @Test
    void musicAtTheRoutePoint_isNoHold() {
        h.callWaiting("c1", "sales");
        music("c1", true);
        assertThat(h.events(CtiEvent.CallHoldChanged.class)).isEmpty();
    }

    @Test
    void holdRefusedByThePbx_canBeAskedAgain() {
        talking();
        h.cmd(new AgentCommand.Hold("a1"));
        h.pbx(new PbxEvent.CommandFailed(h.pbx.get(0), "No such channel"));

        assertThat(h.cmd(new AgentCommand.Hold("a1")).isOk()).isTrue();
        assertThat(h.engine.callState("c1")).contains(CallState.TALKING);
    }

    @Test
    void callerHangsUpOnHold_endsTheCallAnswered() {
        talking();
        h.cmd(new AgentCommand.Hold("a1"));
        music("c1", true);
        h.hangup("c1");

        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(CallOutcome.ANSWERED));
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
    }

    // ------------------------------------------------------------------ blind transfer (trace 08)

    @Test
    void transferToAgent_offersTheSameCallToTheTarget_andTheFirstAgentWrapsUp() {
        talking();
        h.loginReady("a2");
        h.clearOutputs();

        assertThat(h.cmd(new AgentCommand.Transfer("a1", new Target.Agent("a2"))).isOk()).isTrue();

        assertThat(h.pbx).containsExactly(new PbxCommand.Redirect("c1", EngineHarness.chan("c1"),
                new PbxCommand.Destination.AgentPhone(EngineHarness.ext("a2"))));
        assertThat(h.events(CtiEvent.CallTransferred.class)).singleElement().satisfies(e -> {
            assertThat(e.fromAgentId()).isEqualTo("a1");
            assertThat(e.targetKind()).isEqualTo("agent");
            assertThat(e.target()).isEqualTo("a2");
            assertThat(e.consulted()).isFalse();
        });
        assertThat(h.events(CtiEvent.CallOffered.class)).singleElement().satisfies(o -> {
            assertThat(o.agentId()).isEqualTo("a2");
            assertThat(o.callId()).isEqualTo("c1");
            assertThat(o.data()).containsEntry("CustomerId", "C-c1");
        });
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.state("a2")).isEqualTo(AgentState.RESERVED);

        // trace 08: the old leg hangs up, the new phone rings and answers, under the same call id
        h.pbx(new PbxEvent.ChannelHungUp("leg-a1", "c1", leg("a1"), 16, "Normal Clearing"));
        h.pbx(new PbxEvent.AgentRinging("c1", leg("a2"), EngineHarness.ext("a2")));
        h.answer("c1", "a2");
        assertThat(h.state("a2")).isEqualTo(AgentState.TALKING);
        assertThat(h.events(CtiEvent.CallConnected.class)).singleElement()
                .satisfies(e -> assertThat(e.agentId()).isEqualTo("a2"));

        h.hangup("c1");
        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.agentId()).isEqualTo("a2");
            assertThat(e.outcome()).isEqualTo(CallOutcome.ANSWERED);
        });
        assertThat(h.state("a2")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        assertThat(h.queueStats("sales").offered()).isEqualTo(1);
        assertThat(h.queueStats("sales").transferred()).isEqualTo(1);
        CallRecord record = h.store.call("c1").orElseThrow();
        assertThat(record.agentId()).isEqualTo("a2");
        assertThat(record.segments()).extracting(CallRecord.Segment::kind).containsExactly(CallRecord.Kind.QUEUE,
                CallRecord.Kind.RINGING, CallRecord.Kind.AGENT, CallRecord.Kind.RINGING, CallRecord.Kind.AGENT);
        assertThat(h.store.recentCalls(10)).hasSize(1);
    }

    @Test
    void transferToAgent_notAnswered_goesThroughTheRequeuePath() {
        talking();
        h.loginReady("a2");
        h.cmd(new AgentCommand.Transfer("a1", new Target.Agent("a2")));
        h.clearOutputs();

        h.dialFailed("c1", "a2", "NOANSWER");
        h.requeued("c1", "a2");

        assertThat(h.state("a2")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a2").reason()).isEqualTo(Engine.RONA_REASON);
        assertThat(h.engine.callState("c1")).contains(CallState.QUEUED);
        h.loginReady("a3");
        assertThat(h.offers()).containsExactly("c1->a3");

        // the caller gives up while waiting again: the call was answered once, it is no abandon
        h.hangup("c1");
        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(CallOutcome.ANSWERED));
        assertThat(h.state("a3")).isEqualTo(AgentState.READY);
        assertThat(h.queueStats("sales").abandoned()).isZero();
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
    }

    @Test
    void transferToAgent_refusedByThePbx_releasesTheTarget_andRequeues() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
        h.loginReady("a2");
        h.cmd(new AgentCommand.Transfer("a1", new Target.Agent("a2")));
        PbxCommand redirect = h.pbx(PbxCommand.Redirect.class).get(0);

        h.pbx(new PbxEvent.CommandFailed(redirect, "Redirect failed"));

        // like a failed route: the target is READY again and the waiting call is routed anew (to it, the only one)
        assertThat(h.offers()).containsExactly("c1->a1", "c1->a2", "c1->a2");
        assertThat(h.pbx(PbxCommand.RouteToAgent.class)).hasSize(2);
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
    }

    @Test
    void transferToAgent_whoCannotTakeIt_isInvalidTarget_andChangesNothing() {
        talking();
        h.login("a2"); // NOT_READY
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Agent("a2"))), ErrorCode.INVALID_TARGET);
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Agent("a3"))), ErrorCode.INVALID_TARGET);
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Agent("a1"))), ErrorCode.INVALID_TARGET);
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Agent("nobody"))), ErrorCode.INVALID_TARGET);
        assertThat(h.pbx).isEmpty();
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
    }

    @Test
    void transferToQueue_parksTheCaller_andTheCallWaitsThereKeepingItsData() {
        talking();
        assertThat(h.cmd(new AgentCommand.Transfer("a1", new Target.Queue("support"))).isOk()).isTrue();

        assertThat(h.pbx).containsExactly(new PbxCommand.ParkCaller("c1", EngineHarness.chan("c1")));
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.engine.waitingCallIds("support")).containsExactly("c1");
        assertThat(h.events(CtiEvent.CallQueued.class)).singleElement().satisfies(q -> {
            assertThat(q.queueId()).isEqualTo("support");
            assertThat(q.requeued()).isTrue();
        });
        music("c1", true); // the park's music: no hold of anyone

        h.loginReady("a2");
        assertThat(h.events(CtiEvent.CallOffered.class)).singleElement().satisfies(o -> {
            assertThat(o.agentId()).isEqualTo("a2");
            assertThat(o.queueId()).isEqualTo("support");
            assertThat(o.data()).containsEntry("CustomerId", "C-c1");
        });
        h.answer("c1", "a2");
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        assertThat(h.queueStats("support").answered()).isZero();
        assertThat(h.queueStats("sales").transferred()).isEqualTo(1);
        assertThat(h.events(CtiEvent.CallHoldChanged.class)).isEmpty();
    }

    @Test
    void transferToUnknownQueue_isInvalidTarget() {
        talking();
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Queue("nope"))), ErrorCode.INVALID_TARGET);
        assertThat(h.pbx).isEmpty();
    }

    @Test
    void transferToNumber_redirects_andTheCallLeavesTheCti() {
        talking();
        assertThat(h.cmd(new AgentCommand.Transfer("a1", new Target.Number(" 5550100 "))).isOk()).isTrue();

        assertThat(h.pbx).containsExactly(new PbxCommand.Redirect("c1", EngineHarness.chan("c1"),
                new PbxCommand.Destination.External("5550100")));
        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.agentId()).isEqualTo("a1");
            assertThat(e.outcome()).isEqualTo(CallOutcome.ANSWERED);
            assertThat(e.reason()).isEqualTo(CallControl.TRANSFERRED);
        });
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.engine.activeCallCount()).isZero();
        // the caller's later hang-up is no news
        h.hangup("c1");
        assertThat(h.events(CtiEvent.CallEnded.class)).hasSize(1);
        assertThat(h.queueStats("sales").transferred()).isEqualTo(1);
    }

    @Test
    void transferToBadNumber_isInvalidTarget() {
        talking();
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Number("55 abc"))), ErrorCode.INVALID_TARGET);
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Number(""))), ErrorCode.INVALID_TARGET);
        assertError(h.cmd(new AgentCommand.Transfer("a1", null)), ErrorCode.INVALID_TARGET);
        assertThat(h.pbx).isEmpty();
    }

    @Test
    void transfer_withoutCall_isNoActiveCall() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Number("5550100"))), ErrorCode.NO_ACTIVE_CALL);
    }

    // ------------------------------------------------------------------ recording (trace 11)

    @Test
    void record_startPauseResumeStop_withTheFileNameOnTheRecord() {
        talking();
        String file = "cti-c1-" + h.clock.epochMillis() + ".wav";

        assertThat(h.cmd(new AgentCommand.Record("a1", RecordingAction.START)).isOk()).isTrue();
        assertThat(h.pbx).containsExactly(new PbxCommand.Record("c1", EngineHarness.chan("c1"), RecordingAction.START, file));
        h.pbx(new PbxEvent.RecordingChanged("c1", EngineHarness.chan("c1"), RecordingAction.START));
        assertThat(h.cmd(new AgentCommand.Record("a1", RecordingAction.PAUSE)).isOk()).isTrue();
        h.pbx(new PbxEvent.RecordingChanged("c1", EngineHarness.chan("c1"), RecordingAction.PAUSE));
        assertThat(h.cmd(new AgentCommand.Record("a1", RecordingAction.RESUME)).isOk()).isTrue();
        assertThat(h.cmd(new AgentCommand.Record("a1", RecordingAction.STOP)).isOk()).isTrue();
        h.pbx(new PbxEvent.RecordingChanged("c1", EngineHarness.chan("c1"), RecordingAction.STOP));

        assertThat(h.events(CtiEvent.RecordingChanged.class)).extracting(CtiEvent.RecordingChanged::action)
                .containsExactly(RecordingAction.START, RecordingAction.PAUSE, RecordingAction.STOP);
        assertThat(h.events(CtiEvent.RecordingChanged.class)).allSatisfy(e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.agentId()).isEqualTo("a1");
        });
        h.hangup("c1");
        assertThat(h.store.call("c1").orElseThrow().recordingFile()).isEqualTo(file);
    }

    @Test
    void record_outOfOrder_isIllegalCallState() {
        talking();
        assertError(h.cmd(new AgentCommand.Record("a1", RecordingAction.PAUSE)), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Record("a1", RecordingAction.STOP)), ErrorCode.ILLEGAL_CALL_STATE);
        h.cmd(new AgentCommand.Record("a1", RecordingAction.START));
        assertError(h.cmd(new AgentCommand.Record("a1", RecordingAction.START)), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Record("a1", RecordingAction.RESUME)), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Record("a1", null)), ErrorCode.INVALID_ARGUMENT);
        assertThat(h.pbx(PbxCommand.Record.class)).hasSize(1);
    }

    @Test
    void recordStartRefused_canBeStartedAgain() {
        talking();
        h.cmd(new AgentCommand.Record("a1", RecordingAction.START));
        h.pbx(new PbxEvent.CommandFailed(h.pbx.get(0), "MixMonitor failed"));
        assertThat(h.cmd(new AgentCommand.Record("a1", RecordingAction.START)).isOk()).isTrue();
    }

    @Test
    void record_withoutCall_isNoActiveCall() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.Record("a1", RecordingAction.START)), ErrorCode.NO_ACTIVE_CALL);
    }

    // ------------------------------------------------------------------ DTMF and call data (trace 13)

    @Test
    void sendDtmf_validDigits_playedToTheCaller() {
        talking();
        assertThat(h.cmd(new AgentCommand.SendDtmf("a1", "12#*ab")).isOk()).isTrue();
        assertThat(h.pbx).containsExactly(new PbxCommand.SendDtmf("c1", EngineHarness.chan("c1"), "12#*AB"));
    }

    @Test
    void sendDtmf_invalidDigits_isInvalidArgument() {
        talking();
        for (String bad : new String[] {"12x", "", " ", "E", "1 2"}) {
            assertError(h.cmd(new AgentCommand.SendDtmf("a1", bad)), ErrorCode.INVALID_ARGUMENT);
        }
        assertError(h.cmd(new AgentCommand.SendDtmf("a1", null)), ErrorCode.INVALID_ARGUMENT);
        assertThat(h.pbx).isEmpty();
    }

    @Test
    void dtmfReceived_goesToTheCallsAgent() {
        talking();
        h.pbx(new PbxEvent.DtmfReceived("c1", "c1", EngineHarness.chan("c1"), "5"));
        h.pbx(new PbxEvent.DtmfReceived("other", "other", "x", "6"));

        assertThat(h.events(CtiEvent.CallDtmf.class)).singleElement().satisfies(d -> {
            assertThat(d.agentId()).isEqualTo("a1");
            assertThat(d.callId()).isEqualTo("c1");
            assertThat(d.digit()).isEqualTo("5");
        });
    }

    @Test
    void setCallData_setsAChannelVariableOnTheCaller() {
        talking();
        assertThat(h.cmd(new AgentCommand.SetCallData("a1", "CTI_DISPOSITION", "sale 42")).isOk()).isTrue();
        assertThat(h.pbx).containsExactly(
                new PbxCommand.SetVariable("c1", EngineHarness.chan("c1"), "CTI_DISPOSITION", "sale 42"));
    }

    @Test
    void setCallData_badNameOrValue_isInvalidArgument() {
        talking();
        for (String bad : new String[] {"1abc", "a b", "", "x=y", "a".repeat(65)}) {
            assertError(h.cmd(new AgentCommand.SetCallData("a1", bad, "v")), ErrorCode.INVALID_ARGUMENT);
        }
        assertError(h.cmd(new AgentCommand.SetCallData("a1", "OK", "two\nlines")), ErrorCode.INVALID_ARGUMENT);
        assertError(h.cmd(new AgentCommand.SetCallData("a1", "OK", null)), ErrorCode.INVALID_ARGUMENT);
        assertError(h.cmd(new AgentCommand.SetCallData("a1", "OK", "v".repeat(1025))), ErrorCode.INVALID_ARGUMENT);
        assertThat(h.pbx).isEmpty();
    }

    @Test
    void setCallData_withoutCall_isNoActiveCall() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.SetCallData("a1", "OK", "v")), ErrorCode.NO_ACTIVE_CALL);
    }

    // ------------------------------------------------------------------ answer, phone transfers, wrap-up

    @Test
    void answer_isNotSupported_withADetail() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.Answer("a1")), ErrorCode.NO_ACTIVE_CALL);
        h.callWaiting("c1", "sales");
        CommandResult r = h.cmd(new AgentCommand.Answer("a1"));
        assertError(r, ErrorCode.NOT_SUPPORTED);
        assertThat(r.detail()).contains("answer the call on the phone");
        assertThat(h.state("a1")).isEqualTo(AgentState.RESERVED);
    }

    @Test
    void phoneTransferred_theCallLeavesTheAgent_whoWrapsUp() {
        talking();
        h.pbx(new PbxEvent.PhoneTransferred("c1", leg("a1"), "2005", false));

        assertThat(h.events(CtiEvent.CallTransferred.class)).singleElement().satisfies(t -> {
            assertThat(t.target()).isEqualTo("2005");
            assertThat(t.consulted()).isFalse();
        });
        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(CallControl.TRANSFERRED_ON_PHONE));
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.engine.activeCallCount()).isZero();
    }

    @Test
    void phoneTransferred_ofAnUnknownCall_isIgnored() {
        talking();
        h.pbx(new PbxEvent.PhoneTransferred("zz", leg("a1"), "", true));
        assertThat(h.events).isEmpty();
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
    }

    @Test
    void extendWrapUp_movesTheDeadline() {
        talking();
        h.hangup("c1"); // sales: 10 s wrap-up
        long deadline = h.events(CtiEvent.WrapUpStarted.class).get(0).deadlineEpochMs();

        assertThat(h.cmd(new AgentCommand.ExtendWrapUp("a1", 30)).isOk()).isTrue();

        assertThat(h.events(CtiEvent.WrapUpExtended.class)).singleElement()
                .satisfies(e -> assertThat(e.deadlineEpochMs()).isEqualTo(deadline + 30_000));
        h.passSeconds(15);
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        h.passSeconds(25);
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
    }

    @Test
    void extendWrapUp_movesTheAnnouncedDeadlineByExactlyTheExtraTime_whenTheClocksDriftApart() {
        talking();
        h.hangup("c1");
        long deadline = h.events(CtiEvent.WrapUpStarted.class).get(0).deadlineEpochMs();
        // 1.7 ms of monotonic time pass while the wall clock moves 1 ms, as nanoTime and currentTimeMillis may
        long nowNs = h.clock.nowNs() + 1_700_000L;
        long epochMs = h.clock.epochMillis() + 1;

        assertThat(h.engine.onCommand(new AgentCommand.ExtendWrapUp("a1", 30), nowNs, epochMs).isOk()).isTrue();
        assertThat(h.engine.onCommand(new AgentCommand.ExtendWrapUp("a1", 5), nowNs, epochMs).isOk()).isTrue();

        assertThat(h.events(CtiEvent.WrapUpExtended.class)).extracting(CtiEvent.WrapUpExtended::deadlineEpochMs)
                .containsExactly(deadline + 30_000, deadline + 35_000);
    }

    @Test
    void extendWrapUp_refusals() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.ExtendWrapUp("a1", 30)), ErrorCode.ILLEGAL_TRANSITION);
        h.callWaiting("c1", "support"); // manual wrap-up
        h.answer("c1", "a1");
        h.hangup("c1");
        assertError(h.cmd(new AgentCommand.ExtendWrapUp("a1", 0)), ErrorCode.INVALID_ARGUMENT);
        assertError(h.cmd(new AgentCommand.ExtendWrapUp("a1", 30)), ErrorCode.ILLEGAL_CALL_STATE);
        assertThat(h.events(CtiEvent.WrapUpExtended.class)).isEmpty();
    }

    @Test
    void commandsOfALoggedOutAgent_areRefused() {
        for (AgentCommand c : List.of(new AgentCommand.Hold("a1"), new AgentCommand.Dial("a1", "1"),
                new AgentCommand.SendDtmf("a1", "1"))) {
            assertError(h.cmd(c), ErrorCode.NOT_LOGGED_IN);
        }
    }
}
