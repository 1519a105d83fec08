package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ctiserver.core.testing.EngineHarness.agent;
import static org.ctiserver.core.testing.EngineHarness.chan;
import static org.ctiserver.core.testing.EngineHarness.config;
import static org.ctiserver.core.testing.EngineHarness.ext;
import static org.ctiserver.core.testing.EngineHarness.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallbackState;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.Destination.Dialplan;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.queue.CallbackRule;
import org.ctiserver.core.queue.DialplanTargets;
import org.ctiserver.core.queue.OverflowAction;
import org.ctiserver.core.queue.OverflowRule;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.CallOrder;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.stats.QueueActionCounts;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.testing.EngineHarness;
import org.ctiserver.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

/** Callbacks keeping the caller's place, and the voicemail, message and callback-offer actions, with scripted PBX events. */
class VirtualHoldTest {
    private static final CallbackRule RULE = new CallbackRule("9", 2, Duration.ofSeconds(60), "cti-callback-confirm");
    private static final String LINE_ID = "1700000000.50";
    private static final String LINE = "Local/" + ext("s1") + "@agents-00000001;1";
    private static final String FAR = "Local/555@pstn-00000002;1";

    private final VirtualClock clock = new VirtualClock(EngineHarness.ORIGIN_EPOCH_MS);
    private final List<CtiEvent> events = new ArrayList<>();
    private final List<PbxCommand> pbx = new ArrayList<>();
    private final InMemoryStateStore store = new InMemoryStateStore();

    private Engine engine(QueueRules... rules) {
        EngineConfig cfg = config(List.of(queue("sales", "", 0, Duration.ZERO)),
                List.of(agent("s1", Map.of(), "sales"), agent("s2", Map.of(), "sales")));
        // first come, first served: "its place" is then plain to see (the default order puts calls within the
        // service-level threshold first, a request included once its wait is past it)
        RoutingConfig fifo = new RoutingConfig(List.of(), RoutingConfig.DEFAULT_TIER_BONUS, CallOrder.WAIT);
        return new Engine(cfg, fifo, List.of(rules), pbx::add, store, events::add);
    }

    private void call(Engine e, String id, String number) {
        e.onPbxEvent(new PbxEvent.CallWaiting(id, chan(id), "sales", number, "", "4000", "", Map.of()),
                clock.nowNs(), clock.epochMillis());
    }

    private void send(Engine e, PbxEvent event) {
        e.onPbxEvent(event, clock.nowNs(), clock.epochMillis());
    }

    private void cmd(Engine e, AgentCommand c) {
        e.onCommand(c, clock.nowNs(), clock.epochMillis());
    }

    private void pass(Engine e, long seconds) {
        clock.advance(seconds, TimeUnit.SECONDS);
        e.onTick(clock.nowNs(), clock.epochMillis());
    }

    private List<CallbackState> callbackStates() {
        return events.stream().filter(x -> x instanceof CtiEvent.CallbackChanged)
                .map(x -> ((CtiEvent.CallbackChanged) x).state()).toList();
    }

    private <T> T last(Class<T> type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (type.isInstance(events.get(i))) {
                return type.cast(events.get(i));
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }

    private PbxCommand.Originate lastOriginate() {
        for (int i = pbx.size() - 1; i >= 0; i--) {
            if (pbx.get(i) instanceof PbxCommand.Originate o) {
                return o;
            }
        }
        throw new AssertionError("no Originate");
    }

    @Test
    void keyPress_keepsThePlace_thenReservesOriginatesAndTalks() {
        Engine e = engine(new QueueRules("sales", null, null, RULE));
        cmd(e, new AgentCommand.Login("s1", ext("s1")));
        call(e, "c1", "5550100");
        call(e, "c2", "5550200");
        send(e, new PbxEvent.DtmfReceived("c1", "c1", chan("c1"), "9"));

        assertThat(pbx).containsExactly(new PbxCommand.Redirect("c1", chan("c1"),
                new Dialplan(DialplanTargets.MESSAGE, "cti-callback-confirm")));
        assertThat(callbackStates()).containsExactly(CallbackState.REQUESTED);
        // the dialplan hangs the caller up after the confirmation: the request stands, first in line
        send(e, new PbxEvent.ChannelHungUp("c1", "c1", chan("c1"), 16, "Normal Clearing"));
        assertThat(e.waitingCallIds("sales")).containsExactly("c1", "c2");
        assertThat(e.callState("c1")).contains(CallState.QUEUED);

        // the agent becomes free: reserved for the callback, then its phone dials the caller's number
        cmd(e, new AgentCommand.Ready("s1"));
        CtiEvent.CallOffered offered = last(CtiEvent.CallOffered.class);
        assertThat(offered.callId()).isEqualTo("c1");
        assertThat(offered.data()).containsEntry(VirtualHolds.DATA_CALLBACK, "true")
                .containsEntry(VirtualHolds.DATA_ATTEMPT, "1");
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.RESERVED);
        PbxCommand.Originate o = lastOriginate();
        assertThat(o.fromExtension()).isEqualTo(ext("s1"));
        assertThat(o.destination()).isEqualTo(new PbxCommand.Destination.External("5550100"));
        assertThat(pbx).noneMatch(c -> c instanceof PbxCommand.RouteToAgent);

        // the ring timeout does not apply to a callback (the Originate has its own)
        pass(e, 120);
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.RESERVED);

        send(e, new PbxEvent.OriginateResult(o.requestId(), LINE_ID, LINE, OriginateOutcome.ANSWERED, 4));
        send(e, new PbxEvent.AgentRinging(LINE_ID, FAR, "5550100"));
        send(e, new PbxEvent.AgentAnswered(LINE_ID, FAR, "5550100"));
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.TALKING);
        assertThat(e.callState("c1")).contains(CallState.TALKING);
        assertThat(last(CtiEvent.CallConnected.class).callId()).isEqualTo("c1");

        // the customer hangs up: a normal end, wrap-up
        send(e, new PbxEvent.ChannelHungUp("1700000000.51", LINE_ID, FAR, 16, "Normal Clearing"));
        CtiEvent.CallEnded ended = last(CtiEvent.CallEnded.class);
        assertThat(ended.callId()).isEqualTo("c1");
        assertThat(ended.outcome()).isEqualTo(CtiEvent.CallOutcome.ANSWERED);
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(callbackStates()).containsExactly(CallbackState.REQUESTED, CallbackState.OFFERED,
                CallbackState.DIALING, CallbackState.REACHED);

        QueueActionCounts counts = e.actionCounts("sales");
        assertThat(counts.callbacksRequested()).isEqualTo(1);
        assertThat(counts.callbacksReached()).isEqualTo(1);
        assertThat(counts.callbacksFailed()).isZero();
        assertThat(counts.callbackAttempts()).isEqualTo(1);
        // the inbound part is neither answered nor abandoned
        assertThat(e.snapshot(clock.epochMillis()).queues().get(0).answered()).isZero();
        assertThat(e.snapshot(clock.epochMillis()).queues().get(0).abandoned()).isZero();
    }

    @Test
    void busyCustomer_retriesAfterTheInterval_thenGivesUp() {
        Engine e = engine(new QueueRules("sales", null, null, RULE));
        cmd(e, new AgentCommand.Login("s1", ext("s1")));
        call(e, "c1", "5550486");
        send(e, new PbxEvent.DtmfReceived("c1", "c1", chan("c1"), "9"));
        send(e, new PbxEvent.ChannelHungUp("c1", "c1", chan("c1"), 16, "Normal Clearing"));
        cmd(e, new AgentCommand.Ready("s1"));

        PbxCommand.Originate first = lastOriginate();
        send(e, new PbxEvent.OriginateResult(first.requestId(), LINE_ID, LINE, OriginateOutcome.ANSWERED, 4));
        send(e, new PbxEvent.AgentDialFailed(LINE_ID, FAR, "5550486", "BUSY"));
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.READY);
        assertThat(last(CtiEvent.CallbackChanged.class).state()).isEqualTo(CallbackState.RETRY_SCHEDULED);
        assertThat(e.waitingCallIds("sales")).isEmpty();
        // the line's hang-up after the failed dial is no news
        send(e, new PbxEvent.ChannelHungUp(LINE_ID, LINE_ID, LINE, 17, "User busy"));
        assertThat(e.callState("c1")).contains(CallState.QUEUED);

        pass(e, 59);
        assertThat(lastOriginate()).isSameAs(first);
        pass(e, 1);
        PbxCommand.Originate second = lastOriginate();
        assertThat(second.requestId()).isNotEqualTo(first.requestId());
        assertThat(last(CtiEvent.CallOffered.class).data()).containsEntry(VirtualHolds.DATA_ATTEMPT, "2");

        send(e, new PbxEvent.OriginateResult(second.requestId(), "1700000000.60", LINE, OriginateOutcome.ANSWERED, 4));
        send(e, new PbxEvent.AgentDialFailed("1700000000.60", FAR, "5550486", "NOANSWER"));
        assertThat(last(CtiEvent.CallbackChanged.class).state()).isEqualTo(CallbackState.GIVEN_UP);
        CtiEvent.CallEnded ended = last(CtiEvent.CallEnded.class);
        assertThat(ended.outcome()).isEqualTo(CtiEvent.CallOutcome.CLEARED);
        assertThat(ended.reason()).contains("given up");
        assertThat(e.activeCallCount()).isZero();
        assertThat(store.call("c1")).isPresent();
        QueueActionCounts counts = e.actionCounts("sales");
        assertThat(counts.callbacksFailed()).isEqualTo(1);
        assertThat(counts.callbackAttempts()).isEqualTo(2);
        assertThat(counts.callbacksReached()).isZero();
    }

    @Test
    void agentPhoneNotAnswering_isRingNoAnswer_andTheRequestKeepsItsPlace() {
        Engine e = engine(new QueueRules("sales", null, null, RULE));
        cmd(e, new AgentCommand.Login("s1", ext("s1")));
        call(e, "c1", "5550100");
        call(e, "c2", "5550200");
        send(e, new PbxEvent.DtmfReceived("c1", "c1", chan("c1"), "9"));
        cmd(e, new AgentCommand.Ready("s1"));
        send(e, new PbxEvent.OriginateResult(lastOriginate().requestId(), "", "", OriginateOutcome.NO_ANSWER, 3));
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.NOT_READY);
        assertThat(e.waitingCallIds("sales")).containsExactly("c1", "c2");
        assertThat(e.actionCounts("sales").callbackAttempts()).isZero();
    }

    @Test
    void agentSignedOutWhileItsPhoneRings_requestKeepsItsPlace_andTheLateLineIsHungUp() {
        Engine e = engine(new QueueRules("sales", null, null, RULE));
        cmd(e, new AgentCommand.Login("s1", ext("s1")));
        call(e, "c1", "5550100");
        send(e, new PbxEvent.DtmfReceived("c1", "c1", chan("c1"), "9"));
        send(e, new PbxEvent.ChannelHungUp("c1", "c1", chan("c1"), 16, "Normal Clearing"));
        cmd(e, new AgentCommand.Ready("s1"));
        PbxCommand.Originate o = lastOriginate();
        e.onSupervisorCommand(new org.ctiserver.core.command.SupervisorCommand.ForceLogout("sup", "s1"),
                clock.nowNs(), clock.epochMillis());
        assertThat(e.waitingCallIds("sales")).containsExactly("c1");

        // the agent's phone answers late: that line is not wanted any more
        send(e, new PbxEvent.OriginateResult(o.requestId(), LINE_ID, LINE, OriginateOutcome.ANSWERED, 4));
        assertThat(pbx.get(pbx.size() - 1)).isEqualTo(new PbxCommand.HangupChannel("c1", LINE));
        send(e, new PbxEvent.AgentAnswered(LINE_ID, FAR, "5550100"));
        assertThat(e.callState("c1")).contains(CallState.QUEUED);
        assertThat(e.actionCounts("sales").callbackAttempts()).isZero();

        // another agent takes it from its place
        cmd(e, new AgentCommand.Login("s2", ext("s2")));
        cmd(e, new AgentCommand.Ready("s2"));
        assertThat(lastOriginate().fromExtension()).isEqualTo(ext("s2"));
        assertThat(last(CtiEvent.CallOffered.class).agentId()).isEqualTo("s2");
    }

    @Test
    void otherKey_orQueueWithoutRule_isNotACallback() {
        Engine e = engine(new QueueRules("sales", null, null, RULE));
        call(e, "c1", "5550100");
        send(e, new PbxEvent.DtmfReceived("c1", "c1", chan("c1"), "1"));
        assertThat(pbx).isEmpty();
        Engine plain = engine();
        call(plain, "c2", "5550100");
        send(plain, new PbxEvent.DtmfReceived("c2", "c2", chan("c2"), "9"));
        assertThat(callbackStates()).isEmpty();
        // the caller hanging up is an abandon as before
        send(plain, new PbxEvent.ChannelHungUp("c2", "c2", chan("c2"), 16, "Normal Clearing"));
        assertThat(last(CtiEvent.CallEnded.class).outcome()).isEqualTo(CtiEvent.CallOutcome.ABANDONED);
    }

    @Test
    void overflowToVoicemail_redirectsAndCountsAsOverflowedNotAnswered() {
        Engine e = engine(new QueueRules("sales", new OverflowRule(Duration.ofSeconds(30), 0, false,
                OverflowAction.voicemail("8001")), null));
        cmd(e, new AgentCommand.Login("s1", ext("s1")));
        call(e, "c1", "5550100");
        pass(e, 30);
        assertThat(pbx).containsExactly(new PbxCommand.Redirect("c1", chan("c1"),
                new Dialplan(DialplanTargets.VOICEMAIL, "8001")));
        CtiEvent.CallDiverted d = last(CtiEvent.CallDiverted.class);
        assertThat(d.action()).isEqualTo("voicemail");
        assertThat(d.closed()).isFalse();
        assertThat(last(CtiEvent.CallEnded.class).outcome()).isEqualTo(CtiEvent.CallOutcome.CLEARED);
        assertThat(e.activeCallCount()).isZero();
        // the caller's later hang-up (after the message is left) is no news
        send(e, new PbxEvent.ChannelHungUp("c1", "c1", chan("c1"), 16, "Normal Clearing"));
        assertThat(e.actionCounts("sales").overflowed("voicemail")).isEqualTo(1);
        assertThat(e.snapshot(clock.epochMillis()).queues().get(0).answered()).isZero();
        assertThat(e.snapshot(clock.epochMillis()).queues().get(0).abandoned()).isZero();
    }

    @Test
    void fullQueue_hangupWithSoundName_playsTheMessageFirst() {
        Engine e = engine(new QueueRules("sales", new OverflowRule(null, 1, false,
                OverflowAction.hangupAfter("cti-all-busy")), null));
        call(e, "c1", "5550100");
        call(e, "c2", "5550200");
        assertThat(pbx).containsExactly(new PbxCommand.Redirect("c2", chan("c2"),
                new Dialplan(DialplanTargets.MESSAGE, "cti-all-busy")));
        assertThat(e.actionCounts("sales").overflowed("hangup")).isEqualTo(1);
        assertThat(e.waitingCallIds("sales")).containsExactly("c1");
    }

    @Test
    void callbackOffer_acceptedWithTheKey_joinsTheLineAtItsArrival() {
        Engine e = engine(new QueueRules("sales", new OverflowRule(Duration.ofSeconds(30), 0, false,
                OverflowAction.callbackOffer("cti-callback-offer")), null, RULE));
        cmd(e, new AgentCommand.Login("s1", ext("s1")));
        call(e, "c1", "5550100");
        pass(e, 10);
        call(e, "c2", "5550200");
        pass(e, 20);
        assertThat(pbx).containsExactly(new PbxCommand.Redirect("c1", chan("c1"),
                new Dialplan(DialplanTargets.CALLBACK_OFFER, "cti-callback-offer")));
        assertThat(e.waitingCallIds("sales")).containsExactly("c2");
        send(e, new PbxEvent.DtmfReceived("c1", "c1", chan("c1"), "9"));
        assertThat(e.waitingCallIds("sales")).containsExactly("c1", "c2");
        assertThat(callbackStates()).containsExactly(CallbackState.REQUESTED);
        assertThat(pbx.get(pbx.size() - 1)).isEqualTo(new PbxCommand.Redirect("c1", chan("c1"),
                new Dialplan(DialplanTargets.MESSAGE, "cti-callback-confirm")));
        send(e, new PbxEvent.ChannelHungUp("c1", "c1", chan("c1"), 16, "Normal Clearing"));
        assertThat(e.callState("c1")).contains(CallState.QUEUED);
        // c2 reaches its own maximum: offered too; no key and the dialplan hangs up: declined
        pass(e, 10);
        send(e, new PbxEvent.ChannelHungUp("c2", "c2", chan("c2"), 16, "Normal Clearing"));
        assertThat(last(CtiEvent.CallbackChanged.class).state()).isEqualTo(CallbackState.DECLINED);
        assertThat(last(CtiEvent.CallEnded.class).outcome()).isEqualTo(CtiEvent.CallOutcome.CLEARED);
        QueueActionCounts counts = e.actionCounts("sales");
        assertThat(counts.overflowed("callback")).isEqualTo(2);
        assertThat(counts.callbacksRequested()).isEqualTo(1);
        // the request is not diverted again by the queue's maximum wait
        pass(e, 60);
        assertThat(e.waitingCallIds("sales")).containsExactly("c1");
        // and it still has its place before a younger call
        call(e, "c3", "5550300");
        cmd(e, new AgentCommand.Ready("s1"));
        assertThat(last(CtiEvent.CallOffered.class).callId()).isEqualTo("c1");
    }

    @Test
    void callbackOfferWithoutRule_isRefusedAtConstruction() {
        assertThatThrownBy(() -> engine(new QueueRules("sales", new OverflowRule(Duration.ofSeconds(30), 0, false,
                OverflowAction.callbackOffer("cti-callback-offer")), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no callback rule");
    }

    @Test
    void callbackRule_refusesBadValues() {
        assertThatThrownBy(() -> new CallbackRule("x", 1, Duration.ofSeconds(1), "a"))
                .hasMessageContaining("key");
        assertThatThrownBy(() -> new CallbackRule("1", 0, Duration.ofSeconds(1), "a"))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new CallbackRule("1", 1, Duration.ZERO, "a"))
                .hasMessageContaining("retryInterval");
        assertThatThrownBy(() -> new CallbackRule("1", 1, Duration.ofSeconds(1), "a b,c"))
                .hasMessageContaining("confirmationSound");
        assertThatThrownBy(() -> OverflowAction.voicemail("")).hasMessageContaining("mailbox");
    }
}
