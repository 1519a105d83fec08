package org.ctiserver.core.stats;

import java.util.Map;

/**
 * A queue's calls that left by an overflow or closed action, by action kind (queue, hangup, voicemail, callback), and
 * its callbacks keeping the caller's place: requested, reached (talked to an agent), failed (given up), and how many
 * times customers were dialed for them.
 */
public record QueueActionCounts(String queueId, Map<String, Long> overflowed, Map<String, Long> closed,
                                long callbacksRequested, long callbacksReached, long callbacksFailed,
                                long callbackAttempts) {
    public QueueActionCounts {
        overflowed = Map.copyOf(overflowed);
        closed = Map.copyOf(closed);
    }

    public long overflowed(String action) {
        return overflowed.getOrDefault(action, 0L);
    }

    public long closed(String action) {
        return closed.getOrDefault(action, 0L);
    }
}
