package org.ctiserver.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.time.SystemClock;
import org.ctiserver.server.CtiServer;
import org.ctiserver.server.config.ConfigLoader;
import org.ctiserver.server.config.ResolvedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The server wires routing rules and the customer directory into the engine and shows them on /api/routing. */
class RoutingEndpointTest {
    static final String HASH = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$X1ZZN8Gu1D0PvLdmpmgiSOP+77NQgUlgWDjaXh3iflI=";

    @Test
    void apiRouting_showsLaddersPoliciesTiersAndTheCacheHitRatio(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("customers.csv"), "key,tier,name\n13800000000,vip,王总\n");
        String yaml = """
                site: {name: Test, timeZone: Asia/Shanghai}
                http: {host: 127.0.0.1, port: 0}
                ami: {host: 127.0.0.1, port: 1, username: cti, secret: s3cret}
                notReadyReasons: {break: 休息}
                dispositions: {inquiry: 咨询}
                routing: {tierBonus: {vip: 30}, callOrder: wait}
                customers: {source: 'csv:%s', cache: {maxSize: 100, ttlSeconds: 60}}
                queues:
                  - id: billing
                    requirement: 'lang.zh >= 3 && billing >= 2'
                    routing:
                      targets: [{timeoutSeconds: 20}, {require: 'billing'}]
                      policy: best-skill
                      agingPerSecond: 0.1
                    overflow: {maxWaitSeconds: 300, action: {type: hangup, message: 请稍后再拨}}
                agents:
                  - {id: '1001', passwordHash: '%s', skills: {billing: 5, lang.zh: 4}, queues: [billing]}
                """.formatted(csv, HASH);
        ResolvedConfig config = ConfigLoader.parse(yaml, "t.yaml");
        try (CtiServer server = CtiServer.start(config, SystemClock.INSTANCE)) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.httpPort() + CtiServer.ROUTING_PATH);
            JsonNode j = null;
            // one call at a time, so the second look-up finds the first one's answer in the cache
            for (int call = 1; call <= 2; call++) {
                server.engine().offer(new PbxEvent.CallWaiting("c" + call, "Local/x", "billing", "13800000000", "",
                        "4000", "", Map.of()));
                for (int i = 0; i < 100; i++) {
                    j = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    JsonNode cache = j.path("customers").path("cache");
                    if (cache.path("hits").asLong() + cache.path("misses").asLong() >= call) {
                        break;
                    }
                    Thread.sleep(20);
                }
            }
            assertThat(j.get("routingRules").asBoolean()).isTrue();
            JsonNode q = j.get("queues").get(0);
            assertThat(q.get("id").asText()).isEqualTo("billing");
            assertThat(q.get("policy").asText()).isEqualTo("best-skill");
            assertThat(q.get("steps").get(0).asText()).isEqualTo("lang.zh >= 3 && billing >= 2 for 20s");
            assertThat(q.get("steps").get(1).asText()).isEqualTo("billing >= 1");
            assertThat(j.get("tierBonus").get("vip").asInt()).isEqualTo(30);
            assertThat(j.get("callOrder").asText()).isEqualTo("wait");
            assertThat(j.get("customers").get("source").asText()).isEqualTo("csv");
            assertThat(j.get("customers").get("cacheHitRatio").asDouble()).isEqualTo(0.5);
        }
    }
}
