package org.ctiserver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    static final String HASH = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$X1ZZN8Gu1D0PvLdmpmgiSOP+77NQgUlgWDjaXh3iflI=";

    static String config(String queues, String agents) {
        return """
                site: {name: Test, timeZone: Asia/Shanghai}
                http: {port: 0}
                ami: {host: 127.0.0.1, port: 5038, username: cti, secret: s3cret}
                notReadyReasons: {break: 休息, meal: 就餐}
                dispositions: {inquiry: 咨询}
                queues:
                """ + queues + "agents:\n" + agents;
    }

    static final String QUEUE = "  - {id: sales, name: 销售, requirement: 'sales:2,lang.zh:3', serviceLevelSeconds: 20, wrapUpSeconds: 5}\n";
    static final String AGENT = "  - {id: '1001', name: 张伟, passwordHash: '" + HASH + "', skills: {sales: 5, lang.zh: 4}, queues: [sales]}\n";

    @Test
    void parse_validConfig_resolvesEveryPart() {
        ResolvedConfig c = ConfigLoader.parse(config(QUEUE, AGENT), "test.yaml");

        assertThat(c.timeZone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(c.httpPort()).isZero();
        assertThat(c.ami().agentDialContext()).isEqualTo("agentdial");
        assertThat(c.engine().queues()).singleElement().satisfies(q -> {
            assertThat(q.requirement().minLevels()).containsEntry("sales", 2).containsEntry("lang.zh", 3);
            assertThat(q.wrapUp()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThat(c.engine().agents()).singleElement().satisfies(a -> assertThat(a.queueIds()).containsExactly("sales"));
        assertThat(c.passwordHashes()).containsEntry("1001", HASH);
    }

    @Test
    void parse_badRequirement_namesQueueKeyAndPart() {
        String q = "  - {id: sales, requirement: 'sales:12'}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(config(q, AGENT), "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("queues[0].requirement: level of 'sales' must be 1..10, found 12");
    }

    @Test
    void parse_unknownQueueOfAgent_namesAgentKey() {
        String a = "  - {id: '1001', passwordHash: '" + HASH + "', queues: [billing]}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(config(QUEUE, a), "t.yaml"))
                .hasMessageContaining("agents[0].queues[0]: unknown queue 'billing'");
    }

    @Test
    void parse_unknownKey_namesIt() {
        String q = "  - {id: sales, colour: red}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(config(q, AGENT), "t.yaml"))
                .hasMessageContaining("queues[0].colour: unknown key");
    }

    @Test
    void parse_wrongType_namesKey() {
        String q = "  - {id: sales, serviceLevelSeconds: soon}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(config(q, AGENT), "t.yaml"))
                .hasMessageContaining("queues[0].serviceLevelSeconds");
    }

    @Test
    void parse_severalProblems_reportsAllOfThem() {
        String a = "  - {id: '1001', passwordHash: plain, skills: {sales: 0}}\n  - {id: '1001', passwordHash: '" + HASH + "'}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(config(QUEUE, a).replace("secret: s3cret", "secret: ''"), "t.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "ami.secret: missing",
                        "agents[0].passwordHash: not a pbkdf2-sha256$iterations$salt$hash value (make one with: java -jar cti-server.jar hash-password)",
                        "agents[0].skills.sales: level must be 1..10, found 0",
                        "agents[1].id: '1001' is already used by agents[0]"));
    }

    @Test
    void parse_amiTransport_defaultsToNetty_acceptsAsteriskJava_rejectsOthers() {
        assertThat(ConfigLoader.parse(config(QUEUE, AGENT), "t.yaml").ami().transport()).isEqualTo("netty");
        String aj = config(QUEUE, AGENT).replace("secret: s3cret}", "secret: s3cret, transport: asterisk-java}");
        assertThat(ConfigLoader.parse(aj, "t.yaml").ami().transport()).isEqualTo("asterisk-java");
        String bad = config(QUEUE, AGENT).replace("secret: s3cret}", "secret: s3cret, transport: carrier-pigeon}");
        assertThatThrownBy(() -> ConfigLoader.parse(bad, "t.yaml"))
                .hasMessageContaining("ami.transport: must be 'asterisk-java' or 'netty', found 'carrier-pigeon'");
    }

    @Test
    void parse_tls_needsReadableFilesAndOneForm() throws Exception {
        java.nio.file.Path store = java.nio.file.Files.createTempFile("cti", ".p12");
        String ok = config(QUEUE, AGENT).replace("http: {port: 0}",
                "http: {port: 0, tls: {keyStore: '" + store + "', keyStorePassword: pw}}");
        assertThat(ConfigLoader.parse(ok, "t.yaml").tls()).isNotNull();
        assertThat(ConfigLoader.parse(ok, "t.yaml").toString()).doesNotContain("pw}");

        String missing = config(QUEUE, AGENT).replace("http: {port: 0}",
                "http: {port: 0, tls: {keyStore: /nonexistent/server.p12, keyStorePassword: pw}}");
        assertThatThrownBy(() -> ConfigLoader.parse(missing, "t.yaml"))
                .hasMessageContaining("http.tls.keyStore: '/nonexistent/server.p12' is not a readable file");

        String both = config(QUEUE, AGENT).replace("http: {port: 0}",
                "http: {port: 0, tls: {keyStore: '" + store + "', keyStorePassword: pw, certificate: c.pem}}");
        assertThatThrownBy(() -> ConfigLoader.parse(both, "t.yaml"))
                .hasMessageContaining("http.tls: give either keyStore (+ keyStorePassword) or certificate + privateKey");
    }

    @Test
    void parse_badTimeZoneAndPort_nameTheirKeys() {
        String yaml = config(QUEUE, AGENT).replace("Asia/Shanghai", "Mars/Olympus").replace("port: 0}", "port: 70000}");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "t.yaml"))
                .hasMessageContaining("site.timeZone: 'Mars/Olympus' is not a time zone")
                .hasMessageContaining("http.port: must be 0..65535, found 70000");
    }

    @Test
    void parse_brokenYaml_saysWhere() {
        assertThatThrownBy(() -> ConfigLoader.parse("queues: [\n  - {id: x\n", "t.yaml"))
                .hasMessageContaining("line");
    }

    @Test
    void load_missingFile_saysSo() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/cti.yaml")))
                .hasMessageContaining("/nonexistent/cti.yaml").hasMessageContaining("file not found");
    }

    @Test
    void toString_neverShowsTheAmiSecret() {
        ResolvedConfig c = ConfigLoader.parse(config(QUEUE, AGENT), "t.yaml");
        assertThat(c.toString()).doesNotContain("s3cret");
        assertThat(c.ami().toString()).doesNotContain("s3cret");
    }
}
