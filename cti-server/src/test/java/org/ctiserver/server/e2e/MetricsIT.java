package org.ctiserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.time.SystemClock;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.server.CtiServer;
import org.ctiserver.server.config.ConfigLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Prometheus sees: the server connected over AMI to the simulated PBX, calls flowing, an agent signed in on the
 * toolbar, and {@code GET /metrics} read with a plain HTTP client. The figures must be there and agree with the
 * server's own.
 */
@Tag("integration")
class MetricsIT {
    private static final String SECRET = "metrics-ami-secret";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static String siteYaml(Path customers) {
        StringBuilder agents = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
            agents.append("  - {id: '").append(1000 + i).append("', passwordHash: '").append(SimulatedSite.HASH)
                    .append("', skills: {sales: 5, support: 5}, queues: [sales, support]}\n");
        }
        return """
                site: {name: Metrics, timeZone: Asia/Shanghai}
                http: {port: 0}
                ami: {host: 127.0.0.1, port: 5038, username: cti, secret: %s}
                engine: {ringTimeoutSeconds: 3, statsIntervalMillis: 100}
                queues:
                  - {id: sales, requirement: 'sales:2', serviceLevelSeconds: 1, shortAbandonSeconds: 0.1}
                  - {id: support, requirement: 'support:2', serviceLevelSeconds: 1, shortAbandonSeconds: 0.1}
                notReadyReasons: {break: 休息}
                dispositions: {inquiry: 咨询}
                customers: {source: 'csv:%s', statsLogSeconds: 0}
                agents:
                """.formatted(SECRET, customers) + agents;
    }

    @Test
    void scrape_whileCallsFlow_showsTheLinkTheQueuesTheAgentsAndTheCustomerCache(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("customers.csv"), "key,tier,name\n13800000000,vip,王总\n");
        SimulatorConfig.Builder sim = SimulatorConfig.builder().host("127.0.0.1").port(0).seed(11).timeScale(10)
                .maxCalls(60)
                .callType(SimulatorConfig.CallType.of("sales", "sales").withRate(20).withPatience(60))
                .callType(SimulatorConfig.CallType.of("support", "support").withRate(10).withPatience(60));
        SimulatorConfig.Phone phone = new SimulatorConfig.Phone("0", Distribution.fixed(2), 0,
                Distribution.lognormal(20, 0.4), false, true);
        try (SimulatedSite site = SimulatedSite.start(siteYaml(csv), sim, phone, SimulatedSite.fastBots(), "1007");
             AgentClient client = AgentClient.create()) {
            client.connect(URI.create(site.baseUrl().replace("http:", "ws:") + "/ws/agent")).get(5, TimeUnit.SECONDS);
            assertThat(client.login("1007", "x", "2007", "en").get(10, TimeUnit.SECONDS).ok()).isTrue();

            // calls are offered, answered, and the scrape follows
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Map<String, Double> m = parse(get(site.baseUrl() + "/metrics").body());
                assertThat(m.get("cti_queue_calls_offered_total{queue=\"sales\"}")).isGreaterThanOrEqualTo(5);
                assertThat(m.get("cti_queue_calls_answered_total{queue=\"sales\"}")).isGreaterThanOrEqualTo(1);
                assertThat(m.get("cti_queue_calls_offered_total{queue=\"support\"}")).isGreaterThanOrEqualTo(1);
                // the customer directory is asked for each waiting call's number beside the engine
                assertThat(m.get("cti_customer_cache_hits_total") + m.get("cti_customer_cache_misses_total")).isPositive();
            });

            HttpResponse<String> response = get(site.baseUrl() + "/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            String text = response.body();
            Files.writeString(Path.of("target/metrics-scrape.txt"), text);
            Map<String, Double> m = parse(text);

            // the AMI link
            assertThat(m).containsEntry("cti_ami_link_up", 1.0);
            assertThat(m.get("cti_ami_link_ups_total")).isEqualTo(1.0);
            assertThat(m).containsEntry("cti_ami_events_dropped_total", 0.0);
            assertThat(m).containsKeys("cti_ami_commands_failed_total", "cti_ami_commands_queued",
                    "cti_ami_input_bad_total{kind=\"malformed_line\"}", "cti_ami_input_bad_total{kind=\"missing_field\"}");
            // the engine
            assertThat(m).containsEntry("cti_engine_running", 1.0).containsEntry("cti_engine_events_refused_total", 0.0);
            assertThat(m.get("cti_engine_input_backlog")).isBetween(0.0, 65_536.0);
            // every call brings PBX events and the agent's sign-in is a command: inputs were processed, no more than now
            assertThat(m.get("cti_engine_inputs_processed_total")).isPositive()
                    .isLessThanOrEqualTo(site.server.engine().processedInputCount());

            // the queues: what the scrape saw is at most what the engine has published since
            for (QueueSnapshot q : site.server.engine().stats().queues()) {
                String label = "{queue=\"" + q.queueId() + "\"}";
                double offered = m.get("cti_queue_calls_offered_total" + label);
                assertThat(offered).as("offered of %s", q.queueId()).isPositive().isLessThanOrEqualTo(q.offered());
                assertThat(m.get("cti_queue_calls_answered_total" + label)).isLessThanOrEqualTo(offered);
                assertThat(m.get("cti_queue_calls_abandoned_total" + label)).isLessThanOrEqualTo(offered);
                assertThat(m.get("cti_queue_calls_waiting" + label)).isGreaterThanOrEqualTo(0);
                assertThat(m.get("cti_queue_longest_wait_seconds" + label)).isGreaterThanOrEqualTo(0);
                assertThat(m).containsKey("cti_queue_service_level_ratio" + label);
                long transferredIn = site.server.engine().actionCounts().stream()
                        .filter(c -> c.queueId().equals(q.queueId())).findFirst().orElseThrow().transferredIn();
                assertThat(m.get("cti_queue_calls_transferred_in_total" + label)).as("transferred in to %s", q.queueId())
                        .isBetween(0.0, (double) transferredIn);
                double sl = m.get("cti_queue_service_level_ratio" + label);
                assertThat(Double.isNaN(sl) || (sl >= 0 && sl <= 1)).as("service level %s", sl).isTrue();
            }

            // every configured agent is in exactly one state; the person at the toolbar has a session
            double agents = m.entrySet().stream().filter(e -> e.getKey().startsWith("cti_agents{state="))
                    .mapToDouble(Map.Entry::getValue).sum();
            assertThat(agents).isEqualTo(7);
            assertThat(m.get("cti_agents{state=\"logged_out\"}")).isZero();
            assertThat(m).containsEntry("cti_agent_sessions", 1.0);
            assertThat(m.get("cti_agent_connections")).isGreaterThanOrEqualTo(1);

            assertThat(m).containsKeys("cti_customer_cache_size", "cti_customer_cache_evictions_total",
                    "cti_customer_lookups_pending", "cti_customer_lookups_failed_total");

            // the JVM
            assertThat(text).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads", "jvm_gc_");

            // nothing secret
            assertThat(text).doesNotContain(SECRET).doesNotContain(SimulatedSite.HASH).doesNotContain("王总");
        }
    }

    @Test
    void metricsDisabled_noEndpoint() throws Exception {
        String yaml = siteYaml(Path.of("unused.csv")).replace("customers: {source: 'csv:unused.csv', statsLogSeconds: 0}\n", "")
                + "metrics: {enabled: false}\n";
        try (CtiServer server = CtiServer.start(ConfigLoader.parse(yaml, "metrics.yaml").withHttpPort(0),
                SystemClock.INSTANCE)) {
            String base = "http://127.0.0.1:" + server.httpPort();
            assertThat(get(base + "/metrics").statusCode()).isEqualTo(404);
            assertThat(get(base + "/api/health").statusCode()).isEqualTo(200);
            assertThat(server.metrics()).isEmpty();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code name{labels} value} lines of the Prometheus text format, keyed by {@code name{labels}}. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String value = line.substring(space + 1);
            out.put(line.substring(0, space), switch (value) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            });
        }
        return out;
    }
}
