package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.AmdResult;
import org.ctiserver.core.pbx.PbxEvent.AmdStatus;
import org.ctiserver.core.pbx.PbxEvent.ChannelBridged;
import org.ctiserver.core.pbx.PbxEvent.ConferenceChanged;
import org.ctiserver.core.pbx.PbxEvent.DtmfReceived;
import org.ctiserver.core.pbx.PbxEvent.MusicOnHold;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.pbx.PbxEvent.OriginateResult;
import org.ctiserver.core.pbx.PbxEvent.PhoneTransferred;
import org.ctiserver.core.pbx.PbxEvent.RecordingChanged;
import org.ctiserver.core.pbx.PbxEvent.SpyChanged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recorded Asterisk 22 trace through the translator: no trace makes it throw or count bad input, and the
 * call-control flows (07 to 16) give the core events docs/decisions/0007-call-control.md names, in the order
 * Asterisk sent them.
 */
class TraceConformanceTest {

    /** Every {@code .ami} file of the test resources (a copy of the shared traces). */
    static Stream<String> allTraces() throws IOException {
        Path dir = Path.of("src/test/resources/ami-traces");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ami"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().collect(Collectors.toList());
            assertThat(names).hasSizeGreaterThanOrEqualTo(25);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("allTraces")
    void everyTrace_translatesWithoutBadInput(String trace) {
        AmiInputStats stats = new AmiInputStats();
        long events = 0;
        for (AmiTrace.Frame f : AmiTrace.load(trace).events()) {
            assertThat(AmiEventTranslator.translate(f.eventName(), f.fields(), stats)).isNotNull();
            events++;
        }
        assertThat(events).isPositive();
        Map<AmiInputStats.Kind, Long> counts = stats.snapshot();
        if (trace.startsWith("19-")) {
            // the queue baseline's route point announces itself with a UserEvent this adapter does not read
            assertThat(counts.get(AmiInputStats.Kind.UNKNOWN_EVENT)).isEqualTo(1);
            assertThat(stats.total()).isEqualTo(1);
        } else {
            assertThat(stats.total()).as("bad input counted in %s: %s", trace, counts).isZero();
        }
    }

    private static <T extends PbxEvent> List<T> of(String trace, Class<T> type) {
        return AmiTrace.load(trace).translated().stream().filter(type::isInstance).map(type::cast)
                .collect(Collectors.toList());
    }

    @Test
    void hold07_musicOnTheCallerAfterTheDualRedirect_thenBothLegsBridgedAgain() {
        String caller = "Local/9007@callers-00000000;1";
        String agent = "Local/2001@agents-00000001;1";
        // route point music, agent answers, HOLD: music again, RESUME: music stops
        assertThat(of("07-hold-resume", MusicOnHold.class)).extracting(MusicOnHold::started)
                .containsExactly(true, false, true, false);
        assertThat(of("07-hold-resume", MusicOnHold.class)).allSatisfy(m -> {
            assertThat(m.uniqueId()).isEqualTo("1795491159.0");
            assertThat(m.channel()).isEqualTo(caller);
        });
        List<ChannelBridged> bridged = of("07-hold-resume", ChannelBridged.class);
        assertThat(bridged).hasSize(4);
        // the Bridge action of the resume: a new bridge with the caller first, then the agent's leg
        assertThat(bridged.subList(2, 4)).containsExactly(
                new ChannelBridged("1795491159.0", "1795491159.0", caller, "1ecc1f95-7c0f-43b6-b0f8-b42e6e2b105f", 1),
                new ChannelBridged("1795491161.2", "1795491159.0", agent, "1ecc1f95-7c0f-43b6-b0f8-b42e6e2b105f", 2));
    }

    @Test
    void park07b_callerParkedWithMusic_retrievedByANewAgentLegOfTheOriginate() {
        assertThat(of("07b-hold-park", OriginateResult.class)).extracting(OriginateResult::requestId)
                .containsExactly("orig-9007", "orig-unpark");
        List<ChannelBridged> bridged = of("07b-hold-park", ChannelBridged.class);
        assertThat(bridged).last().isEqualTo(new ChannelBridged("1795491189.4", "1795491181.0",
                "Local/2001@agents-00000002;1", "80d1c257-604b-47ff-b42e-3f8e7cf27f87", 2));
    }

    @Test
    void blindTransferByRedirect08_givesNoPhoneTransfer_butTheNewAgentsDial() {
        assertThat(of("08-blind-transfer", PhoneTransferred.class)).isEmpty();
        assertThat(of("08-blind-transfer", PbxEvent.AgentAnswered.class)).extracting(PbxEvent.AgentAnswered::agentExtension)
                .containsExactly("2001", "2002");
    }

    @Test
    void blindTransferOnThePhone08b_isAPhoneTransfer() {
        assertThat(of("08b-blind-transfer-action", PhoneTransferred.class)).containsExactly(new PhoneTransferred(
                "1795491223.0", "Local/2001@agents-00000001;1", "2002", false));
    }

    @Test
    void attendedTransferOnThePhone09_isAnAttendedPhoneTransfer() {
        assertThat(of("09-attended-transfer", PhoneTransferred.class)).containsExactly(new PhoneTransferred(
                "1795491243.0", "Local/2001@agents-00000001;1", "", true));
    }

    @Test
    void consult09b_parkOriginateBridge() {
        String caller = "Local/9009@callers-00000000;1";
        assertThat(of("09b-consult-transfer-ami", OriginateResult.class)).last().isEqualTo(new OriginateResult(
                "orig-consult", "1795491274.4", "Local/2001@agents-00000002;1", OriginateOutcome.ANSWERED, 4));
        assertThat(of("09b-consult-transfer-ami", MusicOnHold.class)).extracting(MusicOnHold::started)
                .containsExactly(true, false, true, false);
        // completion: the held caller and the consulted agent's leg in one new bridge
        List<ChannelBridged> bridged = of("09b-consult-transfer-ami", ChannelBridged.class);
        assertThat(bridged.subList(bridged.size() - 2, bridged.size())).extracting(ChannelBridged::channel,
                ChannelBridged::bridgeChannels).containsExactly(
                org.assertj.core.groups.Tuple.tuple(caller, 1),
                org.assertj.core.groups.Tuple.tuple("Local/2002@agents-00000003;1", 2));
    }

    @Test
    void conference10_threeJoinThreeLeaveRoom8001() {
        List<ConferenceChanged> conf = of("10-conference", ConferenceChanged.class);
        assertThat(conf).extracting(ConferenceChanged::room).containsOnly("8001");
        assertThat(conf).extracting(ConferenceChanged::channel, ConferenceChanged::joined).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Local/9010@callers-00000000;1", true),
                org.assertj.core.groups.Tuple.tuple("Local/2001@agents-00000001;1", true),
                org.assertj.core.groups.Tuple.tuple("Local/2002@agents-00000003;1", true),
                org.assertj.core.groups.Tuple.tuple("Local/2002@agents-00000003;1", false),
                org.assertj.core.groups.Tuple.tuple("Local/9010@callers-00000000;1", false),
                org.assertj.core.groups.Tuple.tuple("Local/2001@agents-00000001;1", false));
        assertThat(conf.get(2).linkedId()).isEqualTo("1795491299.4"); // the consult call keeps its own Linkedid
    }

    @Test
    void recording11_startPauseResumeStop_theOneSidedMuteIsNoPause() {
        assertThat(of("11-recording", RecordingChanged.class)).containsExactly(
                new RecordingChanged("1795491318.0", "Local/9011@callers-00000000;1", RecordingAction.START),
                new RecordingChanged("1795491318.0", "Local/9011@callers-00000000;1", RecordingAction.PAUSE),
                new RecordingChanged("1795491318.0", "Local/9011@callers-00000000;1", RecordingAction.RESUME),
                new RecordingChanged("1795491318.0", "Local/9011@callers-00000000;1", RecordingAction.STOP));
    }

    @Test
    void chanSpy12_threeSpyCallsEachStartedAndStopped_originatesMatchedByActionId() {
        List<SpyChanged> spy = of("12-chanspy", SpyChanged.class);
        assertThat(spy).extracting(SpyChanged::started).containsExactly(true, false, true, false, true, false);
        assertThat(spy).extracting(SpyChanged::spyeeChannel).containsOnly("Local/2001@agents-00000001;1");
        assertThat(spy.get(0).spyerChannel()).isEqualTo("Local/3001@supervisor-00000002;1");
        assertThat(of("12-chanspy", OriginateResult.class)).extracting(OriginateResult::requestId)
                .containsExactly("orig-9012", "spy-listen", "spy-whisper", "spy-barge");
    }

    @Test
    void dtmf13_keysTheCallerPressed_notTheDigitPlayedToIt() {
        assertThat(of("13-dtmf-vars", DtmfReceived.class)).containsExactly(
                new DtmfReceived("1795491366.0", "1795491366.0", "Local/9013@callers-00000000;1", "2"),
                // PlayDTMF Receive=true: as if the caller had pressed it
                new DtmfReceived("1795491366.0", "1795491366.0", "Local/9013@callers-00000000;1", "#"));
    }

    @Test
    void originate14_everyAsyncOutcome_syncOnesGiveNone() {
        assertThat(of("14-originate-outcomes", OriginateResult.class)).containsExactly(
                new OriginateResult("orig-a-answered", "1795491382.0", "Local/2001@agents-00000000;1",
                        OriginateOutcome.ANSWERED, 4),
                new OriginateResult("orig-b-busy", "", "Local/5550486@pstn", OriginateOutcome.BUSY, 5),
                new OriginateResult("orig-c-noanswer", "", "Local/5550404@pstn", OriginateOutcome.NO_ANSWER, 3),
                new OriginateResult("orig-d-congestion", "", "Local/5550503@pstn", OriginateOutcome.CONGESTION, 8),
                new OriginateResult("orig-e1-nosuchexten", "", "Local/999@nosuchcontext", OriginateOutcome.FAILED, 0));
    }

    @Test
    void amd16_humanLongGreetingInitialSilence() {
        assertThat(of("16-amd", AmdResult.class)).containsExactly(
                new AmdResult("1795491446.0", "Local/5550701@pstn-00000000;1", AmdStatus.HUMAN, "HUMAN-800-800"),
                new AmdResult("1795491450.2", "Local/5550702@pstn-00000001;1", AmdStatus.MACHINE,
                        "LONGGREETING-1500-1500"),
                new AmdResult("1795491454.4", "Local/5550703@pstn-00000002;1", AmdStatus.MACHINE,
                        "INITIALSILENCE-2500-2500"));
        // each AMD result follows the OriginateResponse of its call
        List<PbxEvent> events = AmiTrace.load("16-amd").translated();
        for (AmdResult amd : of("16-amd", AmdResult.class)) {
            Optional<OriginateResult> answered = events.stream().filter(OriginateResult.class::isInstance)
                    .map(OriginateResult.class::cast).filter(o -> o.uniqueId().equals(amd.uniqueId())).findFirst();
            assertThat(answered).isPresent();
            assertThat(events.indexOf(answered.get())).isLessThan(events.indexOf(amd));
        }
    }

    @Test
    void errors17_failedBlindTransferGivesNothing_failedOriginateIsFailed() {
        assertThat(of("17-errors", PhoneTransferred.class)).isEmpty();
        assertThat(of("17-errors", OriginateResult.class)).last().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(OriginateOutcome.FAILED);
            assertThat(o.uniqueId()).isEmpty();
        });
    }
}
