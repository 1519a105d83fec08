package org.ctiserver.wallboard;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.stats.StatsSnapshot;

/**
 * Maps the engine's statistics snapshots to the wallboard's JSON (documented in the module README).
 * The view records are the wire format: renaming a component changes the public API.
 */
public final class WallboardJson {

    /** One queue as /api/queues and the stream show it. */
    public record QueueView(String queueId, String name, int waiting, long longestWaitMs, long offered,
                            long answered, long abandoned, long shortAbandoned, long answeredWithinThreshold,
                            int serviceLevelThresholdSec, Double serviceLevelPercent, long averageSpeedOfAnswerMs,
                            long averageHandleTimeMs, AgentCounts agents) {
    }

    /** How many of a queue's agents are in each state. */
    public record AgentCounts(int ready, int reserved, int talking, int wrapUp, int notReady, int loggedIn) {
    }

    /**
     * One agent as /api/agents and the stream show it.
     *
     * @param reason      the not-ready reason code, null in other states
     * @param reasonLabel the configured label of {@code reason}, null when none is configured
     */
    public record AgentView(String id, String name, String state, String reason, String reasonLabel,
                            long sinceEpochMs, String extension, String callId, List<String> queues) {
    }

    /** A whole snapshot, as each stream message carries it. */
    public record SnapshotView(long takenAtEpochMs, long sequence, List<QueueView> queues, List<AgentView> agents) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    public static QueueView queue(QueueSnapshot q) {
        // the engine reports -1 before anything was offered: a percentage of nothing is not 0 %
        Double serviceLevel = q.serviceLevelPercent() < 0 ? null : q.serviceLevelPercent();
        return new QueueView(q.queueId(), q.name(), q.waiting(), q.longestWaitMs(), q.offered(), q.answered(),
                q.abandoned(), q.shortAbandoned(), q.answeredWithinThreshold(), q.serviceLevelThresholdSec(),
                serviceLevel, q.averageSpeedOfAnswerMs(), q.averageHandleTimeMs(),
                new AgentCounts(q.agentsReady(), q.agentsReserved(), q.agentsTalking(), q.agentsWrapUp(),
                        q.agentsNotReady(), q.agentsLoggedIn()));
    }

    public static AgentView agent(AgentSnapshot a, Map<String, String> reasonLabels) {
        String reason = a.reason() == null || a.reason().isBlank() ? null : a.reason();
        String label = reason == null ? null : reasonLabels.get(reason);
        String state = a.state() == null ? null : a.state().name();
        return new AgentView(a.agentId(), a.name(), state, reason, label, a.sinceEpochMs(), a.extension(),
                a.callId(), a.queueIds().stream().sorted().toList());
    }

    public static List<QueueView> queues(StatsSnapshot s) {
        return s.queues().stream().map(WallboardJson::queue).toList();
    }

    public static List<AgentView> agents(StatsSnapshot s, Map<String, String> reasonLabels) {
        Objects.requireNonNull(reasonLabels, "reasonLabels");
        return s.agents().stream().map(a -> agent(a, reasonLabels)).toList();
    }

    public static SnapshotView snapshot(StatsSnapshot s, Map<String, String> reasonLabels) {
        return new SnapshotView(s.takenAtEpochMs(), s.sequence(), queues(s), agents(s, reasonLabels));
    }

    /** Compact JSON (one line: an SSE {@code data:} field must not contain a line break). */
    public byte[] toBytes(Object view) {
        try {
            return mapper.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + view.getClass().getSimpleName(), e);
        }
    }
}
