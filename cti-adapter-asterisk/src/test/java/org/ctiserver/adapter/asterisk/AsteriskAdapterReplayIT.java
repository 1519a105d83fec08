package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.CallWaiting;
import org.ctiserver.core.pbx.PbxEvent.CommandFailed;
import org.ctiserver.core.pbx.PbxEvent.LinkDown;
import org.ctiserver.core.pbx.PbxEvent.LinkUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Asterisk-Java over a real TCP socket, fed with the bytes Asterisk 22 sent in the recorded traces. */
@Tag("integration")
class AsteriskAdapterReplayIT {

    /** The transport under test: Asterisk-Java here, Netty in the {@code Netty...IT} subclass (same tests). */
    AmiSettings.Transport transport() {
        return AmiSettings.Transport.ASTERISK_JAVA;
    }



    private static final String SECRET = "cti-secret";
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

    private AsteriskAdapter adapter(ReplayAmiServer server, String secret) {
        AmiSettings settings = AmiSettings.of("127.0.0.1", server.port(), "cti", secret)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .withTransport(transport());
        AsteriskAdapter adapter = new AsteriskAdapter(settings, sink);
        toClose.add(0, adapter);
        adapter.start();
        return adapter;
    }

    @Test
    void trace03EventsReachTheSinkAsTheyDoThroughTheTranslatorAlone() throws IOException {
        AmiTrace trace = AmiTrace.load("03-route-redirect");
        ReplayAmiServer server = server(trace.events().stream().map(AmiTrace.Frame::wireText).collect(Collectors.toList()));
        adapter(server, SECRET);

        List<PbxEvent> expected = new ArrayList<>();
        expected.add(new LinkUp("Asterisk 22 (Asterisk Call Manager/11.0.0)"));
        expected.addAll(trace.allTranslated());
        if (transport() == AmiSettings.Transport.ASTERISK_JAVA) {
            // the recorder's Originate was not this connection's: Asterisk-Java gives its OriginateResponse no
            // ActionID, and the adapter skips it (docs/decisions/0007-call-control.md)
            expected.removeIf(PbxEvent.OriginateResult.class::isInstance);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.events().size() >= expected.size());
        assertThat(sink.events()).containsExactlyElementsOf(expected);
        // the registered UserEvent class made it through Asterisk-Java with every field
        assertThat(sink.events(CallWaiting.class)).singleElement().satisfies(w -> {
            assertThat(w.queueId()).isEqualTo("sales");
            assertThat(w.callerName()).isEqualTo("Carol Caller");
            assertThat(w.data()).isEqualTo(Map.of("IvrLang", "en", "CustomerId", "C5551003"));
        });
        // MD5 challenge login, never the secret in clear
        assertThat(server.actions("Login")).singleElement().satisfies(login -> {
            assertThat(login).containsEntry("AuthType", "MD5").doesNotContainKey("Secret");
            assertThat(login.get("Key")).isEqualTo(ReplayAmiServer.md5Hex(ReplayAmiServer.CHALLENGE + SECRET));
        });
    }

    @Test
    void md5KeyIsComputedAsInTrace01() {
        assertThat(ReplayAmiServer.md5Hex("858374775" + "cti-secret")).isEqualTo("d4443a925b97c2ad1e12bad878ce793d");
    }

    @Test
    void commandsBecomeActionsAndErrorsComeBackAsCommandFailed() throws IOException {
        ReplayAmiServer server = server(List.of());
        server.responder = action -> action.getOrDefault("Channel", "").contains("deadbeef")
                ? "Response: Error\r\nMessage: Channel does not exist: " + action.get("Channel") + "\r\n"
                : ReplayAmiServer.defaultResponse(action);
        AsteriskAdapter adapter = adapter(server, SECRET);
        await().atMost(Duration.ofSeconds(10)).until(adapter::isLinkUp);

        adapter.execute(new PbxCommand.RouteToAgent("1795491068.0", "Local/9003@callers-00000000;1", "2001"));
        PbxCommand bad = new PbxCommand.RouteToAgent("1.1", "Local/9999@callers-deadbeef;1", "2001");
        adapter.execute(bad);
        adapter.execute(new PbxCommand.HangupCall("1795491068.0", "Local/9003@callers-00000000;1"));

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count(CommandFailed.class) == 1
                && server.actions("Hangup").size() == 1);
        assertThat(server.actions("Redirect")).hasSize(2).first().satisfies(r -> assertThat(r)
                .containsEntry("Channel", "Local/9003@callers-00000000;1").containsEntry("Context", "agentdial")
                .containsEntry("Exten", "2001").containsEntry("Priority", "1"));
        assertThat(server.actions("Hangup").get(0)).containsEntry("Channel", "Local/9003@callers-00000000;1");
        assertThat(sink.events(CommandFailed.class)).containsExactly(
                new CommandFailed(bad, "Channel does not exist: Local/9999@callers-deadbeef;1"));
    }

    @Test
    void unansweredActionTimesOut() throws IOException {
        ReplayAmiServer server = server(List.of());
        server.responder = action -> null;
        AsteriskAdapter adapter = adapter(server, SECRET);
        await().atMost(Duration.ofSeconds(10)).until(adapter::isLinkUp);
        adapter.execute(new PbxCommand.HangupCall("1.0", "PJSIP/trunk-00000000"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count(CommandFailed.class) == 1);
        assertThat(sink.events(CommandFailed.class).get(0).message()).contains("no response to Hangup");
    }

    @Test
    void droppedConnectionGivesLinkDownThenLinkUpAfterReconnect() throws IOException {
        ReplayAmiServer server = server(List.of());
        AsteriskAdapter adapter = adapter(server, SECRET);
        await().atMost(Duration.ofSeconds(10)).until(adapter::isLinkUp);

        server.dropConnections();

        await().atMost(Duration.ofSeconds(10)).until(() -> adapter.linkUpCount() == 2 && adapter.isLinkUp());
        assertThat(sink.events()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("LinkUp", "LinkDown", "LinkUp");
        assertThat(server.actions("Login")).hasSize(2);
    }

    @Test
    void refusedLoginIsRetriedWithBackoffAndNeverReportsLinkUp() throws IOException, InterruptedException {
        ReplayAmiServer server = server(List.of());
        AsteriskAdapter adapter = adapter(server, "wrong-secret");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.actions("Login").size() >= 3);
        assertThat(adapter.isLinkUp()).isFalse();
        assertThat(sink.count(LinkUp.class)).isZero();
    }

    @Test
    void closeLogsOff() throws IOException {
        ReplayAmiServer server = server(List.of());
        AsteriskAdapter adapter = adapter(server, SECRET);
        await().atMost(Duration.ofSeconds(10)).until(adapter::isLinkUp);
        adapter.close();
        assertThat(server.actions("Logoff")).hasSize(1);
        assertThat(sink.events()).last().isEqualTo(new LinkDown("adapter closed"));
    }
}
