package org.ctiserver.core.stats;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.queue.QueueConfig;

/**
 * The running figures of one queue. Single writer (the engine thread); read through {@link #snapshot}.
 *
 * <p>Definitions (shown to supervisors, so kept plain):
 * <ul>
 *   <li>offered: calls that entered the queue (a requeue after ring-no-answer is not a new offer);</li>
 *   <li>answered: calls an agent answered; their wait runs from first arrival to answer;</li>
 *   <li>abandoned: calls whose caller hung up before an answer; short abandons (wait &lt; the queue's
 *       short-abandon threshold) are counted in abandoned and also apart;</li>
 *   <li>service level = answered within the threshold (wait &lt;= threshold) / (answered + abandoned -
 *       short abandoned) &times; 100, i.e. over the calls that have finished waiting, short abandons left
 *       out; calls cleared by the system are in neither part; -1 while no call has finished waiting;</li>
 *   <li>ASA = total wait of answered calls / answered;</li>
 *   <li>AHT = total (talk + wrap-up) time / calls whose wrap-up has ended.</li>
 * </ul>
 */
public final class QueueCounters {
    private long offered;
    private long answered;
    private long abandoned;
    private long shortAbandoned;
    private long cleared;
    private long transferred;
    private long answeredWithinThreshold;
    private long answerWaitSumNs;
    private long handled;
    private long handleTimeSumNs;
    private final java.util.Map<String, Long> overflowedByAction = new java.util.TreeMap<>();
    private final java.util.Map<String, Long> closedByAction = new java.util.TreeMap<>();
    private long callbacksRequested;
    private long callbacksReached;
    private long callbacksFailed;
    private long callbackAttempts;
    private long transferredIn;
    private final int[] agentsByState = new int[AgentState.values().length];

    public void callOffered() {
        offered++;
    }

    public void callAnswered(long waitNs, Duration serviceLevelThreshold) {
        answered++;
        answerWaitSumNs += waitNs;
        if (waitNs <= serviceLevelThreshold.toNanos()) {
            answeredWithinThreshold++;
        }
    }

    public void callAbandoned(long waitNs, Duration shortAbandonThreshold) {
        abandoned++;
        if (waitNs < shortAbandonThreshold.toNanos()) {
            shortAbandoned++;
        }
    }

    /** Ended by the system before an answer (hang-up command, channel lost, route failures). */
    public void callCleared() {
        cleared++;
    }

    /**
     * An answered call of this queue was transferred on (to an agent, a queue or a number, blind or after a
     * consultation, by the CTI or on the phone). It stays answered once; the transfer is counted here.
     */
    public void callTransferred() {
        transferred++;
    }

    /**
     * An answered call was transferred into this queue by an agent (or moved on from it by an overflow rule). It is
     * not offered again here: it was offered, and counts answered, in the queue it arrived in.
     */
    public void callTransferredIn() {
        transferredIn++;
    }

    public long transferred() {
        return transferred;
    }

    /**
     * A call left this queue by its overflow ({@code closed} false) or closed action: {@code action} is its kind
     * (queue, hangup, voicemail, callback). Such a call is never counted answered here.
     */
    public void callDiverted(boolean closed, String action) {
        (closed ? closedByAction : overflowedByAction).merge(action, 1L, Long::sum);
    }

    /** A waiting caller chose a callback (key or accepted offer): the call is neither answered nor abandoned. */
    public void callbackRequested() {
        callbacksRequested++;
    }

    /** The customer of a callback was dialed. */
    public void callbackAttempted() {
        callbackAttempts++;
    }

    public void callbackReached() {
        callbacksReached++;
    }

    /** A callback was given up (attempts used, or the request could not be carried out). */
    public void callbackFailed() {
        callbacksFailed++;
    }

    /** The diversions and callbacks of this queue. */
    public QueueActionCounts actionCounts(String queueId) {
        return new QueueActionCounts(queueId, overflowedByAction, closedByAction, callbacksRequested, callbacksReached,
                callbacksFailed, callbackAttempts, transferredIn);
    }

    /** A call's handling (talk + wrap-up) ended. */
    public void callHandled(long handleNs) {
        handled++;
        handleTimeSumNs += handleNs;
    }

    /** An agent serving this queue changed state; {@code from} is null when the agent is first counted. */
    public void agentMoved(AgentState from, AgentState to) {
        if (from != null) {
            agentsByState[from.ordinal()]--;
        }
        agentsByState[to.ordinal()]++;
    }

    public double serviceLevelPercent() {
        long finishedWaiting = answered + abandoned - shortAbandoned;
        if (finishedWaiting <= 0) {
            return -1;
        }
        return answeredWithinThreshold * 100.0 / finishedWaiting;
    }

    public long averageSpeedOfAnswerMs() {
        return answered == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(answerWaitSumNs / answered);
    }

    public long averageHandleTimeMs() {
        return handled == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(handleTimeSumNs / handled);
    }

    public int agentsIn(AgentState state) {
        return agentsByState[state.ordinal()];
    }

    public QueueSnapshot snapshot(QueueConfig queue, int waiting, long longestWaitMs) {
        int loggedIn = 0;
        for (AgentState s : AgentState.values()) {
            if (s.isLoggedIn()) {
                loggedIn += agentsByState[s.ordinal()];
            }
        }
        return new QueueSnapshot(queue.id(), queue.name(), waiting, longestWaitMs, offered, answered, abandoned,
                shortAbandoned, answeredWithinThreshold, (int) queue.serviceLevelThreshold().toSeconds(),
                serviceLevelPercent(), averageSpeedOfAnswerMs(), averageHandleTimeMs(),
                agentsIn(AgentState.READY), agentsIn(AgentState.RESERVED), agentsIn(AgentState.TALKING),
                agentsIn(AgentState.WRAP_UP), agentsIn(AgentState.NOT_READY), loggedIn, transferred);
    }

    public long offered() {
        return offered;
    }

    public long answered() {
        return answered;
    }

    public long abandoned() {
        return abandoned;
    }

    public long shortAbandoned() {
        return shortAbandoned;
    }

    public long cleared() {
        return cleared;
    }

    public long answeredWithinThreshold() {
        return answeredWithinThreshold;
    }

    public long handled() {
        return handled;
    }
}
