package org.ctiserver.core.call;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.routing.RoutingTarget;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.routing.expr.Requirement;
import org.ctiserver.core.store.CallRecord;

/**
 * An inbound call as the engine tracks it. Owned by the engine thread: not thread-safe.
 * The routing order fields ({@link #priority}, {@link #enqueuedNs}, {@link #arrivalSeq}) are final so
 * the call can sit in sorted sets; a requeued call keeps them and so goes back to its old place.
 */
public final class Call {
    private final String id;
    private String channel;
    private String queueId;
    private final String callerNumber;
    private final String callerName;
    private final String dialedNumber;
    private final Map<String, String> data;
    private final SkillRequirement requirement;
    private int priority;
    private final long arrivalSeq;
    private final long enqueuedNs;
    private final long arrivedEpochMs;
    private String routingKey;

    // relaxation and priority (engine thread; see configureRouting)
    private List<RoutingTarget> targets;
    private Requirement ownRequirement = Requirement.ANY;
    private int step;
    private Requirement effective;
    private double agingPerSecond;
    private int tierBonus;
    private CustomerTier tier = CustomerTier.NORMAL;

    private CallState state = CallState.QUEUED;
    private String agentId;
    private String offeredExtension;
    private long offeredNs;
    private long ringTimerToken;
    private long answeredNs;
    private long answeredEpochMs;
    private boolean hangupRequested;
    private int routeFailures;
    /** Set by the first answer only: a call answered once counts once, whoever answers it later. */
    private boolean answeredOnce;
    private String answeredBy;
    /** When the current agent answered (the handle time of a transfer target starts there). */
    private long agentAnsweredNs;

    // call control (engine thread)
    private String agentChannel;
    private boolean held;
    private boolean holdPending;
    private boolean bridgePending;
    private String recordingFile = "";
    private String recordingAction;

    private final List<CallRecord.Segment> segments = new ArrayList<>(4);
    private CallRecord.Kind openKind;
    private String openAgentId;
    private long openStartEpochMs;

    public Call(String id, String channel, String queueId, String callerNumber, String callerName, String dialedNumber,
                Map<String, String> data, SkillRequirement requirement, int priority, long arrivalSeq, long enqueuedNs,
                long arrivedEpochMs) {
        this.id = Objects.requireNonNull(id, "id");
        this.channel = channel;
        this.queueId = Objects.requireNonNull(queueId, "queueId");
        this.callerNumber = nz(callerNumber);
        this.callerName = nz(callerName);
        this.dialedNumber = nz(dialedNumber);
        this.data = Map.copyOf(data);
        this.requirement = Objects.requireNonNull(requirement, "requirement");
        this.priority = priority;
        this.arrivalSeq = arrivalSeq;
        this.enqueuedNs = enqueuedNs;
        this.arrivedEpochMs = arrivedEpochMs;
        // calls of one queue with the same requirement are interchangeable for agent eligibility
        this.routingKey = queueId + '|' + requirement;
        this.effective = Requirement.of(requirement);
        this.targets = List.of(RoutingTarget.last(effective));
        openSegment(CallRecord.Kind.QUEUE, null, arrivedEpochMs);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * Routes by a relaxation ladder instead of {@link #requirement()}: the step in force is the one the wait
     * (from the original arrival) has reached; {@code own} (the IVR's requirement) ANDs with every step.
     */
    public void configureRouting(List<RoutingTarget> targets, Requirement own, double agingPerSecond, long nowNs) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no routing target");
        }
        this.targets = List.copyOf(targets);
        this.ownRequirement = Objects.requireNonNull(own, "own");
        this.agingPerSecond = agingPerSecond;
        this.step = -1;
        updateStep(nowNs);
    }

    /**
     * Moves to the step the wait has reached at {@code nowNs} (never back).
     *
     * @return true when the effective requirement changed
     */
    public boolean updateStep(long nowNs) {
        long waited = nowNs - enqueuedNs;
        int s = 0;
        long boundary = 0;
        while (s < targets.size() - 1) {
            boundary += targets.get(s).timeout().toNanos();
            if (waited < boundary) {
                break;
            }
            s++;
        }
        if (s <= step) {
            return false;
        }
        step = s;
        effective = Requirement.and(targets.get(s).requirement(), ownRequirement);
        routingKey = queueId + '|' + effective;
        return true;
    }

    /** When the next step starts (monotonic ns), or {@link Long#MAX_VALUE} on the last step. */
    public long nextStepDueNs() {
        if (step >= targets.size() - 1) {
            return Long.MAX_VALUE;
        }
        long boundary = enqueuedNs;
        for (int i = 0; i <= step; i++) {
            boundary += targets.get(i).timeout().toNanos();
        }
        return boundary;
    }

    /** The requirement in force now: the current step's AND the call's own. Agents must meet this. */
    public Requirement routingRequirement() {
        return effective;
    }

    /** The IVR's own requirement, ANDed with every step of the ladder. */
    public Requirement ownRequirement() {
        return ownRequirement;
    }

    /**
     * Moves a call that is not in the router to another queue (overflow, closed queue), keeping its original
     * arrival; the caller then calls {@link #configureRouting} with the new queue's ladder.
     */
    public void moveToQueue(String queueId, int priority) {
        this.queueId = Objects.requireNonNull(queueId, "queueId");
        this.priority = priority;
        this.routingKey = queueId + '|' + effective;
    }

    /** The index of the relaxation step in force (0 = the first). */
    public int step() {
        return step;
    }

    public void setCustomerTier(CustomerTier tier, int bonus) {
        this.tier = Objects.requireNonNull(tier, "tier");
        this.tierBonus = bonus;
    }

    public CustomerTier customerTier() {
        return tier;
    }

    /** Queue priority plus the customer tier's bonus. */
    public int basePriority() {
        return priority + tierBonus;
    }

    /** Base priority plus the aging earned by waiting until {@code nowNs}. */
    public double effectivePriority(long nowNs) {
        double waitedS = Math.max(0, nowNs - enqueuedNs) / 1e9;
        return basePriority() + waitedS * agingPerSecond;
    }

    /** Moves the call on; only the lifecycle's edges are allowed (a broken one is a bug in the engine). */
    public void moveTo(CallState to) {
        boolean legal = switch (state) {
            case QUEUED -> to == CallState.OFFERED || to == CallState.ENDED;
            case OFFERED -> to == CallState.QUEUED || to == CallState.TALKING || to == CallState.ENDED;
            // a transfer offers the call to another agent, or puts it back in a queue
            case TALKING -> to == CallState.ENDED || to == CallState.OFFERED || to == CallState.QUEUED;
            case ENDED -> false;
        };
        if (!legal) {
            throw new IllegalStateException("call " + id + " cannot go from " + state + " to " + to);
        }
        state = to;
    }

    /** Marks the call offered to an agent on an extension. */
    public void offer(String agentId, String extension, long nowNs, long ringTimerToken) {
        moveTo(CallState.OFFERED);
        this.agentId = agentId;
        this.offeredExtension = extension;
        this.offeredNs = nowNs;
        this.ringTimerToken = ringTimerToken;
    }

    /** Takes back the offer (or the agent's call, for a transfer to a queue): the call waits again (same place). */
    public void requeue() {
        moveTo(CallState.QUEUED);
        clearOffer();
    }

    /**
     * The agent the call is offered to answered. The first answer's times are the call's; later answers (transfer
     * targets) only set {@link #agentAnsweredNs()}.
     *
     * @return true for the call's first answer
     */
    public boolean answered(long nowNs, long epochMs) {
        moveTo(CallState.TALKING);
        boolean first = !answeredOnce;
        if (first) {
            answeredNs = nowNs;
            answeredEpochMs = epochMs;
            answeredOnce = true;
        }
        agentAnsweredNs = nowNs;
        answeredBy = agentId;
        ringTimerToken = 0;
        return first;
    }

    private void clearOffer() {
        agentId = null;
        offeredExtension = null;
        offeredNs = 0;
        ringTimerToken = 0;
        agentChannel = null;
        held = false;
        holdPending = false;
        bridgePending = false;
    }

    /** True once an agent answered the call (it may be offered or waiting again after a transfer). */
    public boolean wasAnswered() {
        return answeredOnce;
    }

    /** The last agent who answered the call, else null. */
    public String answeredBy() {
        return answeredBy;
    }

    /** When the current (or last) agent answered, monotonic ns. */
    public long agentAnsweredNs() {
        return agentAnsweredNs;
    }

    /** The agent's leg bridged with the caller (Asterisk: the dialed phone channel), null when unknown or gone. */
    public String agentChannel() {
        return agentChannel;
    }

    public void setAgentChannel(String agentChannel) {
        this.agentChannel = agentChannel;
    }

    /** The caller hears music on hold (confirmed by the PBX). */
    public boolean held() {
        return held;
    }

    public void setHeld(boolean held) {
        this.held = held;
        this.holdPending = false;
        this.bridgePending = false;
    }

    /**
     * The engine asked the PBX to bridge the caller with a leg (resume, cancelled or completed consultation): the
     * caller's next bridge confirms it. Other bridges of the caller (a conference) confirm nothing.
     */
    public boolean bridgePending() {
        return bridgePending;
    }

    public void setBridgePending(boolean bridgePending) {
        this.bridgePending = bridgePending;
    }

    /** A hold was asked of the PBX and is not confirmed yet. */
    public boolean holdPending() {
        return holdPending;
    }

    public void setHoldPending(boolean holdPending) {
        this.holdPending = holdPending;
    }

    /** The recording's file name, "" when the call was never recorded. */
    public String recordingFile() {
        return recordingFile;
    }

    /** The last recording action asked of the PBX, null when none. */
    public String recordingAction() {
        return recordingAction;
    }

    public void setRecording(String file, String action) {
        this.recordingFile = file == null ? "" : file;
        this.recordingAction = action;
    }

    /** True when the call is offered right now to the agent on {@code extension}. */
    public boolean isOfferedTo(String extension) {
        return state == CallState.OFFERED && offeredExtension != null && offeredExtension.equals(extension);
    }

    public void openSegment(CallRecord.Kind kind, String agentId, long epochMs) {
        openKind = kind;
        openAgentId = agentId;
        openStartEpochMs = epochMs;
    }

    /** Closes the open segment, if any, with its result. */
    public void closeSegment(long epochMs, String result) {
        if (openKind != null) {
            segments.add(new CallRecord.Segment(openKind, queueId, openAgentId, openStartEpochMs, epochMs, result));
            openKind = null;
            openAgentId = null;
        }
    }

    /**
     * The record of the finished call. {@code agentId} is the agent who answered, or null.
     */
    public CallRecord toRecord(long endedEpochMs, String answeringAgentId, CallOutcome outcome, String endReason) {
        return new CallRecord(id, queueId, callerNumber, dialedNumber, data, arrivedEpochMs,
                answeredEpochMs, endedEpochMs, answeringAgentId, outcome, endReason, segments, recordingFile);
    }

    public String id() {
        return id;
    }

    /**
     * The call goes on on another channel (a callback that reached the customer: the customer's leg replaces the
     * caller's, which is gone); commands on the call's caller use it from now on.
     */
    public void reattach(String channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    public String channel() {
        return channel;
    }

    public String queueId() {
        return queueId;
    }

    public String callerNumber() {
        return callerNumber;
    }

    public String callerName() {
        return callerName;
    }

    public String dialedNumber() {
        return dialedNumber;
    }

    public Map<String, String> data() {
        return data;
    }

    /** The queue's requirement and the call's own, both at once. */
    public SkillRequirement requirement() {
        return requirement;
    }

    public int priority() {
        return priority;
    }

    /** Engine-wide arrival counter: breaks ties between calls that arrived at the same instant. */
    public long arrivalSeq() {
        return arrivalSeq;
    }

    /** Original arrival (monotonic ns); kept on requeue. */
    public long enqueuedNs() {
        return enqueuedNs;
    }

    public long arrivedEpochMs() {
        return arrivedEpochMs;
    }

    /** Queue and requirement in force: calls with the same key have the same eligible agents. */
    public String routingKey() {
        return routingKey;
    }

    public CallState state() {
        return state;
    }

    /** The agent the call is offered to or talking with, else null. */
    public String agentId() {
        return agentId;
    }

    public String offeredExtension() {
        return offeredExtension;
    }

    public long offeredNs() {
        return offeredNs;
    }

    public long ringTimerToken() {
        return ringTimerToken;
    }

    public long answeredNs() {
        return answeredNs;
    }

    public long answeredEpochMs() {
        return answeredEpochMs;
    }

    /** The agent asked to hang up: the end that follows is the system's doing, not an abandon. */
    public boolean hangupRequested() {
        return hangupRequested;
    }

    public void requestHangup() {
        hangupRequested = true;
    }

    public int routeFailures() {
        return routeFailures;
    }

    public int countRouteFailure() {
        return ++routeFailures;
    }

    @Override
    public String toString() {
        return "Call[" + id + " " + queueId + " " + state + (agentId == null ? "" : " agent " + agentId) + "]";
    }
}
