package org.ctiserver.core.store;

import java.util.List;
import java.util.Map;

import org.ctiserver.core.event.CtiEvent.CallOutcome;

/**
 * A finished call as the store keeps it: its segments in order (queue stints, agent stints), the
 * outcome, and the agent's disposition once wrap-up ends.
 *
 * @param agentId       the last agent who answered the call (after a transfer, the target), or null
 * @param recordingFile the file name of the call's recording, "" when it was not recorded
 */
public record CallRecord(String callId, String queueId, String callerNumber, String dialedNumber,
                         Map<String, String> data, long arrivedEpochMs, long answeredEpochMs, long endedEpochMs,
                         String agentId, CallOutcome outcome, String endReason, List<Segment> segments,
                         String recordingFile) {
    public CallRecord {
        data = Map.copyOf(data);
        segments = List.copyOf(segments);
        recordingFile = recordingFile == null ? "" : recordingFile;
    }

    /** A call that was not recorded. */
    public CallRecord(String callId, String queueId, String callerNumber, String dialedNumber,
                      Map<String, String> data, long arrivedEpochMs, long answeredEpochMs, long endedEpochMs,
                      String agentId, CallOutcome outcome, String endReason, List<Segment> segments) {
        this(callId, queueId, callerNumber, dialedNumber, data, arrivedEpochMs, answeredEpochMs, endedEpochMs, agentId,
                outcome, endReason, segments, "");
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
