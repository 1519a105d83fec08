package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.Destination;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.AgentAnswered;
import org.ctiserver.core.pbx.PbxEvent.AmdResult;
import org.ctiserver.core.pbx.PbxEvent.AmdStatus;
import org.ctiserver.core.pbx.PbxEvent.CallWaiting;
import org.ctiserver.core.pbx.PbxEvent.ChannelBridged;
import org.ctiserver.core.pbx.PbxEvent.ChannelHungUp;
import org.ctiserver.core.pbx.PbxEvent.CommandFailed;
import org.ctiserver.core.pbx.PbxEvent.ConferenceChanged;
import org.ctiserver.core.pbx.PbxEvent.DtmfReceived;
import org.ctiserver.core.pbx.PbxEvent.MusicOnHold;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.pbx.PbxEvent.OriginateResult;
import org.ctiserver.core.pbx.PbxEvent.RecordingChanged;
import org.ctiserver.core.pbx.PbxEvent.SpyChanged;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.PbxSimulator;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every call-control flow over real TCP against the PBX simulator, which behaves as Asterisk 22 did in traces 07 to
 * 16: the adapter's commands go out as AMI actions and the simulator's events come back as the core's events.
 * Asterisk-Java here, Netty in {@link NettyCallControlSimulatorIT}.
 */
@Tag("integration")
class CallControlSimulatorIT {

    AmiSettings.Transport transport() {
        return AmiSettings.Transport.ASTERISK_JAVA;
    }

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final RecordingSink sink = new RecordingSink();
    private PbxSimulator sim;
    private AsteriskAdapter adapter;

    /** A call talking to an agent: its id, the caller's channel and the agent's leg. */
    private record Talking(String callId, String caller, String agentLeg) {
    }

    private void start(UnaryOperator<AmiContexts> contexts, SimulatorConfig.Phone... phones) {
        SimulatorConfig config = SimulatorConfig.builder()
                .port(0)
                .timeScale(10) // simulated seconds run ten times faster: rings of 2 s take 0.2 s
                .trafficPaused(true)
                .callTypes(List.of(SimulatorConfig.CallType.of("sales", "sales").withPatience(0)))
                .phones(phones.length > 0 ? List.of(phones)
                        : List.of(SimulatorConfig.Phone.lab("2001"), SimulatorConfig.Phone.lab("2002")))
                .build();
        sim = PbxSimulator.start(config);
        AmiSettings settings = AmiSettings.of("127.0.0.1", sim.port(), "cti", "cti-secret")
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3))
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withTransport(transport())
                .withContexts(contexts.apply(AmiContexts.DEFAULTS));
        adapter = new AsteriskAdapter(settings, sink);
        adapter.start();
        await().atMost(WAIT).until(adapter::isLinkUp);
    }

    private void start() {
        start(c -> c);
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private <T extends PbxEvent> T awaitEvent(Class<T> type, Predicate<T> which) {
        return await().atMost(WAIT).until(() -> sink.events(type).stream().filter(which).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private <T extends PbxEvent> List<T> events(Class<T> type, Predicate<T> which) {
        return sink.events(type).stream().filter(which).toList();
    }

    /** A new call routed to the agent and answered: both legs in one bridge. */
    private Talking talkingCall(String agent) {
        String callId = sim.injectCall("sales");
        CallWaiting waiting = awaitEvent(CallWaiting.class, w -> w.callId().equals(callId));
        adapter.execute(new PbxCommand.RouteToAgent(callId, waiting.channel(), agent));
        AgentAnswered answered = awaitEvent(AgentAnswered.class, a -> a.callId().equals(callId));
        awaitEvent(ChannelBridged.class, b -> b.uniqueId().equals(callId) && b.bridgeChannels() == 2);
        return new Talking(callId, waiting.channel(), answered.agentChannel());
    }

    /** The consulted agent's leg of an answered Originate: bridged with the originating leg (same Linkedid). */
    private ChannelBridged consultedLeg(OriginateResult originate, String extension) {
        return awaitEvent(ChannelBridged.class, b -> b.linkedId().equals(originate.uniqueId())
                && !b.channel().equals(originate.channel()) && b.channel().startsWith("Local/" + extension + "@"));
    }

    private OriginateResult consult(Talking call, String requestId, String from, String to) {
        adapter.execute(new PbxCommand.Originate(call.callId(), requestId, from, new Destination.AgentPhone(to), "",
                "", Map.of("CTI_CONSULTED_CALL", call.callId()), 20_000));
        return awaitEvent(OriginateResult.class, o -> o.requestId().equals(requestId));
    }

    @Test
    void holdThenResume() {
        start();
        Talking call = talkingCall("2001");
        int musicBefore = events(MusicOnHold.class, m -> m.uniqueId().equals(call.callId())).size();

        adapter.execute(new PbxCommand.HoldCall(call.callId(), call.caller(), call.agentLeg()));
        await().atMost(WAIT).until(() -> events(MusicOnHold.class, m -> m.uniqueId().equals(call.callId())).size()
                == musicBefore + 1);
        assertThat(events(MusicOnHold.class, m -> m.uniqueId().equals(call.callId()))).last()
                .satisfies(m -> assertThat(m.started()).isTrue());

        adapter.execute(new PbxCommand.BridgeChannels(call.callId(), call.caller(), call.agentLeg()));
        ChannelBridged agentBack = awaitEvent(ChannelBridged.class, b -> b.channel().equals(call.agentLeg())
                && b.bridgeChannels() == 2 && events(MusicOnHold.class, m -> !m.started()
                && m.uniqueId().equals(call.callId())).size() >= 2);
        assertThat(events(ChannelBridged.class, b -> b.uniqueId().equals(call.callId())
                && b.bridgeId().equals(agentBack.bridgeId()))).hasSize(1);
        assertThat(events(MusicOnHold.class, m -> m.uniqueId().equals(call.callId()))).last()
                .satisfies(m -> assertThat(m.started()).isFalse());
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void aHeldCall_isNotTakenForANewCallAtTheRoutePointAfterAReconnect() {
        start();
        Talking call = talkingCall("2001");
        adapter.execute(new PbxCommand.HoldCall(call.callId(), call.caller(), call.agentLeg()));
        await().atMost(WAIT).until(() -> events(MusicOnHold.class, m -> m.uniqueId().equals(call.callId())
                && m.started()).size() >= 2);
        String waitingId = sim.injectCall("sales");
        awaitEvent(CallWaiting.class, w -> w.callId().equals(waitingId));

        assertThat(sim.dropConnections()).isEqualTo(1);
        await().atMost(WAIT).until(() -> adapter.linkUpCount() == 2 && adapter.isLinkUp());
        PbxEvent.ChannelsSnapshot snapshot = sink.events(PbxEvent.ChannelsSnapshot.class).get(1);
        assertThat(snapshot.channels()).extracting(PbxEvent.ChannelInfo::uniqueId).contains(call.callId(), waitingId);
        // the held caller still carries the route point's variables, but it is in the hold context
        assertThat(snapshot.atRoutePoint()).extracting(CallWaiting::callId).containsExactly(waitingId);
    }

    @Test
    void blindTransferToAnotherAgent() {
        start();
        Talking call = talkingCall("2001");
        adapter.execute(new PbxCommand.Redirect(call.callId(), call.caller(), new Destination.AgentPhone("2002")));
        AgentAnswered second = awaitEvent(AgentAnswered.class, a -> a.callId().equals(call.callId())
                && a.agentExtension().equals("2002"));
        awaitEvent(ChannelHungUp.class, h -> h.channel().equals(call.agentLeg()));
        // as in trace 08: the new agent's leg enters the new bridge first, the caller second
        ChannelBridged agent = awaitEvent(ChannelBridged.class, b -> b.channel().equals(second.agentChannel()));
        awaitEvent(ChannelBridged.class, b -> b.uniqueId().equals(call.callId())
                && b.bridgeId().equals(agent.bridgeId()) && b.bridgeChannels() == 2);
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void consultationCompleted() {
        start();
        Talking call = talkingCall("2001");
        adapter.execute(new PbxCommand.ParkCaller(call.callId(), call.caller()));
        awaitEvent(ChannelHungUp.class, h -> h.channel().equals(call.agentLeg()));
        assertThat(events(MusicOnHold.class, m -> m.uniqueId().equals(call.callId()))).last()
                .satisfies(m -> assertThat(m.started()).isTrue());

        OriginateResult originate = consult(call, "consult-1", "2001", "2002");
        assertThat(originate.outcome()).isEqualTo(OriginateOutcome.ANSWERED);
        assertThat(originate.channel()).startsWith("Local/2001@agents");
        ChannelBridged consulted = consultedLeg(originate, "2002");

        adapter.execute(new PbxCommand.BridgeChannels(call.callId(), call.caller(), consulted.channel()));
        ChannelBridged joined = awaitEvent(ChannelBridged.class, b -> b.channel().equals(consulted.channel())
                && !b.bridgeId().equals(consulted.bridgeId()));
        assertThat(events(ChannelBridged.class, b -> b.uniqueId().equals(call.callId())
                && b.bridgeId().equals(joined.bridgeId()))).hasSize(1);
        // the consulting agent's second line is left alone in the consultation and drops (trace 09b)
        awaitEvent(ChannelHungUp.class, h -> h.channel().equals(originate.channel()));
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void consultationCancelled() {
        start();
        Talking call = talkingCall("2001");
        adapter.execute(new PbxCommand.ParkCaller(call.callId(), call.caller()));
        awaitEvent(ChannelHungUp.class, h -> h.channel().equals(call.agentLeg()));
        OriginateResult originate = consult(call, "consult-2", "2001", "2002");
        ChannelBridged consulted = consultedLeg(originate, "2002");

        // back to the caller: the agent's consulting leg is bridged with the caller, the consulted agent drops
        adapter.execute(new PbxCommand.BridgeChannels(call.callId(), call.caller(), originate.channel()));
        ChannelBridged back = awaitEvent(ChannelBridged.class, b -> b.channel().equals(originate.channel())
                && !b.bridgeId().equals(consulted.bridgeId()));
        assertThat(events(ChannelBridged.class, b -> b.uniqueId().equals(call.callId())
                && b.bridgeId().equals(back.bridgeId()))).hasSize(1);
        awaitEvent(ChannelHungUp.class, h -> h.channel().equals(consulted.channel()));
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void conferenceOfCallerAgentAndConsultedAgent() {
        start();
        Talking call = talkingCall("2001");
        OriginateResult originate = consult(call, "consult-3", "2001", "2002");
        ChannelBridged consulted = consultedLeg(originate, "2002");

        adapter.execute(new PbxCommand.Conference(call.callId(), "8001",
                List.of(call.caller(), call.agentLeg(), consulted.channel())));
        await().atMost(WAIT).until(() -> events(ConferenceChanged.class, ConferenceChanged::joined).size() == 3);
        assertThat(events(ConferenceChanged.class, ConferenceChanged::joined))
                .extracting(ConferenceChanged::room, ConferenceChanged::channel).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("8001", call.caller()),
                        org.assertj.core.groups.Tuple.tuple("8001", call.agentLeg()),
                        org.assertj.core.groups.Tuple.tuple("8001", consulted.channel()));

        adapter.execute(new PbxCommand.HangupChannel(call.callId(), consulted.channel()));
        awaitEvent(ConferenceChanged.class, c -> !c.joined() && c.channel().equals(consulted.channel()));
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void recordingStartPauseResumeStop() {
        start();
        Talking call = talkingCall("2001");
        for (RecordingAction action : RecordingAction.values()) {
            adapter.execute(new PbxCommand.Record(call.callId(), call.caller(), action,
                    "cti-" + call.callId() + ".wav"));
            awaitEvent(RecordingChanged.class, r -> r.action() == action);
        }
        assertThat(sink.events(RecordingChanged.class)).extracting(RecordingChanged::uniqueId, RecordingChanged::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(call.callId(), RecordingAction.START),
                        org.assertj.core.groups.Tuple.tuple(call.callId(), RecordingAction.PAUSE),
                        org.assertj.core.groups.Tuple.tuple(call.callId(), RecordingAction.RESUME),
                        org.assertj.core.groups.Tuple.tuple(call.callId(), RecordingAction.STOP));
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void supervisorSpiesInEveryMode() {
        start();
        Talking call = talkingCall("2001");
        for (PbxCommand.SpyMode mode : PbxCommand.SpyMode.values()) {
            String requestId = "spy-" + mode;
            adapter.execute(new PbxCommand.Spy(call.callId(), requestId, "3001", call.agentLeg(), mode));
            OriginateResult originate = awaitEvent(OriginateResult.class, o -> o.requestId().equals(requestId));
            assertThat(originate.outcome()).isEqualTo(OriginateOutcome.ANSWERED);
            SpyChanged started = awaitEvent(SpyChanged.class, s -> s.started()
                    && s.spyerChannel().equals(originate.channel()));
            assertThat(started.spyeeChannel()).isEqualTo(call.agentLeg());
            // the supervisor's phone hangs up after a while (3 s simulated): the spy call stops
            awaitEvent(SpyChanged.class, s -> !s.started() && s.spyerChannel().equals(originate.channel()));
        }
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void dtmfBothWays() {
        start();
        Talking call = talkingCall("2001");
        assertThat(sim.callerPresses(call.callId(), "5")).isTrue();
        DtmfReceived key = awaitEvent(DtmfReceived.class, d -> d.uniqueId().equals(call.callId()));
        assertThat(key.digit()).isEqualTo("5");
        assertThat(key.channel()).isEqualTo(call.caller());

        adapter.execute(new PbxCommand.SendDtmf(call.callId(), call.caller(), "12#"));
        PbxCommand gone = new PbxCommand.SendDtmf(call.callId(), "Local/9999@callers-0000ffff;1", "1");
        adapter.execute(gone);
        CommandFailed failed = awaitEvent(CommandFailed.class, f -> f.command().equals(gone));
        assertThat(failed.message()).isNotBlank();
        // the digits played to the caller reach its far end only: no key of the caller's
        assertThat(events(DtmfReceived.class, d -> d.uniqueId().equals(call.callId()))).hasSize(1);
        assertThat(sink.events(CommandFailed.class)).singleElement();
    }

    @Test
    void setVariableOnTheCall_andOnAChannelThatIsGone() {
        start();
        Talking call = talkingCall("2001");
        PbxCommand ok = new PbxCommand.SetVariable(call.callId(), call.caller(), "CTI_DISPOSITION", "sale, paid");
        adapter.execute(ok);
        PbxCommand gone = new PbxCommand.SetVariable(call.callId(), "Local/9999@callers-0000ffff;1", "X", "1");
        adapter.execute(gone);
        CommandFailed failed = awaitEvent(CommandFailed.class, f -> f.command().equals(gone));
        assertThat(failed.message()).isNotBlank();
        assertThat(sink.events(CommandFailed.class)).extracting(CommandFailed::command).containsExactly(gone);
    }

    @Test
    void originateOutcomes_answeredManualCall_andACampaignsBusyNoAnswerCongestion() {
        start(c -> c.withOutbound("pstn")); // the lab dialplan's external numbers are Local/<number>@pstn
        adapter.execute(new PbxCommand.Originate("m-1", "m-1", "2001", new Destination.AgentPhone("2002"),
                "Agent 2001", "2001", Map.of(), 20_000));
        adapter.execute(new PbxCommand.DialCustomer("d-busy", "d-busy", "5550486", "5550000", Map.of(), 20_000));
        adapter.execute(new PbxCommand.DialCustomer("d-noanswer", "d-noanswer", "5550404", "5550000", Map.of(), 5_000));
        adapter.execute(new PbxCommand.DialCustomer("d-congestion", "d-congestion", "5550503", "5550000", Map.of(),
                20_000));
        await().atMost(WAIT).until(() -> sink.count(OriginateResult.class) == 4);
        assertThat(sink.events(OriginateResult.class)).extracting(OriginateResult::requestId, OriginateResult::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("m-1", OriginateOutcome.ANSWERED),
                        org.assertj.core.groups.Tuple.tuple("d-busy", OriginateOutcome.BUSY),
                        org.assertj.core.groups.Tuple.tuple("d-noanswer", OriginateOutcome.NO_ANSWER),
                        org.assertj.core.groups.Tuple.tuple("d-congestion", OriginateOutcome.CONGESTION));
        assertThat(events(OriginateResult.class, o -> o.outcome() != OriginateOutcome.ANSWERED))
                .allSatisfy(o -> assertThat(o.uniqueId()).isEmpty());
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void answeringMachineDetection() {
        start(c -> c.withOutbound("pstn"));
        adapter.execute(new PbxCommand.DialCustomer("amd-h", "amd-h", "5550701", "5550000", Map.of("LEAD", "1"), 20_000));
        adapter.execute(new PbxCommand.DialCustomer("amd-m", "amd-m", "5550702", "5550000", Map.of("LEAD", "2"), 20_000));
        OriginateResult human = awaitEvent(OriginateResult.class, o -> o.requestId().equals("amd-h"));
        OriginateResult machine = awaitEvent(OriginateResult.class, o -> o.requestId().equals("amd-m"));
        assertThat(human.outcome()).isEqualTo(OriginateOutcome.ANSWERED);
        AmdResult h = awaitEvent(AmdResult.class, a -> a.uniqueId().equals(human.uniqueId()));
        AmdResult m = awaitEvent(AmdResult.class, a -> a.uniqueId().equals(machine.uniqueId()));
        assertThat(h.status()).isEqualTo(AmdStatus.HUMAN);
        assertThat(h.cause()).isEqualTo("HUMAN-800-800");
        assertThat(m.status()).isEqualTo(AmdStatus.MACHINE);
        assertThat(m.cause()).isEqualTo("LONGGREETING-1500-1500");
    }

    @Test
    void noAnswerFromTheAgentsPhone_isTheOriginatesOutcome() {
        start(c -> c, SimulatorConfig.Phone.lab("2001").withNoAnswerProbability(1),
                SimulatorConfig.Phone.lab("2002"));
        adapter.execute(new PbxCommand.Originate("m-2", "m-2", "2001", new Destination.AgentPhone("2002"), "", "",
                Map.of(), 3_000));
        OriginateResult result = awaitEvent(OriginateResult.class, o -> o.requestId().equals("m-2"));
        assertThat(result.outcome()).isEqualTo(OriginateOutcome.NO_ANSWER);
        assertThat(result.uniqueId()).isEmpty();
    }
}
