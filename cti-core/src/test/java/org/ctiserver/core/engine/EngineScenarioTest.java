package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.core.testing.EngineHarness.agent;
import static org.ctiserver.core.testing.EngineHarness.chan;
import static org.ctiserver.core.testing.EngineHarness.config;
import static org.ctiserver.core.testing.EngineHarness.ext;
import static org.ctiserver.core.testing.EngineHarness.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.store.CallRecord;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/** Whole call flows, driven event by event on a virtual clock. */
class EngineScenarioTest {

    private final EngineHarness h = EngineHarness.withDefaultConfig();

    @Test
    void call_isOfferedToLongestIdleAgent_answered_hungUp_wrappedUp_andTimedBackToReady() {
        h.loginReady("a2", "a1", "a3");
        h.clearOutputs();

        h.callWaiting("c1", "sales");

        // a2 became READY first: longest idle
        assertThat(h.offers()).containsExactly("c1->a2");
        assertThat(h.pbx).containsExactly(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("a2")));
        assertThat(h.state("a2")).isEqualTo(AgentState.RESERVED);
        assertThat(h.engine.callState("c1")).contains(CallState.OFFERED);
        CtiEvent.CallOffered offer = h.events(CtiEvent.CallOffered.class).get(0);
        assertThat(offer.callerNumber()).isEqualTo("555c1");
        assertThat(offer.callerName()).isEqualTo("Caller c1");
        assertThat(offer.dialedNumber()).isEqualTo("4000");
        assertThat(offer.data()).containsEntry("CustomerId", "C-c1");
        assertThat(offer.queueId()).isEqualTo("sales");
        assertThat(h.events.get(0)).isInstanceOf(CtiEvent.CallQueued.class);

        h.advanceSeconds(3);
        h.pbx(new PbxEvent.AgentRinging("c1", "Local/x;1", ext("a2")));
        assertThat(h.state("a2")).isEqualTo(AgentState.RESERVED);
        h.advanceSeconds(1);
        h.answer("c1", "a2");

        assertThat(h.state("a2")).isEqualTo(AgentState.TALKING);
        assertThat(h.engine.callState("c1")).contains(CallState.TALKING);
        assertThat(h.events(CtiEvent.CallConnected.class)).hasSize(1);
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);

        h.advanceSeconds(60);
        h.hangup("c1");

        assertThat(h.engine.callState("c1")).isEmpty();
        assertThat(h.state("a2")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.agent("a2").callId()).isEqualTo("c1");
        CtiEvent.CallEnded ended = h.events(CtiEvent.CallEnded.class).get(0);
        assertThat(ended.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(ended.agentId()).isEqualTo("a2");
        CtiEvent.WrapUpStarted wrap = h.events(CtiEvent.WrapUpStarted.class).get(0);
        assertThat(wrap.deadlineEpochMs()).isEqualTo(h.clock.epochMillis() + 10_000);

        CallRecord record = h.store.recentCalls(1).get(0);
        assertThat(record.callId()).isEqualTo("c1");
        assertThat(record.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(record.agentId()).isEqualTo("a2");
        assertThat(record.segments()).extracting(CallRecord.Segment::kind)
                .containsExactly(CallRecord.Kind.QUEUE, CallRecord.Kind.RINGING, CallRecord.Kind.AGENT);
        assertThat(record.answeredEpochMs() - record.arrivedEpochMs()).isEqualTo(4_000);

        h.passSeconds(9);
        assertThat(h.state("a2")).isEqualTo(AgentState.WRAP_UP);
        h.passSeconds(1);

        assertThat(h.state("a2")).isEqualTo(AgentState.READY);
        assertThat(h.agent("a2").callId()).isNull();
        assertThat(h.agent("a2").callsHandled()).isEqualTo(1);
        CtiEvent.WrapUpCompleted done = h.events(CtiEvent.WrapUpCompleted.class).get(0);
        assertThat(done.byDeadline()).isTrue();
        assertThat(done.dispositionCode()).isEmpty();
        assertThat(done.callId()).isEqualTo("c1");
        // talk 60 s + wrap-up 10 s
        assertThat(h.queueStats("sales").averageHandleTimeMs()).isEqualTo(70_000);
    }

    @Test
    void events_haveConsecutiveSequences_andTheClocksEpochTime() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");

        for (int i = 0; i < h.events.size(); i++) {
            assertThat(h.events.get(i).sequence()).isEqualTo(i + 1);
            assertThat(h.events.get(i).atEpochMs()).isBetween(EngineHarness.ORIGIN_EPOCH_MS, h.clock.epochMillis());
        }
        assertThat(h.engine.lastSequence()).isEqualTo(h.events.size());
    }

    @Test
    void rona_viaAgentDialFailed_putsAgentNotReadyRona_andReoffersTheCallToTheNextAgent() {
        h.loginReady("a1", "a2");
        h.callWaiting("c1", "sales");
        h.advanceSeconds(15);

        h.dialFailed("c1", "a1", "NOANSWER");

        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").reason()).isEqualTo(Engine.RONA_REASON);
        assertThat(h.offers()).containsExactly("c1->a1", "c1->a2");
        assertThat(h.events(CtiEvent.CallQueued.class)).extracting(CtiEvent.CallQueued::requeued).containsExactly(false, true);
        assertThat(h.events(CtiEvent.CallOffered.class).get(1).waitMs()).isEqualTo(15_000);
        assertThat(h.pbx(PbxCommand.RouteToAgent.class)).extracting(PbxCommand.RouteToAgent::agentExtension)
                .containsExactly(ext("a1"), ext("a2"));
    }

    @Test
    void rona_viaCallRequeued_requeuesAtTheHeadOfTheQueue() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.advanceSeconds(1);
        h.callWaiting("c2", "sales");
        h.advanceSeconds(1);
        h.callWaiting("c3", "sales");

        h.requeued("c1", "a1");

        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").reason()).isEqualTo("RONA");
        // c1 arrived first: back in front of c2 and c3
        assertThat(h.engine.waitingCallIds("sales")).containsExactly("c1", "c2", "c3");

        h.loginReady("a2");
        assertThat(h.offers()).containsExactly("c1->a1", "c1->a2");
    }

    @Test
    void rona_viaRingTimeout_whenThePbxSaysNothing() {
        h.loginReady("a1", "a2");
        h.callWaiting("c1", "sales");

        h.passSeconds(14);
        assertThat(h.state("a1")).isEqualTo(AgentState.RESERVED);
        h.passSeconds(1);

        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").reason()).isEqualTo("RONA");
        assertThat(h.offers()).containsExactly("c1->a1", "c1->a2");
        CallRecord.Segment ringing = null;
        h.hangup("c1");
        for (CallRecord.Segment s : h.store.recentCalls(1).get(0).segments()) {
            if (s.kind() == CallRecord.Kind.RINGING) {
                ringing = s;
                break;
            }
        }
        assertThat(ringing.agentId()).isEqualTo("a1");
        assertThat(ringing.result()).contains("TIMEOUT");
    }

    @Test
    void lateAnswer_fromTheFirstAgent_afterTimeoutRona_isIgnored() {
        h.loginReady("a1", "a2");
        h.callWaiting("c1", "sales");
        h.passSeconds(15);

        h.answer("c1", "a1");

        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.state("a2")).isEqualTo(AgentState.RESERVED);
        assertThat(h.engine.callState("c1")).contains(CallState.OFFERED);
        assertThat(h.events(CtiEvent.CallConnected.class)).isEmpty();
    }

    @Test
    void dialFailed_thenCallRequeued_forTheSameOffer_ronasOnlyOnce() {
        h.loginReady("a1", "a2", "a3");
        h.callWaiting("c1", "sales");

        h.dialFailed("c1", "a1", "NOANSWER");
        h.requeued("c1", "a1");

        assertThat(h.offers()).containsExactly("c1->a1", "c1->a2");
        assertThat(h.state("a2")).isEqualTo(AgentState.RESERVED);
        assertThat(h.state("a3")).isEqualTo(AgentState.READY);
        assertThat(h.events(CtiEvent.CallQueued.class)).hasSize(2);
    }

    @Test
    void dialCancelled_thenCallerHangsUp_isAnAbandon_notARona() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.advanceSeconds(8);

        h.dialFailed("c1", "a1", "CANCEL");
        h.hangup("c1");

        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        assertThat(h.events(CtiEvent.CallEnded.class).get(0).outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(h.queueStats("sales").abandoned()).isEqualTo(1);
    }

    @Test
    void abandon_whileQueued_endsTheCallAbandoned() {
        h.callWaiting("c1", "sales");
        h.advanceSeconds(30);

        h.hangup("c1");

        CtiEvent.CallEnded ended = h.events(CtiEvent.CallEnded.class).get(0);
        assertThat(ended.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(ended.agentId()).isNull();
        assertThat(ended.reason()).isEqualTo("Normal Clearing");
        assertThat(h.engine.waitingCallIds("sales")).isEmpty();
        assertThat(h.engine.activeCallCount()).isZero();
        assertThat(h.store.recentCalls(5)).extracting(CallRecord::outcome).containsExactly(CallOutcome.ABANDONED);
        assertThat(h.queueStats("sales").abandoned()).isEqualTo(1);
        assertThat(h.queueStats("sales").shortAbandoned()).isZero();
    }

    @Test
    void abandon_whileRinging_freesTheAgentToReady_withoutRona() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.advanceSeconds(3);

        h.hangup("c1");

        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        assertThat(h.agent("a1").callId()).isNull();
        assertThat(h.events(CtiEvent.CallEnded.class).get(0).outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(h.queueStats("sales").shortAbandoned()).isEqualTo(1);
        // the stale ring timer does nothing
        h.passSeconds(30);
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
    }

    @Test
    void hangupOfAnotherChannel_isIgnored() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");

        h.pbx(new PbxEvent.ChannelHungUp("agent-leg-1", "c1", "Local/x@agents;1", 16, "Normal Clearing"));

        assertThat(h.engine.callState("c1")).contains(CallState.TALKING);
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
    }

    @Test
    void skills_aCallNeedingBilling5_neverGoesToAnAgentWithBilling3() {
        h.loginReady("a1", "a4");

        h.callWaiting("c1", "sales", "billing:5");

        assertThat(h.offers()).isEmpty();
        assertThat(h.engine.waitingCallIds("sales")).containsExactly("c1");

        h.loginReady("a3");
        assertThat(h.offers()).containsExactly("c1->a3");
    }

    @Test
    void skills_queueRequirementAndCallRequirementAreBothNeeded() {
        EngineHarness hh = new EngineHarness(config(
                List.of(queue("zh", "lang.zh:2", 0, Duration.ZERO)),
                List.of(agent("b1", Map.of("billing", 9), "zh"),
                        agent("b2", Map.of("lang.zh", 3), "zh"),
                        agent("b3", Map.of("lang.zh", 2, "billing", 4), "zh"))));
        hh.loginReady("b1", "b2", "b3");

        hh.callWaiting("c1", "zh", "billing:4");

        assertThat(hh.offers()).containsExactly("c1->b3");
    }

    @Test
    void malformedCallRequirement_isIgnored_andTheCallRoutesOnTheQueueRequirement() {
        h.loginReady("a4");

        h.callWaiting("c1", "sales", "billing:eleven");

        assertThat(h.offers()).containsExactly("c1->a4");
    }

    @Test
    void agentsServingOtherQueues_areNotOffered() {
        h.loginReady("a1");

        h.callWaiting("c1", "vip");

        assertThat(h.offers()).isEmpty();
        h.loginReady("v1");
        assertThat(h.offers()).containsExactly("c1->v1");
    }

    @Test
    void agentWithNoQueues_servesEveryQueue() {
        EngineHarness hh = new EngineHarness(config(
                List.of(queue("q1", "", 0, Duration.ZERO), queue("q2", "", 0, Duration.ZERO)),
                List.of(agent("any", Map.of()))));
        hh.loginReady("any");

        hh.callWaiting("c1", "q2");

        assertThat(hh.offers()).containsExactly("c1->any");
        assertThat(hh.queueStats("q1").agentsReserved()).isEqualTo(1);
        assertThat(hh.queueStats("q2").agentsReserved()).isEqualTo(1);
    }

    @Test
    void priority_first_thenLongestWait() {
        EngineHarness hh = new EngineHarness(config(
                List.of(queue("low", "", 0, Duration.ZERO), queue("high", "", 5, Duration.ZERO)),
                List.of(agent("x1", Map.of(), "low", "high"), agent("x2", Map.of(), "low", "high"),
                        agent("x3", Map.of(), "low", "high"), agent("x4", Map.of(), "low", "high"))));
        hh.callWaiting("l1", "low");
        hh.advanceSeconds(1);
        hh.callWaiting("l2", "low");
        hh.advanceSeconds(1);
        hh.callWaiting("h1", "high");
        hh.advanceSeconds(1);
        hh.callWaiting("h2", "high");
        hh.advanceSeconds(1);

        hh.loginReady("x1", "x2", "x3", "x4");

        assertThat(hh.offers()).containsExactly("h1->x1", "h2->x2", "l1->x3", "l2->x4");
    }

    @Test
    void severalAgentsFreedAtOnce_takeTheWaitingCallsInOrder_longestIdleFirst() {
        EngineHarness hh = new EngineHarness(config(
                List.of(queue("q", "", 0, Duration.ofSeconds(5))),
                List.of(agent("y1", Map.of(), "q"), agent("y2", Map.of(), "q"))));
        hh.loginReady("y2", "y1");
        hh.callWaiting("c1", "q");
        hh.callWaiting("c2", "q");
        hh.answer("c1", "y2");
        hh.answer("c2", "y1");
        hh.hangup("c1");
        hh.hangup("c2");
        hh.callWaiting("c3", "q");
        hh.callWaiting("c4", "q");
        hh.clearOutputs();

        // both wrap-ups end in the same tick; both become READY at the same instant: ties by agent id
        hh.passSeconds(5);

        assertThat(hh.offers()).containsExactly("c3->y1", "c4->y2");
    }

    @Test
    void duplicateCallWaiting_isIgnored() {
        h.callWaiting("c1", "sales");
        h.callWaiting("c1", "sales");

        assertThat(h.events(CtiEvent.CallQueued.class)).hasSize(1);
        assertThat(h.queueStats("sales").offered()).isEqualTo(1);
        assertThat(h.queueStats("sales").waiting()).isEqualTo(1);
    }

    @Test
    void duplicateAnswer_andRinging_areIgnored() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
        int events = h.events.size();

        h.answer("c1", "a1");
        h.pbx(new PbxEvent.AgentRinging("c1", "Local/x;1", ext("a1")));

        assertThat(h.events).hasSize(events);
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
    }

    @Test
    void eventsForUnknownCalls_areIgnored() {
        h.loginReady("a1");
        h.clearOutputs();

        h.answer("nope", "a1");
        h.dialFailed("nope", "a1", "BUSY");
        h.requeued("nope", "a1");
        h.hangup("nope");
        h.pbx(new PbxEvent.CommandFailed(new PbxCommand.HangupCall("nope", "x"), "No such channel"));
        h.pbx(new PbxEvent.LinkDown("socket closed"));
        h.pbx(new PbxEvent.LinkUp("22.0.0"));

        assertThat(h.events).isEmpty();
        assertThat(h.pbx).isEmpty();
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
    }

    @Test
    void unknownQueue_putsTheCallInTheFirstConfiguredQueue() {
        h.callWaiting("c1", "no-such-queue");

        assertThat(h.engine.waitingCallIds("sales")).containsExactly("c1");
        assertThat(h.events(CtiEvent.CallQueued.class).get(0).queueId()).isEqualTo("sales");
    }

    @Test
    void manualWrapUp_staysUntilTheAgentCompletesIt_withDispositionStored() {
        h.loginReady("a1");
        h.callWaiting("c1", "support");
        h.answer("c1", "a1");
        h.hangup("c1");

        assertThat(h.events(CtiEvent.WrapUpStarted.class).get(0).deadlineEpochMs()).isZero();
        h.passSeconds(3600);
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);

        CommandResult r = h.cmd(new AgentCommand.CompleteWrapUp("a1", "complaint", "angry", "break"));

        assertThat(r.isOk()).isTrue();
        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.agent("a1").reason()).isEqualTo("break");
        CtiEvent.WrapUpCompleted done = h.events(CtiEvent.WrapUpCompleted.class).get(0);
        assertThat(done.byDeadline()).isFalse();
        assertThat(done.dispositionCode()).isEqualTo("complaint");
        assertThat(done.notes()).isEqualTo("angry");
        assertThat(h.store.disposition("c1")).hasValueSatisfying(d -> {
            assertThat(d.agentId()).isEqualTo("a1");
            assertThat(d.dispositionCode()).isEqualTo("complaint");
        });
    }

    @Test
    void completeWrapUp_withoutNextReason_goesReady_andTakesTheNextCall() {
        h.loginReady("a1");
        h.callWaiting("c1", "support");
        h.answer("c1", "a1");
        h.hangup("c1");
        h.callWaiting("c2", "support");

        assertThat(h.cmd(new AgentCommand.CompleteWrapUp("a1", "inquiry", "", null)).isOk()).isTrue();

        assertThat(h.offers()).containsExactly("c1->a1", "c2->a1");
        assertThat(h.state("a1")).isEqualTo(AgentState.RESERVED);
    }

    @Test
    void completingWrapUpBeforeTheDeadline_cancelsTheTimer() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
        h.hangup("c1");
        h.cmd(new AgentCommand.CompleteWrapUp("a1", "inquiry", "", "break"));

        h.passSeconds(20);

        assertThat(h.state("a1")).isEqualTo(AgentState.NOT_READY);
        assertThat(h.events(CtiEvent.WrapUpCompleted.class)).hasSize(1);
    }

    @Test
    void routeFailure_freesTheAgent_andRequeuesTheCall() {
        h.loginReady("a1", "a2");
        h.callWaiting("c1", "sales");

        h.pbx(new PbxEvent.CommandFailed(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("a1")), "Redirect failed"));

        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        assertThat(h.offers()).containsExactly("c1->a1", "c1->a2");
    }

    @Test
    void routeFailure_noSuchChannel_clearsTheCall() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");

        h.pbx(new PbxEvent.CommandFailed(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("a1")), "No such channel"));

        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        assertThat(h.engine.callState("c1")).isEmpty();
        assertThat(h.events(CtiEvent.CallEnded.class).get(0).outcome()).isEqualTo(CallOutcome.CLEARED);
        assertThat(h.queueStats("sales").abandoned()).isZero();
    }

    @Test
    void routeFailingAgainAndAgain_givesTheCallUp() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");

        for (int i = 0; i < Engine.MAX_ROUTE_FAILURES; i++) {
            h.advanceSeconds(1);
            h.pbx(new PbxEvent.CommandFailed(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("a1")), "Failed"));
        }

        assertThat(h.engine.callState("c1")).isEmpty();
        assertThat(h.pbx(PbxCommand.HangupCall.class)).hasSize(1);
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
    }

    @Test
    void routeFailuresWhileTheLinkIsDown_doNotGiveTheCallUp() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");

        // each time, the route is in flight when the link drops; the adapter fails it after LinkDown
        for (int i = 0; i < Engine.MAX_ROUTE_FAILURES + 1; i++) {
            h.pbx(new PbxEvent.LinkDown("connection lost"));
            h.advanceSeconds(1);
            h.pbx(new PbxEvent.CommandFailed(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("a1")), "AMI link is down"));
            h.pbx(new PbxEvent.LinkUp("Asterisk 22"));
        }

        assertThat(h.offers()).hasSize(Engine.MAX_ROUTE_FAILURES + 2);
        assertThat(h.engine.callState("c1")).isPresent();
        assertThat(h.pbx(PbxCommand.HangupCall.class)).isEmpty();
        assertThat(h.events(CtiEvent.CallEnded.class)).isEmpty();
        // offered again once the link is back
        assertThat(h.state("a1")).isEqualTo(AgentState.RESERVED);
    }

    @Test
    void agentHangup_sendsHangupCall_andTheCallEndsOnlyWhenThePbxReportsIt() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");

        assertThat(h.cmd(new AgentCommand.Hangup("a1")).isOk()).isTrue();

        assertThat(h.pbx(PbxCommand.HangupCall.class)).containsExactly(new PbxCommand.HangupCall("c1", chan("c1")));
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        h.hangup("c1");
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.events(CtiEvent.CallEnded.class).get(0).outcome()).isEqualTo(CallOutcome.ANSWERED);
    }

    @Test
    void agentHangupWhileRinging_clearsTheCall_withoutRona() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");

        h.cmd(new AgentCommand.Hangup("a1"));
        h.dialFailed("c1", "a1", "NOANSWER");
        h.hangup("c1");

        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        assertThat(h.events(CtiEvent.CallEnded.class).get(0).outcome()).isEqualTo(CallOutcome.CLEARED);
        assertThat(h.queueStats("sales").abandoned()).isZero();
    }

    @Test
    void sameInputsAtTheSameTimes_giveTheSameOutputs() {
        EngineHarness first = EngineHarness.withDefaultConfig();
        EngineHarness second = EngineHarness.withDefaultConfig();

        script(first);
        script(second);

        assertThat(first.events).isNotEmpty().isEqualTo(second.events);
        assertThat(first.pbx).isEqualTo(second.pbx);
        assertThat(first.engine.snapshot(first.clock.epochMillis()))
                .isEqualTo(second.engine.snapshot(second.clock.epochMillis()));
    }

    private static void script(EngineHarness x) {
        x.loginReady("a1", "a2", "a3", "a4", "v1");
        for (int i = 0; i < 12; i++) {
            x.callWaiting("c" + i, i % 3 == 0 ? "vip" : i % 3 == 1 ? "sales" : "support", i % 4 == 1 ? "billing:5" : "");
            x.advance(700, TimeUnit.MILLISECONDS);
        }
        x.answer("c0", "v1");
        x.dialFailed("c1", "a1", "BUSY");
        x.passSeconds(16);
        x.hangup("c0");
        x.hangup("c5");
        x.passSeconds(11);
    }
}
