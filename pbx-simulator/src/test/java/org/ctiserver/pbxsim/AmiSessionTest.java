package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Session-level behaviour over real sockets, against trace 01 (login) and 17 (errors). */
@Tag("integration")
class AmiSessionTest {
    private PbxSimulator sim;

    @BeforeEach
    void start() {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).loginFailureDelayMillis(200).build());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void plainLoginGivesBannerSuccessFullyBootedAndSuccessfulAuth() throws IOException {
        try (AmiTestClient c = AmiTestClient.connect(sim.port())) {
            assertThat(c.banner()).isEqualTo("Asterisk Call Manager/11.0.0");
            AmiMessage r = c.action("Login", "Username", "cti", "Secret", "cti-secret");
            assertThat(r.keys()).containsExactly("Response", "ActionID", "Message");
            assertThat(r.get("Message")).isEqualTo("Authentication accepted");
            AmiMessage booted = c.awaitEvent("FullyBooted", null, null);
            assertThat(booted.keys()).containsExactly("Event", "Privilege", "Uptime", "LastReload", "Status");
            AmiMessage auth = c.awaitEvent("SuccessfulAuth", null, null);
            assertThat(auth.keys()).containsExactly("Event", "Privilege", "Timestamp", "EventTV", "Severity", "Service",
                    "EventVersion", "AccountID", "SessionID", "LocalAddress", "RemoteAddress", "UsingPassword", "SessionTV");
            assertThat(auth.get("AccountID")).isEqualTo("cti");
            assertThat(c.messages().indexOf(booted)).isLessThan(c.messages().indexOf(auth));
        }
    }

    @Test
    void md5ChallengeLogin() throws Exception {
        try (AmiTestClient c = AmiTestClient.connect(sim.port())) {
            AmiMessage ch = c.action("Challenge", "AuthType", "MD5");
            assertThat(ch.keys()).containsExactly("Response", "ActionID", "Challenge");
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((ch.get("Challenge") + "cti-secret").getBytes(StandardCharsets.UTF_8)));
            AmiMessage r = c.action("Login", "AuthType", "MD5", "Username", "cti", "Key", key);
            assertThat(r.get("Response")).isEqualTo("Success");
            assertThat(r.get("Message")).isEqualTo("Authentication accepted");
            assertThat(c.action("Login", "Username", "cti", "Secret", "cti-secret").get("Message"))
                    .isEqualTo("Already authenticated");
            assertThat(c.action("Challenge", "AuthType", "SHA1").get("Message")).isEqualTo("Must specify AuthType");
        }
    }

    @Test
    void failedLoginsAnswerErrorCloseAndReportSecurityEvents() throws IOException {
        try (AmiTestClient watcher = AmiTestClient.login(sim.port())) {
            try (AmiTestClient bad = AmiTestClient.connect(sim.port())) {
                AmiMessage r = bad.action("Login", "Username", "cti", "Secret", "wrong-secret");
                assertThat(r.get("Response")).isEqualTo("Error");
                assertThat(r.get("Message")).isEqualTo("Authentication failed");
                bad.awaitClosedByServer();
            }
            assertThat(watcher.awaitEvent("InvalidPassword", "AccountID", "cti").get("EventVersion")).isEqualTo("2");

            try (AmiTestClient bad = AmiTestClient.connect(sim.port())) {
                bad.action("Challenge", "AuthType", "MD5");
                AmiMessage r = bad.action("Login", "AuthType", "MD5", "Username", "cti", "Key", "ede74a3ec4ab7797673a5e87449b768d");
                assertThat(r.get("Message")).isEqualTo("Authentication failed");
                bad.awaitClosedByServer();
            }
            AmiMessage crf = watcher.awaitEvent("ChallengeResponseFailed", null, null);
            assertThat(crf.keys()).contains("Challenge", "Response", "ExpectedResponse");

            try (AmiTestClient early = AmiTestClient.connect(sim.port())) {
                AmiMessage denied = early.action("Ping");
                assertThat(denied.get("Message")).isEqualTo("Permission denied");
                AmiMessage r = early.action("Login", "Username", "nosuchuser", "Secret", "x");
                assertThat(r.get("Message")).isEqualTo("Authentication failed");
                early.awaitClosedByServer();
            }
            assertThat(watcher.awaitEvent("RequestNotAllowed", null, null).get("RequestType")).isEqualTo("Action: Ping");
            assertThat(watcher.awaitEvent("InvalidAccountID", null, null).get("AccountID")).isEqualTo("nosuchuser");
        }
    }

    @Test
    void pingWithAndWithoutActionId() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.port())) {
            AmiMessage r = c.action("Ping");
            assertThat(r.keys()).containsExactly("Response", "ActionID", "Ping", "Timestamp");
            assertThat(r.get("Ping")).isEqualTo("Pong");
            assertThat(r.get("Timestamp")).matches("\\d+\\.\\d{6}");
            int mark = c.mark();
            c.sendRaw("Action: Ping\r\n\r\n");
            AmiMessage noId = c.awaitFrame(m -> m.isResponse() && c.messages().indexOf(m) >= mark - 1
                    && "Pong".equals(m.get("Ping")) && !m.has("ActionID"), Duration.ofSeconds(5));
            assertThat(noId.keys()).containsExactly("Response", "Ping", "Timestamp");
        }
    }

    @Test
    void unknownAndMissingActionsAnswerAsterisksTexts() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.port())) {
            assertThat(c.action("NoSuchAction").get("Message"))
                    .isEqualTo("Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.");
            assertThat(c.awaitEvent("RequestBadFormat", null, null).get("RequestType")).isEqualTo("Action: NoSuchAction");
            c.sendRaw("Foo: bar\r\n\r\n");
            AmiMessage missing = c.awaitFrame(m -> m.isResponse() && "Missing action in request".equals(m.get("Message")),
                    Duration.ofSeconds(5));
            assertThat(missing.keys()).containsExactly("Response", "Message");
        }
    }

    @Test
    void logoffSaysGoodbyeAndCloses() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.port())) {
            AmiMessage r = c.action("Logoff");
            assertThat(r.get("Response")).isEqualTo("Goodbye");
            assertThat(r.get("Message")).isEqualTo("Thanks for all the fish.");
            c.awaitClosedByServer();
        }
    }

    @Test
    void everyClientGetsTheEventsAndEventsOffSilencesOne() throws IOException {
        try (AmiTestClient a = AmiTestClient.login(sim.port()); AmiTestClient b = AmiTestClient.login(sim.port());
             AmiTestClient quiet = AmiTestClient.login(sim.port())) {
            assertThat(quiet.action("Events", "EventMask", "off").get("Events")).isEqualTo("Off");
            assertThat(quiet.action("Events", "EventMask", "bogus").get("Events")).isEqualTo("Off");
            int quietMark = quiet.mark();
            sim.injectCall("sales");
            AmiMessage ua = a.awaitEvent("UserEvent", "UserEvent", "CtiCallWaiting");
            AmiMessage ub = b.awaitEvent("UserEvent", "UserEvent", "CtiCallWaiting");
            assertThat(ua).isEqualTo(ub);
            assertThat(quiet.action("Ping").get("Ping")).isEqualTo("Pong");
            assertThat(quiet.eventsSince(quietMark)).isEmpty();
            assertThat(quiet.action("Events", "EventMask", "user").get("Events")).isEqualTo("On");
        }
    }

    @Test
    void coreSettingsAndCommandVersionForAsteriskJava() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.port())) {
            assertThat(c.action("CoreSettings").get("AsteriskVersion")).startsWith("22.");
            assertThat(c.action("Command", "Command", "core show version").get("Output")).startsWith("Asterisk 22.");
            AmiMessage bad = c.action("Command", "Command", "no such cli command");
            assertThat(bad.get("Response")).isEqualTo("Error");
            assertThat(bad.get("Output")).isEqualTo(
                    "No such command 'no such cli command' (type 'core show help no such' for other possible commands)");
        }
    }
}
