package org.ctiserver.wallboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.ctiserver.core.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

class WallboardJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final WallboardJson json = new WallboardJson();

    private JsonNode toTree(Object view) throws Exception {
        return mapper.readTree(json.toBytes(view));
    }

    @Test
    void queueCarriesEveryFigureUnderItsDocumentedName() throws Exception {
        JsonNode q = toTree(WallboardJson.queue(Snapshots.sales(120, 100)));

        assertThat(q.get("queueId").asText()).isEqualTo("sales");
        assertThat(q.get("name").asText()).isEqualTo("销售热线");
        assertThat(q.get("waiting").asInt()).isEqualTo(3);
        assertThat(q.get("longestWaitMs").asLong()).isEqualTo(42_000);
        assertThat(q.get("offered").asLong()).isEqualTo(120);
        assertThat(q.get("answered").asLong()).isEqualTo(100);
        assertThat(q.get("abandoned").asLong()).isEqualTo(12);
        assertThat(q.get("shortAbandoned").asLong()).isEqualTo(2);
        assertThat(q.get("answeredWithinThreshold").asLong()).isEqualTo(85);
        assertThat(q.get("serviceLevelThresholdSec").asInt()).isEqualTo(20);
        assertThat(q.get("serviceLevelPercent").asDouble()).isEqualTo(85.0);
        assertThat(q.get("averageSpeedOfAnswerMs").asLong()).isEqualTo(15_000);
        assertThat(q.get("averageHandleTimeMs").asLong()).isEqualTo(205_000);
        JsonNode agents = q.get("agents");
        assertThat(agents.get("ready").asInt()).isEqualTo(2);
        assertThat(agents.get("reserved").asInt()).isEqualTo(1);
        assertThat(agents.get("talking").asInt()).isEqualTo(5);
        assertThat(agents.get("wrapUp").asInt()).isEqualTo(1);
        assertThat(agents.get("notReady").asInt()).isEqualTo(1);
        assertThat(agents.get("loggedIn").asInt()).isEqualTo(10);
        assertThat(fieldNames(q)).containsExactly("queueId", "name", "waiting", "longestWaitMs", "offered",
                "answered", "abandoned", "shortAbandoned", "answeredWithinThreshold", "serviceLevelThresholdSec",
                "serviceLevelPercent", "averageSpeedOfAnswerMs", "averageHandleTimeMs", "agents");
    }

    @Test
    void serviceLevelIsNullBeforeAnythingWasOffered() throws Exception {
        JsonNode q = toTree(WallboardJson.queue(Snapshots.service()));

        assertThat(q.has("serviceLevelPercent")).isTrue();
        assertThat(q.get("serviceLevelPercent").isNull()).isTrue();
    }

    @Test
    void zeroServiceLevelStaysZero() throws Exception {
        var q = Snapshots.sales(10, 0);
        var zero = new org.ctiserver.core.stats.QueueSnapshot(q.queueId(), q.name(), 0, 0, 10, 0, 10, 0, 0, 20, 0.0,
                0, 0, 0, 0, 0, 0, 0, 0);

        assertThat(toTree(WallboardJson.queue(zero)).get("serviceLevelPercent").asDouble()).isZero();
    }

    @Test
    void agentShowsStateReasonAndConfiguredLabel() throws Exception {
        JsonNode agents = toTree(WallboardJson.agents(Snapshots.snapshot(1, 0, 0), FakeCtiService.REASONS));

        JsonNode talking = agents.get(0);
        assertThat(fieldNames(talking)).containsExactly("id", "name", "state", "reason", "reasonLabel",
                "sinceEpochMs", "extension", "callId", "queues");
        assertThat(talking.get("id").asText()).isEqualTo("a1");
        assertThat(talking.get("name").asText()).isEqualTo("张伟");
        assertThat(talking.get("state").asText()).isEqualTo("TALKING");
        assertThat(talking.get("reason").isNull()).as("blank reason is null").isTrue();
        assertThat(talking.get("reasonLabel").isNull()).isTrue();
        assertThat(talking.get("sinceEpochMs").asLong()).isEqualTo(Snapshots.TAKEN_AT - 65_000);
        assertThat(talking.get("extension").asText()).isEqualTo("8001");
        assertThat(talking.get("callId").asText()).isEqualTo("call-7");
        assertThat(mapper.convertValue(talking.get("queues"), List.class)).containsExactly("sales", "service");

        JsonNode notReady = agents.get(1);
        assertThat(notReady.get("state").asText()).isEqualTo("NOT_READY");
        assertThat(notReady.get("reason").asText()).isEqualTo("break");
        assertThat(notReady.get("reasonLabel").asText()).isEqualTo("休息");
        assertThat(notReady.get("callId").isNull()).isTrue();

        assertThat(agents.get(2).get("reason").isNull()).isTrue();
    }

    @Test
    void snapshotWrapsQueuesAndAgents() throws Exception {
        JsonNode s = toTree(WallboardJson.snapshot(Snapshots.snapshot(7, 120, 100), FakeCtiService.REASONS));

        assertThat(fieldNames(s)).containsExactly("takenAtEpochMs", "sequence", "queues", "agents");
        assertThat(s.get("sequence").asLong()).isEqualTo(7);
        assertThat(s.get("takenAtEpochMs").asLong()).isEqualTo(Snapshots.TAKEN_AT + 7);
        assertThat(s.get("queues")).hasSize(2);
        assertThat(s.get("agents")).hasSize(3);
    }

    @Test
    void emptySnapshotIsValid() throws Exception {
        JsonNode s = toTree(WallboardJson.snapshot(StatsSnapshot.EMPTY, java.util.Map.of()));

        assertThat(s.get("queues")).isEmpty();
        assertThat(s.get("agents")).isEmpty();
    }

    @Test
    void sseFrameIsOneEventWithOneDataLine() {
        byte[] body = json.toBytes(WallboardJson.snapshot(Snapshots.snapshot(1, 1, 1), FakeCtiService.REASONS));
        String frame = StatsBroadcaster.frame("stats", body).toString(StandardCharsets.UTF_8);

        assertThat(frame).startsWith("event: stats\ndata: {").endsWith("}\n\n");
        assertThat(frame.split("\n")).as("event and data lines, then the blank line").hasSize(2);
    }

    @Test
    void pushIntervalIsAtMostOneSecond() {
        assertThat(WallboardOptions.DEFAULTS.pushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new WallboardOptions(Duration.ofMillis(200)).pushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> new WallboardOptions(Duration.ofSeconds(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WallboardOptions(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
