package org.ctiserver.pbxsim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What really happened in the simulation, for tests and benchmarks to compare with what the CTI server
 * believes. The simulation thread writes; any thread may read (reads return immutable snapshots).
 *
 * <p>Counting rules: a call is <em>offered</em> to its queue when it reaches the route point, <em>answered</em>
 * when an agent phone answers it (counted at answer, once per call), <em>abandoned</em> when the caller hangs up
 * before any agent answered, <em>cleared</em> when it ends unanswered for another reason (AMI Hangup, or the
 * route point's MusicOnHold timeout).
 */
public final class SimulatorLedger {

    /** Live state while the call is up; ANSWERED, ABANDONED or CLEARED once it has ended. */
    public enum Outcome { WAITING, RINGING, TALKING, ANSWERED, ABANDONED, CLEARED }

    /** Who or what ended the call. */
    public enum EndReason { NONE, CALLER_HANGUP, AGENT_HANGUP, AMI_HANGUP, PBX_TIMEOUT }

    /**
     * One inbound call.
     *
     * @param callId Uniqueid of the caller's {@code ;1} channel (= CallUid of the UserEvents)
     * @param seq arrival order, from 1
     * @param generated true when the traffic generator made it, false when an AMI Originate did
     * @param offers how many times it was dialed to an agent phone
     * @param lastAgent the extension last dialed for it, or null
     * @param transfers how many times it was moved from an answering agent to another target (blind or consultative)
     */
    public record CallEntry(String callId, long seq, String callType, String queue, String skills,
                            String callerNumber, boolean generated, Instant arrivalTime, Outcome outcome,
                            String answeredBy, Instant answeredAt, Instant endedAt, EndReason endReason,
                            int offers, String lastAgent, int transfers) {

        public boolean ended() {
            return endedAt != null;
        }
    }

    /** Per-queue counts. */
    public record QueueTally(String queue, long offered, long answered, long abandoned, long cleared) {
        QueueTally plus(long o, long an, long ab, long cl) {
            return new QueueTally(queue, offered + o, answered + an, abandoned + ab, cleared + cl);
        }
    }

    /**
     * One AMI outage made by {@code dropConnections()}: from the cut to the first {@code CoreShowChannels} answered
     * after it (a reconnecting client's resync). A call that reached the route point and ended inside it left no trace
     * any AMI client can read (docs/decisions/0005-resync-after-reconnect.md).
     *
     * @param resynced null until a client lists the channels again
     */
    public record Outage(Instant cut, Instant resynced) {
        /** True when the call arrived after the cut and ended before the channels were listed again. */
        public boolean contains(CallEntry c) {
            return resynced != null && c.ended() && !c.arrivalTime().isBefore(cut) && !c.endedAt().isAfter(resynced);
        }
    }

    /**
     * One transfer of an answered call.
     *
     * @param fromAgent the extension that had the call, or null when unknown
     * @param to the new target ({@code agentdial,2002}, a consulted channel ...)
     */
    public record Transfer(String callId, String fromAgent, String to, Instant at) {
    }

    /**
     * One MixMonitor recording.
     *
     * @param uniqueid the recorded channel
     * @param stopped null while it runs (StopMixMonitor or the channel's hangup ends it)
     */
    public record Recording(String uniqueid, String file, Instant started, Instant stopped) {
    }

    /** One AMD() result on an originated external number ({@code [amd] s}). */
    public record AmdResult(String uniqueid, String number, String status, String cause, Instant at) {
    }

    /**
     * A caller sent to one of the CTI's dialplan actions: {@code cti-voicemail} (the mailbox as {@code exten}),
     * {@code cti-message} (the sound) or {@code cti-callback-offer} (the prompt; {@code digit} is the key read, empty
     * when none), and how it ended there ({@code completed}: the dialplan ran to its hang-up).
     */
    public record DialplanAction(String callId, String context, String exten, String digit, Instant at,
                                 boolean completed) {
    }

    /**
     * One external number dialed by a {@code Dial(Local/<number>@pstn)} (an agent's outbound call or callback, after
     * the agent's phone answered): {@code channel} is the dialed pair's {@code ;1}; {@code answered} once the far end
     * picked up and was bridged.
     */
    public record PstnDial(String number, String channel, Instant at, boolean answered) {
    }

    private final List<DialplanAction> dialplanActions = new ArrayList<>();
    private final List<PstnDial> pstnDials = new ArrayList<>();
    private final List<Recording> recordings = new ArrayList<>();
    private final List<AmdResult> amdResults = new ArrayList<>();
    private final List<Outage> outages = new ArrayList<>();
    private final List<Transfer> transfers = new ArrayList<>();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final Map<String, CallEntry> calls = new LinkedHashMap<>();
    private final Map<String, QueueTally> queues = new TreeMap<>();
    private final LongAdder events = new LongAdder();
    private final Map<String, LongAdder> eventsByName = new ConcurrentHashMap<>();

    // ---- reads (any thread) ----

    public synchronized List<CallEntry> calls() {
        return List.copyOf(calls.values());
    }

    public synchronized Optional<CallEntry> call(String callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    public synchronized Map<String, QueueTally> queues() {
        return Collections.unmodifiableMap(new TreeMap<>(queues));
    }

    public synchronized QueueTally queue(String queue) {
        return queues.getOrDefault(queue, new QueueTally(queue, 0, 0, 0, 0));
    }

    public synchronized long callCount() {
        return calls.size();
    }

    /** Calls that have not ended yet. */
    public synchronized List<CallEntry> activeCalls() {
        List<CallEntry> out = new ArrayList<>();
        for (CallEntry e : calls.values()) {
            if (!e.ended()) {
                out.add(e);
            }
        }
        return out;
    }

    /** The AMI outages made so far, oldest first. */
    public synchronized List<Outage> outages() {
        return List.copyOf(outages);
    }

    /** Events sent (counted once per event, however many clients received it). */
    /** The CTI's dialplan actions callers went through, in order. */
    public synchronized List<DialplanAction> dialplanActions() {
        return List.copyOf(dialplanActions);
    }

    /** The external numbers dialed, in order. */
    public synchronized List<PstnDial> pstnDials() {
        return List.copyOf(pstnDials);
    }

    public synchronized List<AmdResult> amdResults() {
        return List.copyOf(amdResults);
    }

    public synchronized List<Recording> recordings() {
        return List.copyOf(recordings);
    }

    public synchronized List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    /** Injected faults by kind (garbage, oversized, unknownEvent, duplicated, swapped ...): how many frames each touched. */
    public Map<String, Long> faults() {
        Map<String, Long> out = new TreeMap<>();
        faults.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long faultCount(String kind) {
        LongAdder a = faults.get(kind);
        return a == null ? 0 : a.sum();
    }

    public long eventsEmitted() {
        return events.sum();
    }

    public long eventCount(String eventName) {
        LongAdder a = eventsByName.get(eventName);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> eventCounts() {
        Map<String, Long> out = new TreeMap<>();
        eventsByName.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    // ---- writes (simulation thread) ----

    /** Internal: called by the simulation when a call reaches the route point. */
    public synchronized void recordArrival(String callId, String callType, String queue, String skills,
                                           String callerNumber, boolean generated, Instant at) {
        calls.put(callId, new CallEntry(callId, calls.size() + 1L, callType, queue, skills, callerNumber, generated,
                at, Outcome.WAITING, null, null, null, EndReason.NONE, 0, null, 0));
        queues.merge(queue, new QueueTally(queue, 1, 0, 0, 0), (a, b) -> a.plus(1, 0, 0, 0));
    }

    /** Internal: the call is being dialed to an agent phone. */
    public synchronized void recordRinging(String callId, String extension) {
        update(callId, e -> new CallEntry(e.callId(), e.seq(), e.callType(), e.queue(), e.skills(), e.callerNumber(),
                e.generated(), e.arrivalTime(), Outcome.RINGING, e.answeredBy(),
                e.answeredAt(), e.endedAt(), e.endReason(), e.offers() + 1, extension, e.transfers()));
    }

    /** Internal: the dial failed or was cancelled and the call is back at the route point. */
    public synchronized void recordRequeued(String callId) {
        update(callId, e -> withOutcome(e, Outcome.WAITING));
    }

    /** Internal: an agent phone answered. Counts once per call. */
    public synchronized void recordAnswered(String callId, String extension, Instant at) {
        CallEntry e = calls.get(callId);
        if (e == null || e.ended()) {
            return;
        }
        if (e.answeredAt() != null) {
            calls.put(callId, withOutcome(e, Outcome.TALKING));
            return;
        }
        calls.put(callId, new CallEntry(e.callId(), e.seq(), e.callType(), e.queue(), e.skills(), e.callerNumber(),
                e.generated(), e.arrivalTime(), Outcome.TALKING, extension, at, null, EndReason.NONE, e.offers(), extension, e.transfers()));
        queues.merge(e.queue(), new QueueTally(e.queue(), 0, 1, 0, 0), (a, b) -> a.plus(0, 1, 0, 0));
    }

    /** Internal: the caller's channel is gone. */
    public synchronized void recordEnded(String callId, EndReason reason, Instant at) {
        CallEntry e = calls.get(callId);
        if (e == null || e.ended()) {
            return;
        }
        Outcome o;
        if (e.answeredAt() != null) {
            o = Outcome.ANSWERED;
        } else if (reason == EndReason.CALLER_HANGUP) {
            o = Outcome.ABANDONED;
            queues.merge(e.queue(), new QueueTally(e.queue(), 0, 0, 1, 0), (a, b) -> a.plus(0, 0, 1, 0));
        } else {
            o = Outcome.CLEARED;
            queues.merge(e.queue(), new QueueTally(e.queue(), 0, 0, 0, 1), (a, b) -> a.plus(0, 0, 0, 1));
        }
        calls.put(callId, new CallEntry(e.callId(), e.seq(), e.callType(), e.queue(), e.skills(), e.callerNumber(),
                e.generated(), e.arrivalTime(), o, e.answeredBy(), e.answeredAt(), at, reason, e.offers(), e.lastAgent(), e.transfers()));
    }

    /** Internal: a caller entered a CTI dialplan action. */
    public synchronized void recordDialplanAction(String callId, String context, String exten, Instant at) {
        dialplanActions.add(new DialplanAction(callId, context, exten, "", at, false));
    }

    /** Internal: the last dialplan action of the call read a key, or ran to its end. */
    public synchronized void updateDialplanAction(String callId, String digit, boolean completed) {
        for (int i = dialplanActions.size() - 1; i >= 0; i--) {
            DialplanAction a = dialplanActions.get(i);
            if (a.callId().equals(callId)) {
                dialplanActions.set(i, new DialplanAction(a.callId(), a.context(), a.exten(),
                        digit == null ? a.digit() : digit, a.at(), a.completed() || completed));
                return;
            }
        }
    }

    /** Internal: a Dial() started calling an external number. */
    public synchronized void recordPstnDial(String number, String channel, Instant at) {
        pstnDials.add(new PstnDial(number, channel, at, false));
    }

    /** Internal: the external number dialed on {@code channel} answered. */
    public synchronized void recordPstnAnswered(String channel) {
        for (int i = pstnDials.size() - 1; i >= 0; i--) {
            PstnDial d = pstnDials.get(i);
            if (d.channel().equals(channel)) {
                pstnDials.set(i, new PstnDial(d.number(), d.channel(), d.at(), true));
                return;
            }
        }
    }

    /** Internal: an answered call was handed on (Redirect or BlindTransfer to another agent, or a consultation bridged). */
    public synchronized void recordTransferred(String callId, String fromAgent, String to, Instant at) {
        CallEntry e = calls.get(callId);
        if (e == null || e.ended()) {
            return;
        }
        calls.put(callId, new CallEntry(e.callId(), e.seq(), e.callType(), e.queue(), e.skills(), e.callerNumber(),
                e.generated(), e.arrivalTime(), e.outcome(), e.answeredBy(), e.answeredAt(), e.endedAt(), e.endReason(),
                e.offers(), e.lastAgent(), e.transfers() + 1));
        transfers.add(new Transfer(callId, fromAgent, to, at));
    }

    /** Internal: AMD() classified an answered number. */
    public synchronized void recordAmd(String uniqueid, String number, String status, String cause, Instant at) {
        amdResults.add(new AmdResult(uniqueid, number, status, cause, at));
    }

    /** Internal: a recording started or stopped. */
    public synchronized void recordRecording(String uniqueid, String file, boolean start, Instant at) {
        if (start) {
            recordings.add(new Recording(uniqueid, file, at, null));
            return;
        }
        for (int i = recordings.size() - 1; i >= 0; i--) {
            Recording r = recordings.get(i);
            if (r.uniqueid().equals(uniqueid) && r.file().equals(file) && r.stopped() == null) {
                recordings.set(i, new Recording(uniqueid, file, r.started(), at));
                return;
            }
        }
    }

    /** Internal: a fault was injected ({@link SimulatorFaults}); counted by kind. */
    public void recordFault(String kind, long count) {
        faults.computeIfAbsent(kind, k -> new LongAdder()).add(count);
    }

    /** Internal: every AMI connection was cut. */
    public synchronized void recordConnectionsDropped(Instant at) {
        outages.add(new Outage(at, null));
    }

    /** Internal: a client listed the channels ({@code CoreShowChannels}): ends the open outage, if any. */
    public synchronized void recordChannelsListed(Instant at) {
        int last = outages.size() - 1;
        if (last >= 0 && outages.get(last).resynced() == null) {
            outages.set(last, new Outage(outages.get(last).cut(), at));
        }
    }

    /** Internal: one event was sent. */
    public void countEvent(String name) {
        events.increment();
        eventsByName.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    private static CallEntry withOutcome(CallEntry e, Outcome o) {
        return new CallEntry(e.callId(), e.seq(), e.callType(), e.queue(), e.skills(), e.callerNumber(), e.generated(),
                e.arrivalTime(), o, e.answeredBy(), e.answeredAt(), e.endedAt(), e.endReason(), e.offers(), e.lastAgent(), e.transfers());
    }

    private void update(String callId, java.util.function.UnaryOperator<CallEntry> f) {
        CallEntry e = calls.get(callId);
        if (e != null && !e.ended()) {
            calls.put(callId, f.apply(e));
        }
    }
}
