package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.ChannelInfo;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.queue.CallbackRule;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.CallOrder;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.testing.EngineHarness;
import org.ctiserver.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

/** Callbacks keeping the caller's place across a PBX reconnect: the snapshot after LinkUp decides, nothing is lost. */
class VirtualHoldResyncTest {
    private static final String LINE_ID = "1700000000.50";
    private static final String LINE = "Local/" + ext("s1") + "@agents-00000001;1";
    private static final String FAR_ID = "1700000000.51";
    private static final String FAR = "Local/555@pstn-00000002;1";
    /** The lost Originate's channels on s1's phone: its first Local half (its own linked id) and the other half. */
    private static final String ORIG_ID = "1700000000.60";
    private static final String ORIG = "Local/" + ext("s1") + "@agents-00000003;1";
    private static final String ORIG_2 = "Local/" + ext("s1") + "@agents-00000003;2";
    private static final String CUSTOMER = "Local/5550100@pstn-00000004;1";

    private final VirtualClock clock = new VirtualClock(EngineHarness.ORIGIN_EPOCH_MS);
    private final List<CtiEvent> events = new ArrayList<>();
    private final List<PbxCommand> pbx = new ArrayList<>();

    private Engine engine(int maxAttempts) {
        EngineConfig cfg = config(List.of(queue("sales", "", 0, Duration.ZERO)),
                List.of(agent("s1", Map.of(), "sales"), agent("s2", Map.of(), "sales")));
        RoutingConfig fifo = new RoutingConfig(List.of(), RoutingConfig.DEFAULT_TIER_BONUS, CallOrder.WAIT);
        QueueRules rules = new QueueRules("sales", null, null,
                new CallbackRule("9", maxAttempts, Duration.ofSeconds(60), "cti-callback-confirm"));
        return new Engine(cfg, fifo, List.of(rules), pbx::add, new InMemoryStateStore(), events::add);
    }

    private void send(Engine e, PbxEvent event) {
        e.onPbxEvent(event, clock.nowNs(), clock.epochMillis());
    }

    private void call(Engine e, String id) {
        send(e, new PbxEvent.CallWaiting(id, chan(id), "sales", "5550100", "", "4000", "", Map.of()));
    }

    private void pass(Engine e, long seconds) {
        clock.advance(seconds, TimeUnit.SECONDS);
        e.onTick(clock.nowNs(), clock.epochMillis());
    }

    /** c1 asks for a callback and its caller is released; s1 becomes READY and is reserved, its phone rung. */
    private PbxCommand.Originate offered(Engine e) {
        e.onCommand(new AgentCommand.Login("s1", ext("s1")), clock.nowNs(), clock.epochMillis());
        call(e, "c1");
        send(e, new PbxEvent.DtmfReceived("c1", "c1", chan("c1"), "9"));
        send(e, new PbxEvent.ChannelHungUp("c1", "c1", chan("c1"), 16, "Normal Clearing"));
        pass(e, 1);
        call(e, "c2"); // an ordinary call behind it in line
        e.onCommand(new AgentCommand.Ready("s1"), clock.nowNs(), clock.epochMillis());
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.RESERVED);
        return originates().get(originates().size() - 1);
    }

    /** ... and the agent answered: the customer is being dialed. */
    private void dialing(Engine e) {
        send(e, new PbxEvent.OriginateResult(offered(e).requestId(), LINE_ID, LINE, OriginateOutcome.ANSWERED, 4));
        assertThat(last(CtiEvent.CallbackChanged.class).state()).isEqualTo(CallbackState.DIALING);
    }

    /** The link drops and comes back; the PBX still has c2's caller and {@code more}. */
    private void reconnect(Engine e, ChannelInfo... more) {
        List<ChannelInfo> channels = new ArrayList<>(List.of(
                new ChannelInfo("c2", "c2", chan("c2"), "cti-queue", "4000", "Up", "Wait", "", "")));
        channels.addAll(List.of(more));
        send(e, new PbxEvent.LinkDown("test"));
        events.clear();
        send(e, new PbxEvent.ChannelsSnapshot(channels, List.of()));
        send(e, new PbxEvent.LinkUp("22"));
    }

    private List<PbxCommand.Originate> originates() {
        return pbx.stream().filter(PbxCommand.Originate.class::isInstance).map(PbxCommand.Originate.class::cast).toList();
    }

    private <T> T last(Class<T> type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (type.isInstance(events.get(i))) {
                return type.cast(events.get(i));
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }

    private <T> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static ChannelInfo[] agentLegRinging() {
        return new ChannelInfo[] {
                new ChannelInfo(ORIG_ID, ORIG_ID, ORIG, "agents", ext("s1"), "Ringing", "AppDial2", "", ""),
                new ChannelInfo("1700000000.61", ORIG_ID, ORIG_2, "agents", ext("s1"), "Ring", "Wait", "", ext("s1"))};
    }

    /** The agent answered while the link was down: the Originate's first channel dials the customer. */
    private static ChannelInfo[] customerLeg(String bridge, String customerState) {
        return new ChannelInfo[] {
                new ChannelInfo(ORIG_ID, ORIG_ID, ORIG, "outbound", "5550100", "Up", "Dial", bridge, ""),
                new ChannelInfo("1700000000.61", ORIG_ID, ORIG_2, "agents", ext("s1"), "Up", "Wait", "b0", ext("s1")),
                new ChannelInfo("1700000000.62", ORIG_ID, CUSTOMER, "pstn", "5550100", customerState, "AppDial", bridge,
                        "5550100")};
    }

    private List<PbxCommand.HangupChannel> hangups(List<PbxCommand> commands) {
        return commands.stream().filter(PbxCommand.HangupChannel.class::isInstance)
                .map(PbxCommand.HangupChannel.class::cast).toList();
    }

    private long requeuedTimes(String callId) {
        return all(CtiEvent.CallQueued.class).stream().filter(q -> q.callId().equals(callId)).count();
    }

    @Test
    void originateLost_agentLegStillRinging_isHungUpBeforeTheRequestIsOfferedAgain_andRequeuedOnce() {
        Engine e = engine(3);
        PbxCommand.Originate first = offered(e);
        int before = pbx.size();
        reconnect(e, agentLegRinging());

        List<PbxCommand> sent = List.copyOf(pbx.subList(before, pbx.size()));
        assertThat(hangups(sent)).containsExactly(new PbxCommand.HangupChannel("c1", ORIG));
        int hangupAt = sent.indexOf(hangups(sent).get(0));
        int originateAt = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i) instanceof PbxCommand.Originate) {
                originateAt = i;
            }
        }
        // the free agent is offered the request again, but only after its old ringing was stopped
        assertThat(originateAt).isGreaterThan(hangupAt);
        assertThat(((PbxCommand.Originate) sent.get(originateAt)).requestId()).isNotEqualTo(first.requestId());
        assertThat(requeuedTimes("c1")).isEqualTo(1);
        assertThat(e.callState("c1")).contains(CallState.OFFERED);
        assertThat(last(CtiEvent.CallOffered.class).data()).containsEntry(VirtualHolds.DATA_ATTEMPT, "1");
        assertThat(e.actionCounts("sales").callbackAttempts()).isZero();
        assertThat(all(CtiEvent.CallbackChanged.class)).extracting(CtiEvent.CallbackChanged::state)
                .containsExactly(CallbackState.OFFERED);

        // the hung-up channels' ends, or a hang-up that came too late, change nothing
        send(e, new PbxEvent.CommandFailed(new PbxCommand.HangupChannel("c1", ORIG), "No such channel"));
        send(e, new PbxEvent.ChannelHungUp("1700000000.61", ORIG_ID, ORIG_2, 16, "Normal Clearing"));
        send(e, new PbxEvent.ChannelHungUp(ORIG_ID, ORIG_ID, ORIG, 16, "Normal Clearing"));
        assertThat(e.callState("c1")).contains(CallState.OFFERED);
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.RESERVED);
        assertThat(requeuedTimes("c1")).isEqualTo(1);
    }

    @Test
    void originateLost_noChannelOnTheAgentsPhone_requeuedOnceWithoutHangup() {
        Engine e = engine(3);
        offered(e);
        int before = pbx.size();
        // another agent's phone rings a routed call: not s1's Originate
        reconnect(e, new ChannelInfo("1700000000.70", "c2", "Local/" + ext("s2") + "@agents-00000005;1", "agents",
                ext("s2"), "Ringing", "AppDial", "", ext("s2")));

        assertThat(hangups(pbx.subList(before, pbx.size()))).isEmpty();
        assertThat(requeuedTimes("c1")).isEqualTo(1);
        assertThat(e.callState("c1")).contains(CallState.OFFERED);
        assertThat(e.actionCounts("sales").callbackAttempts()).isZero();
    }

    @Test
    void originateLost_callTheAgentMadeFromTheHandset_isNotHungUp() {
        Engine e = engine(3);
        offered(e);
        int before = pbx.size();
        reconnect(e, new ChannelInfo("1700000000.80", "1700000000.80", "PJSIP/" + ext("s1") + "-0000000a", "phones",
                        "5550199", "Up", "Dial", "b9", ""),
                new ChannelInfo("1700000000.81", "1700000000.80", "PJSIP/trunk-0000000b", "pstn", "5550199", "Up",
                        "AppDial", "b9", "trunk"));

        assertThat(hangups(pbx.subList(before, pbx.size()))).isEmpty();
        assertThat(requeuedTimes("c1")).isEqualTo(1);
        assertThat(all(CtiEvent.CallbackChanged.class)).extracting(CtiEvent.CallbackChanged::state)
                .doesNotContain(CallbackState.DIALING);
    }

    @Test
    void originateLost_customerBeingDialed_isKeptAsDialing_noHangupNoRequeue() {
        Engine e = engine(3);
        offered(e);
        int before = pbx.size();
        reconnect(e, customerLeg("", "Ringing"));

        assertThat(pbx.subList(before, pbx.size())).isEmpty();
        assertThat(requeuedTimes("c1")).isZero();
        assertThat(e.callState("c1")).contains(CallState.OFFERED);
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.RESERVED);
        CtiEvent.CallbackChanged dialing = last(CtiEvent.CallbackChanged.class);
        assertThat(dialing.state()).isEqualTo(CallbackState.DIALING);
        assertThat(dialing.attempt()).isEqualTo(1);
        assertThat(e.actionCounts("sales").callbackAttempts()).isEqualTo(1);

        // the line's events after the LinkUp are the callback's
        send(e, new PbxEvent.AgentAnswered(ORIG_ID, CUSTOMER, "5550100"));
        assertThat(e.callState("c1")).contains(CallState.TALKING);
        assertThat(last(CtiEvent.CallbackChanged.class).state()).isEqualTo(CallbackState.REACHED);
    }

    @Test
    void originateLost_customerAlreadyTalking_isReached_andEndsWithItsLine() {
        Engine e = engine(3);
        offered(e);
        int before = pbx.size();
        reconnect(e, customerLeg("b1", "Up"));

        assertThat(hangups(pbx.subList(before, pbx.size()))).isEmpty();
        assertThat(requeuedTimes("c1")).isZero();
        assertThat(e.callState("c1")).contains(CallState.TALKING);
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.TALKING);
        assertThat(all(CtiEvent.CallbackChanged.class)).extracting(CtiEvent.CallbackChanged::state)
                .containsExactly(CallbackState.DIALING, CallbackState.REACHED);
        assertThat(e.actionCounts("sales").callbacksReached()).isEqualTo(1);

        send(e, new PbxEvent.ChannelHungUp(ORIG_ID, ORIG_ID, ORIG, 16, "Normal Clearing"));
        assertThat(last(CtiEvent.CallEnded.class).outcome()).isEqualTo(CtiEvent.CallOutcome.ANSWERED);
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.WRAP_UP);
    }

    @Test
    void lineGoneWhileDialing_attemptFailsAsLinkLost_agentFree_andTheRequestIsRetriedPerItsRule() {
        Engine e = engine(3);
        dialing(e);
        reconnect(e);

        assertThat(e.callState("c1")).contains(CallState.QUEUED);
        assertThat(all(CtiEvent.CallEnded.class)).isEmpty();
        CtiEvent.CallbackChanged retry = last(CtiEvent.CallbackChanged.class);
        assertThat(retry.state()).isEqualTo(CallbackState.RETRY_SCHEDULED);
        assertThat(retry.reason()).isEqualTo("PBX link lost");
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(e.actionCounts("sales").callbackAttempts()).isEqualTo(1);
        assertThat(e.actionCounts("sales").callbacksFailed()).isZero();
        // the agent is free: it takes the next call in line while the retry interval runs
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.RESERVED);
        assertThat(last(CtiEvent.CallOffered.class).callId()).isEqualTo("c2");

        send(e, new PbxEvent.AgentAnswered("c2", "Local/" + ext("s1") + "@agents;1", ext("s1")));
        send(e, new PbxEvent.ChannelHungUp("c2", "c2", chan("c2"), 16, "Normal Clearing"));
        e.onCommand(new AgentCommand.CompleteWrapUp("s1", "inquiry", "", null), clock.nowNs(), clock.epochMillis());
        int before = originates().size();
        pass(e, 60);
        assertThat(originates()).hasSize(before + 1);
        assertThat(last(CtiEvent.CallOffered.class).callId()).isEqualTo("c1");
        assertThat(last(CtiEvent.CallOffered.class).data()).containsEntry(VirtualHolds.DATA_ATTEMPT, "2");
    }

    @Test
    void lineGoneOnTheLastAttempt_givesTheRequestUp_namingTheLostLink() {
        Engine e = engine(1);
        dialing(e);
        reconnect(e);

        CtiEvent.CallbackChanged given = last(CtiEvent.CallbackChanged.class);
        assertThat(given.state()).isEqualTo(CallbackState.GIVEN_UP);
        assertThat(given.reason()).contains("PBX link lost");
        assertThat(last(CtiEvent.CallEnded.class).outcome()).isEqualTo(CtiEvent.CallOutcome.CLEARED);
        assertThat(e.actionCounts("sales").callbacksFailed()).isEqualTo(1);
        assertThat(e.agent("s1").orElseThrow().state()).isIn(AgentState.READY, AgentState.RESERVED);
    }

    @Test
    void originateOutcomeLost_requestBackAtItsPlace_agentFree_noAttemptCounted() {
        Engine e = engine(3);
        PbxCommand.Originate first = offered(e);
        reconnect(e);

        // routing resumed: c1 is still ahead of c2, and the free agent is reserved for it again
        assertThat(e.callState("c1")).contains(CallState.OFFERED);
        assertThat(e.waitingCallIds("sales")).containsExactly("c2");
        assertThat(last(CtiEvent.CallOffered.class).callId()).isEqualTo("c1");
        assertThat(last(CtiEvent.CallOffered.class).data()).containsEntry(VirtualHolds.DATA_ATTEMPT, "1");
        PbxCommand.Originate again = originates().get(originates().size() - 1);
        assertThat(again.requestId()).isNotEqualTo(first.requestId());
        assertThat(all(CtiEvent.CallEnded.class)).isEmpty();
        assertThat(e.actionCounts("sales").callbackAttempts()).isZero();

        // a late outcome of the lost Originate changes nothing
        send(e, new PbxEvent.OriginateResult(first.requestId(), LINE_ID, LINE, OriginateOutcome.NO_ANSWER, 0));
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.RESERVED);
        send(e, new PbxEvent.OriginateResult(again.requestId(), LINE_ID, LINE, OriginateOutcome.ANSWERED, 4));
        assertThat(last(CtiEvent.CallbackChanged.class).state()).isEqualTo(CallbackState.DIALING);
    }

    @Test
    void lineStillUpWhileDialing_isKept_evenWithTheCallersOwnChannelStillThere() {
        Engine e = engine(3);
        dialing(e);
        reconnect(e, new ChannelInfo(LINE_ID, LINE_ID, LINE, "agents", ext("s1"), "Up", "Dial", "", ext("s1")),
                new ChannelInfo("c1", "c1", chan("c1"), "cti-message", "cti-callback-confirm", "Up", "Playback", "", ""));

        assertThat(e.callState("c1")).contains(CallState.OFFERED);
        assertThat(all(CtiEvent.CallbackChanged.class)).isEmpty();
        send(e, new PbxEvent.AgentAnswered(LINE_ID, FAR, "5550100"));
        assertThat(e.callState("c1")).contains(CallState.TALKING);
        assertThat(last(CtiEvent.CallbackChanged.class).state()).isEqualTo(CallbackState.REACHED);
    }

    @Test
    void reachedCallback_customerStillOnTheLine_staysInTalk_andEndsWhenItsLineIsGone() {
        Engine e = engine(3);
        dialing(e);
        send(e, new PbxEvent.AgentRinging(LINE_ID, FAR, "5550100"));
        send(e, new PbxEvent.AgentAnswered(LINE_ID, FAR, "5550100"));
        assertThat(e.callState("c1")).contains(CallState.TALKING);

        reconnect(e, new ChannelInfo(LINE_ID, LINE_ID, LINE, "agents", ext("s1"), "Up", "Dial", "b1", ext("s1")),
                new ChannelInfo(FAR_ID, LINE_ID, FAR, "pstn", "5550100", "Up", "AppDial", "b1", ""));
        assertThat(e.callState("c1")).contains(CallState.TALKING);
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.TALKING);
        assertThat(all(CtiEvent.CallEnded.class)).isEmpty();

        reconnect(e);
        assertThat(last(CtiEvent.CallEnded.class).outcome()).isEqualTo(CtiEvent.CallOutcome.ANSWERED);
        assertThat(e.agent("s1").orElseThrow().state()).isEqualTo(AgentState.WRAP_UP);
    }
}
