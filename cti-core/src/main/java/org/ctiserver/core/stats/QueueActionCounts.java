package org.ctiserver.core.stats;

import java.util.Map;

/**
 * A queue's calls that left by an overflow or closed action, by action kind (queue, hangup, voicemail, callback), and
 * its callbacks keeping the caller's place: requested, reached (talked to an agent), failed (given up), and how many
 * times customers were dialed for them; and the answered calls agents transferred into it ({@code transferredIn}:
 * counted apart, not offered, as they were offered and answered in the queue they arrived in).
 */
public record QueueActionCounts(String queueId, Map<String, Long> overflowed, Map<String, Long> closed,
                                long callbacksRequested, long callbacksReached, long callbacksFailed,
                                long callbackAttempts, long transferredIn) {
    public QueueActionCounts {
        overflowed = Map.copyOf(overflowed);
        closed = Map.copyOf(closed);
    }

    /** Without the transferred-in count (0). */
    public QueueActionCounts(String queueId, Map<String, Long> overflowed, Map<String, Long> closed,
                             long callbacksRequested, long callbacksReached, long callbacksFailed,
                             long callbackAttempts) {
        this(queueId, overflowed, closed, callbacksRequested, callbacksReached, callbacksFailed, callbackAttempts, 0);
    }

    public long overflowed(String action) {
        return overflowed.getOrDefault(action, 0L);
    }

    public long closed(String action) {
        return closed.getOrDefault(action, 0L);
    }
}
