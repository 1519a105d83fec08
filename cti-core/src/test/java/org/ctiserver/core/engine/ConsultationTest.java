package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.core.engine.CallControlTest.assertError;
import static org.ctiserver.core.engine.CallControlTest.leg;

import java.util.List;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.AgentCommand.Target;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.event.CtiEvent.ConsultState;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.ChannelInfo;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/**
 * Consultations with the event order of traces 09b (consult, complete) and 10 (conference): the caller is parked,
 * the agent's phone originates a new call (its own id) to the target, then complete, cancel or conference.
 */
class ConsultationTest {
    private static final String CALLER = EngineHarness.chan("c1");
    /** The consultation call's id and the agent's consultation line (the Originate's channel). */
    private static final String LINE_ID = "k1";
    private static final String LINE = "Local/" + EngineHarness.ext("a1") + "@agents-00000002;1";
    private static final String TARGET_LEG = "Local/" + EngineHarness.ext("a2") + "@agents-00000003;1";

    private final EngineHarness h = EngineHarness.withDefaultConfig();

    /** a1 talks on c1; a2 is READY; outputs cleared. */
    private void talking() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
        h.loginReady("a2");
        h.clearOutputs();
    }

    private PbxCommand.Originate consultA2() {
        assertThat(h.cmd(new AgentCommand.Consult("a1", new Target.Agent("a2"))).isOk()).isTrue();
        return h.pbx(PbxCommand.Originate.class).get(0);
    }

    /** Trace 09b up to the consulted agent's answer. */
    private void connected() {
        talking();
        PbxCommand.Originate o = consultA2();
        parkedAndLineUp(o);
        h.pbx(new PbxEvent.AgentRinging(LINE_ID, TARGET_LEG, EngineHarness.ext("a2")));
        h.pbx(new PbxEvent.AgentAnswered(LINE_ID, TARGET_LEG, EngineHarness.ext("a2")));
    }

    private void parkedAndLineUp(PbxCommand.Originate o) {
        h.pbx(new PbxEvent.MusicOnHold("c1", "c1", CALLER, true));
        h.pbx(new PbxEvent.ChannelHungUp("leg-a1", "c1", leg("a1"), 16, "Normal Clearing"));
        h.pbx(new PbxEvent.OriginateResult(o.requestId(), LINE_ID, LINE, OriginateOutcome.ANSWERED, 4));
    }

    private List<ConsultState> consultStates() {
        return h.events(CtiEvent.ConsultChanged.class).stream().map(CtiEvent.ConsultChanged::state).toList();
    }

    @Test
    void consult_parksTheCaller_andOriginatesFromTheAgentsPhone() {
        talking();
        PbxCommand.Originate o = consultA2();

        assertThat(h.pbx.get(0)).isEqualTo(new PbxCommand.ParkCaller("c1", CALLER));
        assertThat(o.callId()).isEqualTo("c1");
        assertThat(o.fromExtension()).isEqualTo(EngineHarness.ext("a1"));
        assertThat(o.destination()).isEqualTo(new PbxCommand.Destination.AgentPhone(EngineHarness.ext("a2")));
        assertThat(o.variables()).containsEntry("CTI_CALL_ID", "c1");
        assertThat(o.timeoutMs()).isEqualTo(15_000);

        h.pbx(new PbxEvent.MusicOnHold("c1", "c1", CALLER, true));
        assertThat(h.events(CtiEvent.CallHoldChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.held()).isTrue());
    }

    @Test
    void consultedAgent_isOfferedNothingMeanwhile() {
        talking();
        consultA2();
        h.callWaiting("c2", "sales");

        assertThat(h.offers()).isEmpty();
        assertThat(h.state("a2")).isEqualTo(AgentState.READY);
        h.loginReady("a3");
        assertThat(h.offers()).containsExactly("c2->a3");
    }

    @Test
    void complete_bridgesCallerAndConsultedLeg_theTargetBecomesTheCallsAgent() {
        connected();
        assertThat(consultStates()).containsExactly(ConsultState.RINGING, ConsultState.CONNECTED);
        h.clearOutputs();

        assertThat(h.cmd(new AgentCommand.CompleteTransfer("a1")).isOk()).isTrue();

        assertThat(h.pbx).containsExactly(new PbxCommand.BridgeChannels("c1", CALLER, TARGET_LEG));
        assertThat(consultStates()).containsExactly(ConsultState.COMPLETED);
        assertThat(h.events(CtiEvent.CallTransferred.class)).singleElement().satisfies(t -> {
            assertThat(t.consulted()).isTrue();
            assertThat(t.target()).isEqualTo("a2");
        });
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.state("a2")).isEqualTo(AgentState.TALKING);
        assertThat(h.engine.callAgent("c1")).contains("a2");
        assertThat(h.events(CtiEvent.CallOffered.class)).singleElement()
                .satisfies(o -> assertThat(o.data()).containsEntry("CustomerId", "C-c1"));

        // trace 09b: the caller enters the bridge, then the agent's consultation line drops by itself
        h.pbx(new PbxEvent.ChannelBridged("c1", "c1", CALLER, "b-2", 2));
        h.pbx(new PbxEvent.ChannelHungUp(LINE_ID, LINE_ID, LINE, 16, "Normal Clearing"));
        assertThat(h.events(CtiEvent.CallHoldChanged.class)).singleElement().satisfies(e -> {
            assertThat(e.agentId()).isEqualTo("a2");
            assertThat(e.held()).isFalse();
        });
        assertThat(h.state("a2")).isEqualTo(AgentState.TALKING);

        // a2 can hold the call on its own leg
        h.cmd(new AgentCommand.Hold("a2"));
        assertThat(h.pbx(PbxCommand.HoldCall.class)).containsExactly(new PbxCommand.HoldCall("c1", CALLER, TARGET_LEG));

        h.hangup("c1");
        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.agentId()).isEqualTo("a2");
            assertThat(e.outcome()).isEqualTo(CallOutcome.ANSWERED);
        });
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        assertThat(h.queueStats("sales").transferred()).isEqualTo(1);
    }

    @Test
    void complete_toATargetWhoWentNotReady_stillGivesItTheCall() {
        connected();
        h.cmd(new AgentCommand.NotReady("a2", "break"));
        assertThat(h.cmd(new AgentCommand.CompleteTransfer("a1")).isOk()).isTrue();
        assertThat(h.state("a2")).isEqualTo(AgentState.TALKING);
    }

    @Test
    void cancel_bridgesTheCallerBackToTheAgentsLine_thenHangsUpTheConsultedLeg() {
        connected();
        h.clearOutputs();

        assertThat(h.cmd(new AgentCommand.CancelConsult("a1")).isOk()).isTrue();

        assertThat(h.pbx).containsExactly(new PbxCommand.BridgeChannels("c1", CALLER, LINE),
                new PbxCommand.HangupChannel("c1", TARGET_LEG));
        assertThat(consultStates()).containsExactly(ConsultState.CANCELLED);
        h.pbx(new PbxEvent.ChannelHungUp("t-1", LINE_ID, TARGET_LEG, 16, "Normal Clearing"));
        h.pbx(new PbxEvent.ChannelBridged("c1", "c1", CALLER, "b-3", 2));
        assertThat(h.events(CtiEvent.CallHoldChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.held()).isFalse());
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);

        // the consulted agent takes calls again
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).containsExactly("c2->a2");
        // and a hold now holds the consultation line, which carries the caller
        h.cmd(new AgentCommand.Hold("a1"));
        assertThat(h.pbx(PbxCommand.HoldCall.class)).containsExactly(new PbxCommand.HoldCall("c1", CALLER, LINE));
    }

    @Test
    void conference_movesTheThreeLegsToTheCallsRoom() {
        connected();
        h.clearOutputs();

        assertThat(h.cmd(new AgentCommand.Conference("a1")).isOk()).isTrue();

        String room = Consultations.room("c1");
        assertThat(h.pbx).containsExactly(new PbxCommand.Conference("c1", room, List.of(CALLER, LINE, TARGET_LEG)));
        assertThat(consultStates()).containsExactly(ConsultState.CONFERENCED);
        h.pbx(new PbxEvent.ConferenceChanged(room, "c1", "c1", CALLER, true));
        h.pbx(new PbxEvent.ConferenceChanged(room, LINE_ID, LINE_ID, LINE, true));
        assertThat(h.events(CtiEvent.ConferenceStarted.class)).singleElement().satisfies(e -> {
            assertThat(e.room()).isEqualTo(room);
            assertThat(e.agentId()).isEqualTo("a1");
        });
        assertError(h.cmd(new AgentCommand.CancelConsult("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Hold("a1")), ErrorCode.ILLEGAL_CALL_STATE);

        // the consulted agent leaves the conference: it is free again, a1 keeps the caller
        h.pbx(new PbxEvent.ChannelHungUp("t-1", "c1", TARGET_LEG, 16, "Normal Clearing"));
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).containsExactly("c2->a2");
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
    }

    @Test
    void agentLeavesTheConference_theConsultedAgentKeepsTheCaller() {
        connected();
        h.cmd(new AgentCommand.Conference("a1"));
        h.pbx(new PbxEvent.ChannelHungUp(LINE_ID, LINE_ID, LINE, 16, "Normal Clearing"));

        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.state("a2")).isEqualTo(AgentState.TALKING);
        assertThat(h.engine.callAgent("c1")).contains("a2");
    }

    @Test
    void consultedAgentDoesNotAnswer_consultFails_andTheAgentCanTakeTheCallerBack() {
        talking();
        parkedAndLineUp(consultA2());
        h.pbx(new PbxEvent.AgentRinging(LINE_ID, TARGET_LEG, EngineHarness.ext("a2")));
        h.pbx(new PbxEvent.AgentDialFailed(LINE_ID, TARGET_LEG, EngineHarness.ext("a2"), "NOANSWER"));

        assertThat(h.events(CtiEvent.ConsultChanged.class)).last().satisfies(e -> {
            assertThat(e.state()).isEqualTo(ConsultState.FAILED);
            assertThat(e.reason()).isEqualTo("NOANSWER");
        });
        // not a ring-no-answer of a routed call: a2 stays READY and takes calls again
        assertThat(h.state("a2")).isEqualTo(AgentState.READY);
        assertError(h.cmd(new AgentCommand.CompleteTransfer("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Conference("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        h.clearOutputs();

        assertThat(h.cmd(new AgentCommand.CancelConsult("a1")).isOk()).isTrue();
        assertThat(h.pbx).containsExactly(new PbxCommand.BridgeChannels("c1", CALLER, LINE));
    }

    @Test
    void agentsPhoneDoesNotTakeTheConsultationLine_theCallerIsRoutedBackToIt() {
        talking();
        PbxCommand.Originate o = consultA2();
        h.pbx(new PbxEvent.MusicOnHold("c1", "c1", CALLER, true));
        h.clearOutputs();

        h.pbx(new PbxEvent.OriginateResult(o.requestId(), "", "", OriginateOutcome.NO_ANSWER, 3));

        assertThat(consultStates()).containsExactly(ConsultState.FAILED);
        assertThat(h.pbx).containsExactly(new PbxCommand.RouteToAgent("c1", CALLER, EngineHarness.ext("a1")));
        String newLeg = "Local/" + EngineHarness.ext("a1") + "@agents-00000009;1";
        h.pbx(new PbxEvent.AgentAnswered("c1", newLeg, EngineHarness.ext("a1")));
        assertThat(h.events(CtiEvent.CallHoldChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.held()).isFalse());
        h.cmd(new AgentCommand.Hold("a1"));
        assertThat(h.pbx(PbxCommand.HoldCall.class)).containsExactly(new PbxCommand.HoldCall("c1", CALLER, newLeg));
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
    }

    @Test
    void callerRoutedBackButNotAnswered_waitsAgainInItsQueue() {
        talking();
        PbxCommand.Originate o = consultA2();
        h.pbx(new PbxEvent.OriginateResult(o.requestId(), "", "", OriginateOutcome.BUSY, 5));
        h.pbx(new PbxEvent.AgentDialFailed("c1", leg("a1"), EngineHarness.ext("a1"), "NOANSWER"));
        h.requeued("c1", "a1");

        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        // a2 was released with the consultation and takes the call from the queue
        assertThat(h.engine.callAgent("c1")).contains("a2");
        assertThat(h.engine.callState("c1")).contains(CallState.OFFERED);
    }

    @Test
    void lateRequeueOfAnotherAgentsDial_leavesTheTalkingCallAlone() {
        talking();
        h.requeued("c1", "a9");
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        assertThat(h.engine.callState("c1")).contains(CallState.TALKING);
    }

    @Test
    void agentHangsUpTheConsultationLine_theCallerIsRoutedBack() {
        connected();
        h.clearOutputs();
        h.pbx(new PbxEvent.ChannelHungUp(LINE_ID, LINE_ID, LINE, 16, "Normal Clearing"));

        assertThat(consultStates()).containsExactly(ConsultState.CANCELLED);
        assertThat(h.pbx).containsExactly(new PbxCommand.RouteToAgent("c1", CALLER, EngineHarness.ext("a1")));
    }

    @Test
    void consultedPartyHangsUp_consultFails() {
        connected();
        h.pbx(new PbxEvent.ChannelHungUp("t-1", LINE_ID, TARGET_LEG, 16, "Normal Clearing"));

        assertThat(consultStates()).last().isEqualTo(ConsultState.FAILED);
        assertError(h.cmd(new AgentCommand.CompleteTransfer("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        h.clearOutputs();
        assertThat(h.cmd(new AgentCommand.CancelConsult("a1")).isOk()).isTrue();
        assertThat(h.pbx).containsExactly(new PbxCommand.BridgeChannels("c1", CALLER, LINE));
    }

    @Test
    void consultANumber_thenComplete_theCallLeavesTheCti() {
        talking();
        assertThat(h.cmd(new AgentCommand.Consult("a1", new Target.Number("5550100"))).isOk()).isTrue();
        PbxCommand.Originate o = h.pbx(PbxCommand.Originate.class).get(0);
        assertThat(o.destination()).isEqualTo(new PbxCommand.Destination.External("5550100"));
        parkedAndLineUp(o);
        h.pbx(new PbxEvent.AgentAnswered(LINE_ID, "Local/5550100@pstn-1;1", ""));

        assertThat(h.cmd(new AgentCommand.CompleteTransfer("a1")).isOk()).isTrue();

        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(CallControl.TRANSFERRED);
            assertThat(e.outcome()).isEqualTo(CallOutcome.ANSWERED);
        });
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
    }

    @Test
    void callerHangsUpDuringTheConsultation_releasesTheConsultedAgent() {
        connected();
        h.hangup("c1");

        assertThat(consultStates()).last().isEqualTo(ConsultState.CANCELLED);
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).contains("c2->a2");
    }

    @Test
    void consultRefusals() {
        h.loginReady("a1");
        assertError(h.cmd(new AgentCommand.Consult("a1", new Target.Agent("a2"))), ErrorCode.NO_ACTIVE_CALL);
        assertError(h.cmd(new AgentCommand.CompleteTransfer("a1")), ErrorCode.NO_ACTIVE_CALL);
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
        assertError(h.cmd(new AgentCommand.CompleteTransfer("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.CancelConsult("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Conference("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Consult("a1", new Target.Queue("sales"))), ErrorCode.INVALID_TARGET);
        assertError(h.cmd(new AgentCommand.Consult("a1", new Target.Agent("a2"))), ErrorCode.INVALID_TARGET);
        assertError(h.cmd(new AgentCommand.Consult("a1", new Target.Number("x"))), ErrorCode.INVALID_TARGET);
        assertThat(h.pbx(PbxCommand.Originate.class)).isEmpty();

        h.loginReady("a2");
        assertThat(h.cmd(new AgentCommand.Consult("a1", new Target.Agent("a2"))).isOk()).isTrue();
        assertError(h.cmd(new AgentCommand.Consult("a1", new Target.Number("5550100"))), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Transfer("a1", new Target.Number("5550100"))), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.Hold("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        // the line is not answered yet: nothing to bridge back to
        assertError(h.cmd(new AgentCommand.CancelConsult("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        assertError(h.cmd(new AgentCommand.CompleteTransfer("a1")), ErrorCode.ILLEGAL_CALL_STATE);
        // a consulted agent is no transfer target either
        h.loginReady("a3");
        assertError(h.cmd(new AgentCommand.Consult("a3", new Target.Agent("a2"))), ErrorCode.NO_ACTIVE_CALL);
    }

    // ------------------------------------------------------------------ resync

    private static ChannelInfo ch(String uniqueId, String linkedId, String channel, String bridge, String ext) {
        return new ChannelInfo(uniqueId, linkedId, channel, "", "", "Up", "", bridge, ext);
    }

    @Test
    void resync_keepsAConsultationWhoseLegsAreUp() {
        connected();
        h.clearOutputs();
        h.pbx(new PbxEvent.LinkDown("test"));
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(
                ch("c1", "c1", CALLER, "", ""),
                ch(LINE_ID, LINE_ID, LINE, "b-9", EngineHarness.ext("a1")),
                ch("t-1", LINE_ID, TARGET_LEG, "b-9", EngineHarness.ext("a2"))), List.of()));
        h.pbx(new PbxEvent.LinkUp("22"));

        assertThat(h.events(CtiEvent.ConsultChanged.class)).isEmpty();
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        assertThat(h.cmd(new AgentCommand.CompleteTransfer("a1")).isOk()).isTrue();
    }

    @Test
    void resync_consultationLineGone_theCallerIsRoutedBack_andTheTargetReleased() {
        connected();
        h.clearOutputs();
        h.pbx(new PbxEvent.LinkDown("test"));
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(ch("c1", "c1", CALLER, "", "")), List.of()));
        h.pbx(new PbxEvent.LinkUp("22"));

        assertThat(consultStates()).containsExactly(ConsultState.CANCELLED);
        assertThat(h.pbx(PbxCommand.RouteToAgent.class))
                .contains(new PbxCommand.RouteToAgent("c1", CALLER, EngineHarness.ext("a1")));
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).containsExactly("c2->a2");
    }

    @Test
    void resync_heldCallerAndConferences_areNotTornDown() {
        talking();
        h.cmd(new AgentCommand.Hold("a1"));
        h.pbx(new PbxEvent.MusicOnHold("c1", "c1", CALLER, true));
        h.pbx(new PbxEvent.LinkDown("test"));
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(
                ch("c1", "c1", CALLER, "", ""),
                ch("leg-a1", "c1", leg("a1"), "", EngineHarness.ext("a1"))), List.of()));
        h.pbx(new PbxEvent.LinkUp("22"));

        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        assertThat(h.engine.callState("c1")).contains(CallState.TALKING);
        assertThat(h.cmd(new AgentCommand.Resume("a1")).isOk()).isTrue();
    }
}
