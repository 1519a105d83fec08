package org.ctiserver.core.agent;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.ErrorCode;
import org.ctiserver.core.stats.AgentSnapshot;

/**
 * A seat agent as the engine sees it at run time. Owned by the engine thread: not thread-safe, never
 * shared. Every state change goes through {@link #transition}, which checks the {@link AgentState} table,
 * records time and reason, and reports the change to the engine's {@link Listener} (which emits the
 * {@code AgentStateChanged} event, tells the store and keeps the routing and statistics indexes right).
 */
public final class Agent {

    /** Told of every accepted transition, after the agent's fields are updated. */
    @FunctionalInterface
    public interface Listener {
        void onTransition(Agent agent, AgentState from, long nowNs, long epochMs);
    }

    private AgentProfile profile;
    private final List<String> servedQueueIds;
    private final Listener listener;

    private AgentState state = AgentState.LOGGED_OUT;
    private String reason = "";
    private String extension;
    private long stateSinceNs;
    private long stateSinceEpochMs;
    private long idleSinceNs;
    private String currentCallId;
    private long callsHandled;

    // after-call work in progress (valid in WRAP_UP only)
    private String wrapUpQueueId;
    private long handleStartNs;
    private long wrapUpTimerToken;
    private long wrapUpDeadlineNs;
    private long wrapUpDeadlineEpochMs;

    /** What keeps the agent out of routing besides its state (an outbound call, being consulted); null when none. */
    private String engagement;
    /** A supervisor's not-ready reason to apply when the current call or wrap-up ends; null when none. */
    private String pendingNotReadyReason;

    /** Handle periods (talk + wrap-up) as start,end pairs, oldest first; pruned past the longest window asked. */
    private final ArrayDeque<long[]> busyPeriods = new ArrayDeque<>();
    private long busyWindowNs = 3_600_000_000_000L;

    /**
     * @param servedQueueIds the configured queues this agent serves, resolved by the engine
     *                       (an empty {@link AgentProfile#queueIds()} means every queue)
     */
    public Agent(AgentProfile profile, List<String> servedQueueIds, Listener listener) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.servedQueueIds = List.copyOf(servedQueueIds);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The one way to change state. Refuses (without any effect) what {@link AgentState#canGoTo} does not allow.
     *
     * @param reason the not-ready reason code; ignored (stored as "") for other states
     */
    public CommandResult transition(AgentState to, String reason, long nowNs, long epochMs) {
        Objects.requireNonNull(to, "to");
        if (!state.canGoTo(to)) {
            return CommandResult.error(ErrorCode.ILLEGAL_TRANSITION,
                    "agent " + id() + " cannot go from " + state + " to " + to);
        }
        AgentState from = state;
        state = to;
        this.reason = to == AgentState.NOT_READY && reason != null ? reason : "";
        stateSinceNs = nowNs;
        stateSinceEpochMs = epochMs;
        if (to == AgentState.READY) {
            // longest-idle routing counts from the moment the agent became available
            idleSinceNs = nowNs;
        }
        listener.onTransition(this, from, nowNs, epochMs);
        return CommandResult.ok();
    }

    public AgentSnapshot snapshot() {
        return new AgentSnapshot(id(), profile.name(), state, reason, stateSinceEpochMs, extension, currentCallId,
                profile.skills(), profile.queueIds(), callsHandled);
    }

    public String id() {
        return profile.id();
    }

    public AgentProfile profile() {
        return profile;
    }

    /** The configured queues this agent serves, in configuration order. */
    public List<String> servedQueueIds() {
        return servedQueueIds;
    }

    public AgentState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    /** The phone extension while logged in, else null. */
    public String extension() {
        return extension;
    }

    public void setExtension(String extension) {
        this.extension = extension;
    }

    public long stateSinceNs() {
        return stateSinceNs;
    }

    public long stateSinceEpochMs() {
        return stateSinceEpochMs;
    }

    /** When the agent last became READY (monotonic ns). */
    public long idleSinceNs() {
        return idleSinceNs;
    }

    /** The call offered, talking or in wrap-up, else null. */
    public String currentCallId() {
        return currentCallId;
    }

    public void setCurrentCallId(String currentCallId) {
        this.currentCallId = currentCallId;
    }

    public long callsHandled() {
        return callsHandled;
    }

    public void countCallHandled() {
        callsHandled++;
    }

    /** Starts the bookkeeping of after-call work; the engine calls this just before the WRAP_UP transition. */
    public void beginWrapUp(String queueId, long handleStartNs, long timerToken) {
        this.wrapUpQueueId = queueId;
        this.handleStartNs = handleStartNs;
        this.wrapUpTimerToken = timerToken;
    }

    public String wrapUpQueueId() {
        return wrapUpQueueId;
    }

    /** When handling of the current call began (answer time), for the handle time. */
    public long handleStartNs() {
        return handleStartNs;
    }

    /** The token of the pending wrap-up deadline timer, 0 for a manual wrap-up. */
    public long wrapUpTimerToken() {
        return wrapUpTimerToken;
    }

    public void endWrapUp() {
        wrapUpQueueId = null;
        handleStartNs = 0;
        wrapUpTimerToken = 0;
        wrapUpDeadlineNs = 0;
        wrapUpDeadlineEpochMs = 0;
    }

    /**
     * The timed wrap-up's deadline as told to the agent (epoch ms), 0 for a manual one. Kept beside the monotonic
     * deadline so that an extension moves the announced deadline by exactly the time added.
     */
    public long wrapUpDeadlineEpochMs() {
        return wrapUpDeadlineEpochMs;
    }

    public void setWrapUpDeadlineEpochMs(long deadlineEpochMs) {
        this.wrapUpDeadlineEpochMs = deadlineEpochMs;
    }

    /** A new deadline for the timed wrap-up in progress (monotonic ns) and the token of its timer. */
    public void setWrapUpDeadline(long deadlineNs, long timerToken) {
        this.wrapUpDeadlineNs = deadlineNs;
        this.wrapUpTimerToken = timerToken;
    }

    /** The wrap-up's deadline (monotonic ns), 0 for a manual wrap-up. */
    public long wrapUpDeadlineNs() {
        return wrapUpDeadlineNs;
    }

    /** Replaces the skills (a supervisor's change); the caller re-indexes the agent for routing. */
    public void setSkills(java.util.Map<String, Integer> skills) {
        profile = new AgentProfile(profile.id(), profile.name(), skills, profile.queueIds());
    }

    /** Why the agent is kept out of routing whatever its state, or null. */
    public String engagement() {
        return engagement;
    }

    public void setEngagement(String engagement) {
        this.engagement = engagement;
    }

    /**
     * Restarts the idle time (after an outbound call or a consultation); only while the agent is not in the
     * router, whose ready set is ordered by it.
     */
    public void markIdle(long nowNs) {
        idleSinceNs = nowNs;
    }

    public String pendingNotReadyReason() {
        return pendingNotReadyReason;
    }

    public void setPendingNotReadyReason(String reason) {
        this.pendingNotReadyReason = reason;
    }

    /** A handle period (talk + wrap-up) ended: kept for {@link #busyNsWithin}. */
    public void recordBusy(long startNs, long endNs) {
        if (endNs > startNs) {
            busyPeriods.addLast(new long[] {startNs, endNs});
            prune(endNs);
        }
    }

    /** Handle time within the {@code windowNs} before {@code nowNs} (a rolling window). */
    public long busyNsWithin(long windowNs, long nowNs) {
        busyWindowNs = Math.max(busyWindowNs, windowNs);
        prune(nowNs);
        long from = nowNs - windowNs;
        long sum = 0;
        for (long[] p : busyPeriods) {
            long start = Math.max(p[0], from);
            long end = Math.min(p[1], nowNs);
            if (end > start) {
                sum += end - start;
            }
        }
        return sum;
    }

    private void prune(long nowNs) {
        while (!busyPeriods.isEmpty() && busyPeriods.peekFirst()[1] <= nowNs - busyWindowNs) {
            busyPeriods.removeFirst();
        }
    }

    @Override
    public String toString() {
        return "Agent[" + id() + " " + state + (reason.isEmpty() ? "" : "(" + reason + ")") + "]";
    }
}
