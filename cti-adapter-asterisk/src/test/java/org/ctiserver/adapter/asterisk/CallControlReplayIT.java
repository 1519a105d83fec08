package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.Destination;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.CommandFailed;
import org.ctiserver.core.pbx.PbxEvent.LinkUp;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.pbx.PbxEvent.OriginateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Call control over a real socket with the bytes of Asterisk 22: the commands as the server reads them off the wire,
 * Asterisk's answers, and the recorded call-control traces through the whole transport. Asterisk-Java here, Netty in
 * {@link NettyCallControlReplayIT}.
 */
@Tag("integration")
class CallControlReplayIT {

    AmiSettings.Transport transport() {
        return AmiSettings.Transport.ASTERISK_JAVA;
    }

    private static final String SECRET = "cti-secret";
    private static final String CALLER = "Local/9007@callers-00000000;1";
    private static final String AGENT = "Local/2001@agents-00000001;1";
    private final RecordingSink sink = new RecordingSink();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private ReplayAmiServer server(List<String> frames) throws IOException {
        ReplayAmiServer server = new ReplayAmiServer(SECRET, frames);
        toClose.add(server);
        return server;
    }

    private AsteriskAdapter adapter(ReplayAmiServer server) {
        AmiSettings settings = AmiSettings.of("127.0.0.1", server.port(), "cti", SECRET)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .withTransport(transport());
        AsteriskAdapter adapter = new AsteriskAdapter(settings, sink);
        toClose.add(0, adapter);
        adapter.start();
        await().atMost(Duration.ofSeconds(10)).until(adapter::isLinkUp);
        return adapter;
    }

    private static String header(List<String[]> action, String name) {
        return action.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    private static List<String> headers(List<String[]> action, String name) {
        return action.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"07-hold-resume", "07b-hold-park", "08-blind-transfer", "08b-blind-transfer-action",
            "09-attended-transfer", "09b-consult-transfer-ami", "10-conference", "11-recording", "12-chanspy",
            "13-dtmf-vars", "14-originate-outcomes", "16-amd"})
    void recordedTrace_reachesTheSinkAsThroughTheTranslatorAlone(String name) throws IOException {
        AmiTrace trace = AmiTrace.load(name);
        ReplayAmiServer server = server(trace.events().stream().map(AmiTrace.Frame::wireText).collect(Collectors.toList()));
        AsteriskAdapter adapter = adapter(server);

        List<PbxEvent> expected = new ArrayList<>();
        expected.add(new LinkUp("Asterisk 22 (Asterisk Call Manager/11.0.0)"));
        expected.addAll(trace.allTranslated());
        if (transport() == AmiSettings.Transport.ASTERISK_JAVA) {
            // the recorded Originates were not sent by this connection: their ActionIDs lack Asterisk-Java's
            // "<internal id>#" prefix, and Asterisk-Java hands such an OriginateResponse on with no ActionID at all
            expected.removeIf(OriginateResult.class::isInstance);
        }
        // MixMonitorMute (no Asterisk-Java class) and UserEvent CtiAmdResult (a registered class) included
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sink.events()).containsExactlyElementsOf(expected));
        assertThat(adapter.inputStats().total()).isZero();
    }

    @Test
    void everyCommand_reachesTheWireAsInTheTraces() throws IOException {
        ReplayAmiServer server = server(List.of());
        AsteriskAdapter adapter = adapter(server);

        adapter.execute(new PbxCommand.HoldCall("c1", CALLER, AGENT));
        adapter.execute(new PbxCommand.BridgeChannels("c1", CALLER, AGENT));
        adapter.execute(new PbxCommand.Conference("c1", "8001", List.of(CALLER, AGENT, "Local/2002@agents-00000003;1")));
        adapter.execute(new PbxCommand.Record("c1", CALLER, PbxCommand.RecordingAction.START, "cti-c1.wav"));
        adapter.execute(new PbxCommand.Record("c1", CALLER, PbxCommand.RecordingAction.PAUSE, ""));
        adapter.execute(new PbxCommand.Record("c1", CALLER, PbxCommand.RecordingAction.STOP, ""));
        adapter.execute(new PbxCommand.SendDtmf("c1", CALLER, "12"));
        adapter.execute(new PbxCommand.SetVariable("c1", CALLER, "CTI_DISPOSITION", "sale"));
        adapter.execute(new PbxCommand.HangupChannel("c1", AGENT));

        await().atMost(Duration.ofSeconds(10)).until(() -> server.actions("Hangup").size() == 1
                && server.actions("PlayDTMF").size() == 2 && server.actions("Setvar").size() == 1);
        assertThat(sink.count(CommandFailed.class)).isZero();

        List<Map<String, String>> redirects = server.actions("Redirect");
        assertThat(redirects).hasSize(3);
        assertThat(redirects.get(0)).containsEntry("Channel", CALLER).containsEntry("Context", "hold")
                .containsEntry("Exten", "caller").containsEntry("Priority", "1").containsEntry("ExtraChannel", AGENT)
                .containsEntry("ExtraContext", "hold").containsEntry("ExtraExten", "agent")
                .containsEntry("ExtraPriority", "1");
        assertThat(redirects.get(1)).containsEntry("Context", "conf").containsEntry("Exten", "8001")
                .containsEntry("ExtraExten", "8001");
        assertThat(redirects.get(2)).containsEntry("Channel", "Local/2002@agents-00000003;1")
                .doesNotContainKey("ExtraChannel");
        assertThat(server.actions("Bridge")).singleElement().satisfies(b -> assertThat(b)
                .containsEntry("Channel1", CALLER).containsEntry("Channel2", AGENT));
        assertThat(ast(server.actions("Bridge").get(0).get("Tone"))).isFalse();
        assertThat(server.actions("MixMonitor")).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("Channel", CALLER).containsEntry("File", "cti-c1.wav").containsEntry("Options", "b"));
        assertThat(server.actions("MixMonitorMute")).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("Direction", "both").containsEntry("State", "1"));
        assertThat(server.actions("StopMixMonitor")).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("Channel", CALLER));
        assertThat(server.actions("PlayDTMF")).extracting(m -> m.get("Digit")).containsExactly("1", "2");
        assertThat(server.actions("PlayDTMF").get(0)).containsEntry("Duration", "200");
        assertThat(server.actions("Setvar")).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("Channel", CALLER).containsEntry("Variable", "CTI_DISPOSITION")
                .containsEntry("Value", "sale"));
    }

    /** Asterisk's ast_true: how it reads a boolean header ("yes", "true", "y", "t", "1", "on"). */
    private static boolean ast(String value) {
        return value != null && List.of("yes", "true", "y", "t", "1", "on").contains(value.trim().toLowerCase());
    }

    @Test
    void originate_carriesTheRequestIdInItsActionId_andTheOriginateResponseComesBackAsItsResult() throws IOException {
        ReplayAmiServer server = server(List.of());
        AsteriskAdapter adapter = adapter(server);
        PbxCommand.Originate originate = new PbxCommand.Originate("r-1", "r-1", "2001",
                new Destination.External("5550100"), "Agent 2001", "2001",
                Map.of("CTI_CAMPAIGN", "c42", "CTI_NOTE", "a,b"), 20_000);
        adapter.execute(originate);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.rawActions("Originate").size() == 1);
        List<String[]> raw = server.rawActions("Originate").get(0);
        assertThat(header(raw, "Channel")).isEqualTo("Local/2001@agents");
        assertThat(header(raw, "Context")).isEqualTo("outbound");
        assertThat(header(raw, "Exten")).isEqualTo("5550100");
        assertThat(header(raw, "CallerID")).isEqualTo("\"Agent 2001\" <2001>");
        assertThat(header(raw, "Timeout")).isEqualTo("20000");
        assertThat(ast(header(raw, "Async"))).isTrue();
        // one Variable header per variable, commas escaped for Asterisk's argument splitter
        assertThat(headers(raw, "Variable")).containsExactlyInAnyOrder("CTI_CAMPAIGN=c42", "CTI_NOTE=a\\,b");
        String actionId = header(raw, "ActionID");
        assertThat(actionId).endsWith("#r-1");

        // Asterisk answers the Originate at once and reports the outcome later, with the same ActionID (trace 14)
        server.push("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + actionId + "\r\n"
                + "Response: Failure\r\nChannel: Local/2001@agents\r\nContext: outbound\r\nExten: 5550100\r\n"
                + "Reason: 5\r\nUniqueid: <unknown>\r\nCallerIDNum: 2001\r\nCallerIDName: Agent 2001\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count(OriginateResult.class) == 1);
        assertThat(sink.events(OriginateResult.class)).containsExactly(
                new OriginateResult("r-1", "", "Local/2001@agents", OriginateOutcome.BUSY, 5));
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void spyAndDialCustomer_areOriginatesWithTheirRequestIds() throws IOException {
        ReplayAmiServer server = server(List.of());
        AsteriskAdapter adapter = adapter(server);
        adapter.execute(new PbxCommand.Spy("c1", "spy-1", "3001", AGENT, PbxCommand.SpyMode.WHISPER));
        adapter.execute(new PbxCommand.DialCustomer("d-1", "d-1", "5550701", "5550000", Map.of(), 20_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.rawActions("Originate").size() == 2);
        List<String[]> spy = server.rawActions("Originate").get(0);
        assertThat(header(spy, "Channel")).isEqualTo("Local/3001@supervisor");
        assertThat(header(spy, "Application")).isEqualTo("ChanSpy");
        assertThat(header(spy, "Data")).isEqualTo(AGENT + ",qw");
        assertThat(header(spy, "ActionID")).endsWith("#spy-1");
        List<String[]> dial = server.rawActions("Originate").get(1);
        assertThat(header(dial, "Channel")).isEqualTo("Local/5550701@outbound");
        assertThat(header(dial, "Context")).isEqualTo("amd");
        assertThat(header(dial, "Exten")).isEqualTo("s");
        assertThat(header(dial, "ActionID")).endsWith("#d-1");
    }

    @Test
    void aFailingStep_endsTheCommandWithAsterisksMessage_andSendsNoMore() throws IOException {
        ReplayAmiServer server = server(List.of());
        String gone = "Local/2002@agents-0000000f;1";
        server.responder = action -> action.getOrDefault("Channel", "").equals(gone)
                ? "Response: Error\r\nMessage: Channel does not exist: " + gone + "\r\n"
                : ReplayAmiServer.defaultResponse(action);
        AsteriskAdapter adapter = adapter(server);
        PbxCommand conference = new PbxCommand.Conference("c1", "8001", List.of(CALLER, AGENT, gone,
                "Local/2003@agents-00000010;1"));
        adapter.execute(conference);
        PbxCommand bad = new PbxCommand.SendDtmf("c1", CALLER, "1x");
        adapter.execute(bad);

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count(CommandFailed.class) == 2);
        assertThat(sink.events(CommandFailed.class)).anySatisfy(f -> {
            assertThat(f.command()).isEqualTo(conference);
            assertThat(f.message()).startsWith("Channel does not exist: " + gone).contains("2 of 3");
        });
        assertThat(sink.events(CommandFailed.class)).anySatisfy(f -> {
            assertThat(f.command()).isEqualTo(bad);
            assertThat(f.message()).contains("'x' is no DTMF digit");
        });
        assertThat(server.actions("Redirect")).hasSize(2); // the fourth party is not moved
        assertThat(server.actions("PlayDTMF")).isEmpty();
    }

    @Test
    void badInput_isCountedAndTheSessionGoesOn() throws IOException {
        ReplayAmiServer server = server(List.of());
        AsteriskAdapter adapter = adapter(server);
        server.push("Event: Hangup\r\nChannel: Local/1@x-1;1\r\nCause: 16\r\n\r\n"); // no Uniqueid
        server.push("Event: UserEvent\r\nUserEvent: CtiSomethingNew\r\nChannel: Local/1@x-1;1\r\nUniqueid: 1.1\r\n\r\n");
        server.push("Event: MusicOnHoldStart\r\nChannel: Local/9@callers-1;1\r\nUniqueid: 9.9\r\nLinkedid: 9.9\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count(PbxEvent.MusicOnHold.class) == 1);
        assertThat(adapter.inputStats().count(AmiInputStats.Kind.MISSING_FIELD)).isEqualTo(1);
        if (transport() == AmiSettings.Transport.NETTY) {
            // Asterisk-Java drops a UserEvent without a registered class before the adapter sees it
            assertThat(adapter.inputStats().count(AmiInputStats.Kind.UNKNOWN_EVENT)).isEqualTo(1);
        }
        assertThat(adapter.isLinkUp()).isTrue();
    }
}
