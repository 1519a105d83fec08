package org.ctiserver.core.stats;

/**
 * One queue's live figures at one instant, for wallboards and /api/queues. Counters are since the
 * start of the day (site time zone) or of the process, whichever is later.
 *
 * @param serviceLevelPercent answered within the threshold / (answered + abandoned - short abandons): calls that
 *                            finished waiting, as a percentage; -1 when no call has finished waiting yet
 * @param transferred         answered calls of the queue that were transferred on (blind, after a consultation, or
 *                            on the phone); each call still counts answered once
 */
public record QueueSnapshot(String queueId, String name, int waiting, long longestWaitMs, long offered,
                            long answered, long abandoned, long shortAbandoned, long answeredWithinThreshold,
                            int serviceLevelThresholdSec, double serviceLevelPercent, long averageSpeedOfAnswerMs,
                            long averageHandleTimeMs, int agentsReady, int agentsReserved, int agentsTalking,
                            int agentsWrapUp, int agentsNotReady, int agentsLoggedIn, long transferred) {

    /**
     * Without the transfer count (0).
     */
    public QueueSnapshot(String queueId, String name, int waiting, long longestWaitMs, long offered, long answered,
                         long abandoned, long shortAbandoned, long answeredWithinThreshold, int serviceLevelThresholdSec,
                         double serviceLevelPercent, long averageSpeedOfAnswerMs, long averageHandleTimeMs,
                         int agentsReady, int agentsReserved, int agentsTalking, int agentsWrapUp, int agentsNotReady,
                         int agentsLoggedIn) {
        this(queueId, name, waiting, longestWaitMs, offered, answered, abandoned, shortAbandoned,
                answeredWithinThreshold, serviceLevelThresholdSec, serviceLevelPercent, averageSpeedOfAnswerMs,
                averageHandleTimeMs, agentsReady, agentsReserved, agentsTalking, agentsWrapUp, agentsNotReady,
                agentsLoggedIn, 0);
    }
}
