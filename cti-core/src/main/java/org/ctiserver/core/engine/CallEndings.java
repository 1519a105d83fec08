package org.ctiserver.core.engine;

import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.stats.QueueCounters;

/**
 * How a call leaves an agent or the engine, and how after-call work begins and ends, with the statistics of each.
 * Part of the {@link Engine} (same thread, same state), kept apart to keep it readable.
 */
final class CallEndings {
    private final Engine engine;

    CallEndings(Engine engine) {
        this.engine = engine;
    }

    /**
     * The call is over. Unanswered: abandoned when the caller left, cleared when the system ended it (or the
     * agent asked for the hang-up); a reserved agent is READY again. Answered: the agent starts wrap-up.
     */
    void callGone(Call call, String reason, boolean bySystem) {
        QueueConfig queue = engine.queueConfig(call.queueId());
        QueueCounters qc = engine.countersOf(call.queueId());
        engine.forgetCall(call);
        if (call.state() == CallState.TALKING) {
            Agent agent = engine.agentById(call.agentId());
            call.closeSegment(engine.epochMs, reason);
            call.moveTo(CallState.ENDED);
            engine.emit(new CtiEvent.CallEnded(engine.nextSeq(), engine.epochMs, call.id(), call.queueId(), agent.id(), CallOutcome.ANSWERED, reason));
            engine.store().callFinished(call.toRecord(engine.epochMs, agent.id(), CallOutcome.ANSWERED, reason));
            startWrapUp(agent, call, queue);
            return;
        }
        boolean cleared = bySystem || call.hangupRequested();
        // answered once (then transferred): it stays answered, and is counted neither abandoned nor cleared
        CallOutcome outcome = call.wasAnswered() ? CallOutcome.ANSWERED
                : cleared ? CallOutcome.CLEARED : CallOutcome.ABANDONED;
        Agent reserved = call.state() == CallState.OFFERED ? engine.agentById(call.agentId()) : null;
        if (call.state() == CallState.QUEUED) {
            engine.unqueue(call);
        }
        call.closeSegment(engine.epochMs, cleared ? "cleared" : "abandoned");
        call.moveTo(CallState.ENDED);
        if (outcome == CallOutcome.CLEARED) {
            qc.callCleared();
        } else if (outcome == CallOutcome.ABANDONED) {
            qc.callAbandoned(engine.nowNs - call.enqueuedNs(), queue.shortAbandonThreshold());
        }
        engine.emit(new CtiEvent.CallEnded(engine.nextSeq(), engine.epochMs, call.id(), call.queueId(), call.answeredBy(), outcome, reason));
        engine.store().callFinished(call.toRecord(engine.epochMs, call.answeredBy(), outcome, reason));
        if (reserved != null) {
            // the caller left while the phone rang: not the agent's fault, no RONA
            reserved.setCurrentCallId(null);
            engine.transition(reserved, AgentState.READY, "");
        }
    }

    /**
     * The agent was signed out by a supervisor while talking: the call stays on the phone but leaves the CTI (record
     * ended, answered); the handling ends now, without wrap-up. The caller moves the agent on.
     */
    void callGoneWithoutWrapUp(Call call, String reason) {
        Agent agent = engine.agentById(call.agentId());
        engine.forgetCall(call);
        call.closeSegment(engine.epochMs, reason);
        call.moveTo(CallState.ENDED);
        engine.emit(new CtiEvent.CallEnded(engine.nextSeq(), engine.epochMs, call.id(), call.queueId(), agent.id(), CallOutcome.ANSWERED, reason));
        engine.store().callFinished(call.toRecord(engine.epochMs, agent.id(), CallOutcome.ANSWERED, reason));
        engine.countersOf(call.queueId()).callHandled(engine.nowNs - call.agentAnsweredNs());
        agent.countCallHandled();
        agent.recordBusy(call.agentAnsweredNs(), engine.nowNs);
    }

    /**
     * The call leaves its agent but goes on (transfer): the agent's stint ends and after-call work begins. The
     * caller then offers, queues or ends the call.
     */
    void leaveAgent(Call call, String why) {
        Agent agent = engine.agentById(call.agentId());
        call.closeSegment(engine.epochMs, why);
        engine.countersOf(call.queueId()).callTransferred();
        startWrapUp(agent, call, engine.queueConfig(call.queueId()));
    }

    private void startWrapUp(Agent agent, Call call, QueueConfig queue) {
        long wrapNs = queue.wrapUp().isNegative() ? 0 : queue.wrapUp().toNanos();
        long token = wrapNs == 0 ? 0 : engine.scheduleTimer(engine.nowNs + wrapNs, Timers.Kind.WRAP_UP_END, agent.id());
        agent.beginWrapUp(call.queueId(), call.agentAnsweredNs(), token);
        agent.setWrapUpDeadline(wrapNs == 0 ? 0 : engine.nowNs + wrapNs, token);
        agent.countCallHandled();
        engine.transition(agent, AgentState.WRAP_UP, "");
        long deadlineEpochMs = wrapNs == 0 ? 0 : engine.epochMs + TimeUnit.NANOSECONDS.toMillis(wrapNs);
        agent.setWrapUpDeadlineEpochMs(deadlineEpochMs);
        engine.emit(new CtiEvent.WrapUpStarted(engine.nextSeq(), engine.epochMs, agent.id(), call.id(),
                deadlineEpochMs));
    }

    /**
     * Ends after-call work (the agent must be in WRAP_UP) and moves the agent on. Handle time (talk +
     * wrap-up) counts for the call's queue; a non-empty disposition is stored.
     */
    CommandResult finishWrapUp(Agent agent, String disposition, String notes, boolean byDeadline,
                               AgentState next, String nextReason) {
        String callId = agent.currentCallId();
        QueueCounters qc = engine.countersOf(agent.wrapUpQueueId());
        if (qc != null) {
            qc.callHandled(engine.nowNs - agent.handleStartNs());
        }
        agent.recordBusy(agent.handleStartNs(), engine.nowNs);
        if (!disposition.isEmpty()) {
            engine.store().dispositionRecorded(callId, agent.id(), disposition, notes);
        }
        engine.emit(new CtiEvent.WrapUpCompleted(engine.nextSeq(), engine.epochMs, agent.id(), callId, disposition, notes, byDeadline));
        agent.endWrapUp();
        agent.setCurrentCallId(null);
        return engine.transition(agent, next, nextReason);
    }
}
