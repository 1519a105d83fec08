package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.core.testing.EngineHarness.chan;
import static org.ctiserver.core.testing.EngineHarness.ext;

import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.ChannelInfo;
import org.ctiserver.core.store.CallRecord;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/** The reconciliation after a reconnect ({@link Resync}), on a virtual clock. */
class ResyncTest {

    private final EngineHarness h = EngineHarness.withDefaultConfig();

    // ---- snapshot builders: the caller channel has uniqueid = linkedid = call id

    private static ChannelInfo waiting(String callId) {
        return new ChannelInfo(callId, callId, chan(callId), "inbound", "100", "Up", "MusicOnHold", "", "");
    }

    private static ChannelInfo dialing(String callId) {
        return new ChannelInfo(callId, callId, chan(callId), "agentdial", "2001", "Up", "Dial", "", "");
    }

    private static ChannelInfo bridgedCaller(String callId) {
        return new ChannelInfo(callId, callId, chan(callId), "agentdial", "2001", "Up", "Dial", "br-" + callId, "");
    }

    private static ChannelInfo agentLeg(String callId, String agentId, boolean bridged) {
        return new ChannelInfo(callId + "-" + agentId, callId, "Local/" + ext(agentId) + "@agents-1;1", "agents",
                ext(agentId), bridged ? "Up" : "Ringing", "AppDial", bridged ? "br-" + callId : "", ext(agentId));
    }

    /** The other half of the caller's Local pair: linked to the call, named like no agent. */
    private static ChannelInfo callerHalf(String callId) {
        return new ChannelInfo(callId + "-2", callId, "Local/9001@callers-1;2", "callers", "9001", "Up", "Wait", "",
                "9001");
    }

    private void snapshot(List<PbxEvent.CallWaiting> atRoutePoint, ChannelInfo... channels) {
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(channels), atRoutePoint));
    }

    private void outage() {
        h.pbx(new PbxEvent.LinkDown("connection lost"));
    }

    private void linkUp() {
        h.pbx(new PbxEvent.LinkUp("Asterisk 22"));
    }

    private CallRecord record(String callId) {
        return h.store.recentCalls(100).stream().filter(r -> r.callId().equals(callId)).findFirst().orElseThrow();
    }

    @Test
    void routingIsHeldWhileTheLinkIsDown_andResumesAtLinkUp() {
        h.loginReady("a1");
        outage();
        h.clearOutputs();
        h.callWaiting("c1", "sales");
        assertThat(h.engine.callState("c1")).contains(CallState.QUEUED);
        assertThat(h.pbx).isEmpty();
        h.advanceSeconds(30);
        h.tick();
        assertThat(h.pbx).isEmpty();
        snapshot(List.of(), waiting("c1"));
        assertThat(h.pbx).as("not before LinkUp").isEmpty();
        linkUp();
        assertThat(h.pbx).containsExactly(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("a1")));
    }

    @Test
    void callsThatEndedWhileDown_areClosed_waitingAndRingingAsAbandoned_talkingAsAnswered() {
        h.loginReady("a1", "a2");
        h.callWaiting("c1", "sales"); // -> a1, answered
        h.answer("c1", "a1");
        h.callWaiting("c2", "sales"); // -> a2, rings
        h.callWaiting("c3", "sales"); // waits
        outage();
        h.advanceSeconds(5);
        snapshot(List.of());
        linkUp();

        assertThat(h.engine.activeCallCount()).isZero();
        assertThat(record("c1").outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(record("c2").outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(record("c3").outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(record("c3").endReason()).isEqualTo(Resync.ENDED_WHILE_DOWN);
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.state("a2")).isEqualTo(AgentState.READY);
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        assertThat(h.queueStats("sales").abandoned()).isEqualTo(2);
    }

    @Test
    void anOfferAnsweredWhileDown_becomesTalkingAndCountsAnswered() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        outage();
        h.advanceSeconds(4);
        snapshot(List.of(), bridgedCaller("c1"), agentLeg("c1", "a1", true), callerHalf("c1"));
        linkUp();
        assertThat(h.engine.callState("c1")).contains(CallState.TALKING);
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        // the answer's own event, missed or held back, changes nothing
        h.answer("c1", "a1");
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        h.hangup("c1");
        assertThat(record("c1").outcome()).isEqualTo(CallOutcome.ANSWERED);
    }

    @Test
    void aCallStillRingingItsAgent_staysOffered() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        outage();
        snapshot(List.of(), dialing("c1"), agentLeg("c1", "a1", false), callerHalf("c1"));
        linkUp();
        assertThat(h.engine.callState("c1")).contains(CallState.OFFERED);
        assertThat(h.state("a1")).isEqualTo(AgentState.RESERVED);
    }

    @Test
    void anOfferWhoseDialEndedWhileDown_isReleased_andTheCallWaitsAgain() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        outage();
        h.clearOutputs();
        snapshot(List.of(), waiting("c1"), callerHalf("c1"));
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        assertThat(h.engine.callState("c1")).contains(CallState.QUEUED);
        assertThat(h.pbx).isEmpty();
        // the CallRequeued of the old offer, held back until after the snapshot, comes before LinkUp: ignored
        h.requeued("c1", "a1");
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        linkUp();
        assertThat(h.pbx).containsExactly(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("a1")));
    }

    @Test
    void aRouteWhoseResponseWasLostWithTheLink_isGivenBackToTheAgentThePbxConnected() {
        h.loginReady("a1", "a2");
        h.callWaiting("c1", "sales"); // -> a1
        outage();
        // the Redirect's response was lost: the engine took the offer back
        h.pbx(new PbxEvent.CommandFailed(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("a1")),
                "AMI connection lost before the response to Redirect"));
        assertThat(h.engine.callState("c1")).contains(CallState.QUEUED);
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        h.clearOutputs();
        snapshot(List.of(), bridgedCaller("c1"), agentLeg("c1", "a1", true));
        linkUp();
        assertThat(h.engine.callState("c1")).contains(CallState.TALKING);
        assertThat(h.engine.callAgent("c1")).contains("a1");
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        assertThat(h.pbx).as("no second route").isEmpty();
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
    }

    @Test
    void callsThatArrivedWhileDown_areAdoptedBeforeTheSnapshotIsApplied() {
        h.loginReady("a1");
        outage();
        h.clearOutputs();
        PbxEvent.CallWaiting missed = new PbxEvent.CallWaiting("c9", chan("c9"), "support", "5559", "", "", "",
                Map.of("CustomerId", "C5559"));
        snapshot(List.of(missed), waiting("c9"));
        assertThat(h.engine.callState("c9")).contains(CallState.QUEUED);
        assertThat(h.queueStats("support").offered()).isEqualTo(1);
        linkUp();
        assertThat(h.offers()).containsExactly("c9->a1");
        // its UserEvent, if it comes late, is a duplicate
        h.pbx(missed);
        assertThat(h.queueStats("support").offered()).isEqualTo(1);
    }

    @Test
    void aCallerAdoptedFromTheSnapshot_whoseHangupFollowsBeforeLinkUp_isAbandonedOnce() {
        h.loginReady("a1");
        outage();
        PbxEvent.CallWaiting missed = new PbxEvent.CallWaiting("c9", chan("c9"), "support", "5559", "", "", "",
                Map.of());
        // listed with its variables, then hung up while the rest of the resync was read: its Hangup is held back
        snapshot(List.of(missed), waiting("c9"));
        h.hangup("c9");
        linkUp();
        assertThat(h.engine.activeCallCount()).isZero();
        assertThat(h.store.recentCalls(100)).extracting(CallRecord::callId).containsExactly("c9");
        assertThat(record("c9").outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(h.queueStats("support").offered()).isEqualTo(1);
        assertThat(h.queueStats("support").abandoned()).isEqualTo(1);
        // the next resync does not see it again
        outage();
        snapshot(List.of());
        linkUp();
        assertThat(h.store.recentCalls(100)).hasSize(1);
    }

    @Test
    void afterAnySnapshot_noAgentIsReservedOrTalkingWithoutItsCall() {
        h.loginReady("a1", "a2", "a3", "a4");
        for (int i = 0; i < 4; i++) {
            h.callWaiting("c" + i, "sales");
        }
        h.answer("c0", "a1");
        h.answer("c1", "a2");
        outage();
        // c0 still talking, c1 gone, c2 ringing a3 still, c3 back at the route point
        snapshot(List.of(), bridgedCaller("c0"), agentLeg("c0", "a1", true), dialing("c2"), agentLeg("c2", "a3", false),
                waiting("c3"));
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        assertThat(h.state("a2")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.state("a3")).isEqualTo(AgentState.RESERVED);
        assertThat(h.state("a4")).isEqualTo(AgentState.READY);
        assertThat(h.engine.callAgent("c0")).contains("a1");
        assertThat(h.engine.callAgent("c2")).contains("a3");
        assertThat(h.engine.callState("c3")).contains(CallState.QUEUED);
        assertThat(h.events(CtiEvent.CallEnded.class)).extracting(CtiEvent.CallEnded::callId).containsExactly("c1");
    }
}
