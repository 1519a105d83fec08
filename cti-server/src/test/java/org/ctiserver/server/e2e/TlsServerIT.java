package org.ctiserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With {@code http.tls} the server speaks HTTPS only: pages and API over TLS, plain HTTP refused. */
@Tag("integration")
class TlsServerIT {

    @Test
    void httpTls_servesHttps_andRefusesPlainHttp() throws Exception {
        Path dir = Files.createTempDirectory("cti-tls");
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "cti", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();

        String yaml = AgentTakesCallIT.YAML.replace("http: {port: 0}",
                "http: {port: 0, tls: {keyStore: '" + store + "', keyStorePassword: changeit}}");
        SimulatorConfig.Builder sim = SimulatorConfig.builder().host("127.0.0.1").port(0).seed(1)
                .callType(SimulatorConfig.CallType.of("sales", "sales").withRate(0));
        SimulatorConfig.Phone phone = new SimulatorConfig.Phone("0", Distribution.fixed(1), 0, Distribution.fixed(1), false, true);
        try (SimulatedSite site = SimulatedSite.start(yaml, sim, phone, SimulatedSite.fastBots(), "1001")) {
            int port = site.server.httpPort();
            HttpClient trusting = HttpClient.newBuilder().sslContext(trustAll()).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"engineRunning\":true");

            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            boolean plainRefused;
            try {
                HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                plainRefused = r.statusCode() != 200;
            } catch (java.io.IOException e) {
                plainRefused = true;
            }
            assertThat(plainRefused).as("plain HTTP to the TLS port").isTrue();
        }
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager[] all = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, all, new SecureRandom());
        return ctx;
    }
}
