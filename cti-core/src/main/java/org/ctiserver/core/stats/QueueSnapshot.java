package org.ctiserver.core.stats;

/**
 * One queue's live figures at one instant, for wallboards and /api/queues. Counters are since the
 * start of the day (site time zone) or of the process, whichever is later.
 *
 * @param serviceLevelPercent answered within the threshold / (answered + abandoned - short abandons): calls that
 *                            finished waiting, as a percentage; -1 when no call has finished waiting yet
 */
public record QueueSnapshot(String queueId, String name, int waiting, long longestWaitMs, long offered,
                            long answered, long abandoned, long shortAbandoned, long answeredWithinThreshold,
                            int serviceLevelThresholdSec, double serviceLevelPercent, long averageSpeedOfAnswerMs,
                            long averageHandleTimeMs, int agentsReady, int agentsReserved, int agentsTalking,
                            int agentsWrapUp, int agentsNotReady, int agentsLoggedIn) {
}
