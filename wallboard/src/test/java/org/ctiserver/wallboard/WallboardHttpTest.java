package org.ctiserver.wallboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.StatsSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class WallboardHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final ObjectMapper mapper = new ObjectMapper();
    /**
     * HTTP/1.1 as browsers speak it in clear text. The JDK client's default (an h2c upgrade) sometimes
     * read corrupt frames from Vert.x 5.0.7 once large frames were streamed on the upgraded connection.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private WallboardServer server;

    @BeforeEach
    void start() throws Exception {
        server = new WallboardServer(new FakeCtiService(Snapshots.snapshot(1, 120, 100)), WallboardOptions.DEFAULTS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri(path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void queuesAreServedAsJson() throws Exception {
        HttpResponse<String> response = get(WallboardEndpoint.QUEUES_PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode queues = mapper.readTree(response.body());
        assertThat(queues.isArray()).isTrue();
        assertThat(queues).hasSize(2);
        assertThat(queues.get(0).get("queueId").asText()).isEqualTo("sales");
        assertThat(queues.get(0).get("name").asText()).isEqualTo("销售热线");
        assertThat(queues.get(0).get("offered").asLong()).isEqualTo(120);
        assertThat(queues.get(0).get("agents").get("talking").asInt()).isEqualTo(5);
        assertThat(queues.get(1).get("serviceLevelPercent").isNull()).isTrue();
    }

    @Test
    void agentsAreServedAsJson() throws Exception {
        HttpResponse<String> response = get(WallboardEndpoint.AGENTS_PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode agents = mapper.readTree(response.body());
        assertThat(agents).hasSize(3);
        assertThat(agents.get(1).get("id").asText()).isEqualTo("a2");
        assertThat(agents.get(1).get("state").asText()).isEqualTo("NOT_READY");
        assertThat(agents.get(1).get("reasonLabel").asText()).isEqualTo("休息");
    }

    @Test
    void pageAndAssetsAreServed() throws Exception {
        HttpResponse<String> page = get(WallboardEndpoint.PAGE_PATH + "?lang=en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("/wallboard/wallboard.js", "/wallboard/i18n.js", "data-field=\"offered\"");

        HttpResponse<String> index = get(WallboardEndpoint.PAGE_PATH + "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo(page.body());

        HttpResponse<String> script = get("/wallboard/i18n.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("服务水平（{sec} 秒接通率）");
        assertThat(get("/wallboard/wallboard.css").statusCode()).isEqualTo(200);
        assertThat(get("/wallboard/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void streamSendsSnapshotAtOnceAndChangesWithinTwoSeconds() throws Exception {
        try (SseClient stream = new SseClient(http, server.uri(WallboardEndpoint.STREAM_PATH))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));

            JsonNode first = stream.next(Duration.ofMillis(500));
            assertThat(first).as("a snapshot right on connect, before the first tick").isNotNull();
            assertThat(first.get("sequence").asLong()).isEqualTo(1);
            assertThat(first.get("queues").get(0).get("offered").asLong()).isEqualTo(120);
            assertThat(first.get("agents")).hasSize(3);
            assertThat(server.endpoint.openStreams()).isEqualTo(1);

            server.cti.setStats(Snapshots.snapshot(2, 125, 104));
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos() + Duration.ofMillis(300).toNanos();
            JsonNode changed = null;
            while (changed == null && System.nanoTime() < deadline) {
                JsonNode next = stream.next(Duration.ofMillis(200));
                if (next != null && next.get("sequence").asLong() == 2) {
                    changed = next;
                }
            }
            assertThat(changed).as("the change pushed within ~2 s").isNotNull();
            assertThat(changed.get("queues").get(0).get("offered").asLong()).isEqualTo(125);
            assertThat(changed.get("queues").get(0).get("answered").asLong()).isEqualTo(104);

            server.endpoint.close();
            assertThat(stream.awaitEnd(WAIT)).as("close() ends open streams").isTrue();
            assertThat(server.endpoint.openStreams()).isZero();
        }
    }

    @Test
    void streamIsForgottenWhenTheClientGoesAway() throws Exception {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + WallboardEndpoint.STREAM_PATH + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String received = readUntil(socket.getInputStream(), "event: stats");
            assertThat(received).contains("text/event-stream");
            assertThat(server.endpoint.openStreams()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> server.endpoint.openStreams() == 0);
    }

    @Test
    void slowClientMissesFramesWithoutHoldingUpOthers() throws Exception {
        // a large snapshot pushed every 20 ms to a client that never reads fills its write queue at once
        List<AgentSnapshot> many = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(new AgentSnapshot("agent-" + i, "座席 " + i, AgentState.READY, "", Snapshots.TAKEN_AT, "8" + i,
                    null, Map.of(), Set.of("sales", "service"), i));
        }
        FakeCtiService cti = new FakeCtiService(new StatsSnapshot(Snapshots.TAKEN_AT, 1,
                List.of(Snapshots.sales(10, 9), Snapshots.service()), many));
        try (WallboardServer busy = new WallboardServer(cti, new WallboardOptions(Duration.ofMillis(20)));
             Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("localhost", busy.port()));
            stalled.getOutputStream().write(("GET " + WallboardEndpoint.STREAM_PATH + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            await().atMost(WAIT).until(() -> busy.endpoint.framesSkipped() > 5);

            try (SseClient reader = new SseClient(http, busy.uri(WallboardEndpoint.STREAM_PATH))) {
                for (int i = 0; i < 3; i++) {
                    assertThat(reader.next(Duration.ofSeconds(2))).as("frame %d for the client that reads (%s)", i, chain(reader.failure())).isNotNull();
                }
            }
            long started = System.nanoTime();
            HttpResponse<String> queues = http.send(HttpRequest.newBuilder(busy.uri(WallboardEndpoint.QUEUES_PATH))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(queues.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            b.append(t).append(" <- ");
        }
        return b.toString();
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (text.indexOf(marker) < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
