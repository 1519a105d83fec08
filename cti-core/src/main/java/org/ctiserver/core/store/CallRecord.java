package org.ctiserver.core.store;

import java.util.List;
import java.util.Map;

import org.ctiserver.core.event.CtiEvent.CallOutcome;

/**
 * A finished call as the store keeps it: its segments in order (queue stints, agent stints), the
 * outcome, and the agent's disposition once wrap-up ends.
 */
public record CallRecord(String callId, String queueId, String callerNumber, String dialedNumber,
                         Map<String, String> data, long arrivedEpochMs, long answeredEpochMs, long endedEpochMs,
                         String agentId, CallOutcome outcome, String endReason, List<Segment> segments) {
    public CallRecord {
        data = Map.copyOf(data);
        segments = List.copyOf(segments);
    }

    /** A part of a call's life. {@code agentId} is null for a queue segment. */
    public record Segment(Kind kind, String queueId, String agentId, long startEpochMs, long endEpochMs, String result) {
    }

    public enum Kind {
        QUEUE,
        /** Offered to an agent: the phone rang. */
        RINGING,
        /** Talking with an agent. */
        AGENT
    }
}
