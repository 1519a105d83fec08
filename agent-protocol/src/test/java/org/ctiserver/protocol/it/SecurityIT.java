package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.protocol.it.TestBed.join;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.protocol.ProtocolOptions;
import org.ctiserver.protocol.TlsOptions;
import org.ctiserver.protocol.client.AgentClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/** The origin check on the upgrade, and wss with a certificate made for the test. */
@Tag("integration")
class SecurityIT {
    private static final String PASSWORD = "changeit";
    private TestBed bed;

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    /** The upgrade's HTTP status: 101 when it went through. */
    private int upgradeStatus(String origin) {
        WebSocketClient ws = bed.vertx.createWebSocketClient();
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(bed.port())
                .setURI(ProtocolOptions.WEBSOCKET_PATH).setAllowOriginHeader(origin != null);
        if (origin != null) {
            o.addHeader("Origin", origin);
        }
        CompletableFuture<Integer> status = new CompletableFuture<>();
        ws.connect(o).onSuccess(s -> {
            status.complete(101);
            s.close();
        }).onFailure(err -> status.complete(err instanceof UpgradeRejectedException r ? r.getStatus() : -1));
        return join(status);
    }

    @Test
    void withoutAListOnlyTheSameOriginMayOpenTheSocket() {
        bed = new TestBed();
        assertThat(upgradeStatus("http://127.0.0.1:" + bed.port())).isEqualTo(101);
        assertThat(upgradeStatus("https://127.0.0.1:" + bed.port())).isEqualTo(101);
        assertThat(upgradeStatus(null)).as("non-browser clients send none").isEqualTo(101);
        assertThat(upgradeStatus("http://evil.example")).isEqualTo(403);
        assertThat(upgradeStatus("http://127.0.0.1:1")).isEqualTo(403);
        assertThat(upgradeStatus("null")).isEqualTo(403);
    }

    @Test
    void aListAllowsExactlyTheOriginsOnIt() {
        bed = new TestBed(ProtocolOptions.defaults().withAllowedOrigins(List.of("https://CTI.example.com")));
        assertThat(upgradeStatus("https://cti.example.com")).isEqualTo(101);
        assertThat(upgradeStatus("http://cti.example.com")).isEqualTo(403);
        assertThat(upgradeStatus("http://127.0.0.1:" + bed.port())).isEqualTo(403);
    }

    @Test
    void wssWithAPkcs12KeyStore() throws Exception {
        Path store = dir.resolve("server.p12");
        run("keytool", "-genkeypair", "-alias", "cti", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        agentWorksOverWss(TlsOptions.keyStore(store.toString(), PASSWORD));
    }

    @Test
    void wssWithPemFiles() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString());
        agentWorksOverWss(TlsOptions.pem(cert.toString(), key.toString()));
    }

    private void agentWorksOverWss(TlsOptions tls) {
        bed = new TestBed(ProtocolOptions.defaults().withTls(tls));
        URI wss = URI.create("wss://127.0.0.1:" + bed.port() + ProtocolOptions.WEBSOCKET_PATH);
        AgentClient client = bed.unconnectedClient(new AgentClient(bed.vertx,
                new WebSocketClientOptions().setTrustAll(true).setVerifyHost(false)));
        join(client.connect(wss));
        Recorder rec = new Recorder(client);
        assertThat(join(client.login("1001", "pw-1001", "8001", "en")).ok()).isTrue();
        rec.awaitState(AgentState.NOT_READY);
        assertThat(join(client.ready()).ok()).isTrue();
        rec.awaitState(AgentState.READY);

        // plain ws to the TLS port does not get through
        AgentClient plain = bed.unconnectedClient(new AgentClient(bed.vertx));
        CompletableFuture<Void> attempt = plain.connect(bed.wsUri());
        assertThat(attempt).failsWithin(10, TimeUnit.SECONDS);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
