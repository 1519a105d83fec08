package org.ctiserver.core.engine;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.routing.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each of the engine's timers does when it comes due: ring-no-answer, the end of a timed wrap-up, a step of a
 * waiting call's relaxation ladder, a queue's maximum wait, a booked callback, a callback's retry. Part of the
 * {@link Engine} (same thread, same time); the engine routes what became routable afterwards.
 */
final class DueTimers {
    private static final Logger log = LoggerFactory.getLogger(DueTimers.class);

    private final Engine engine;
    private final Timers timers;
    private final Router router;
    private final QueueRulesSetup rules;
    private final CallControl control;
    private final VirtualHolds holds;

    DueTimers(Engine engine, Timers timers, Router router, QueueRulesSetup rules, CallControl control,
              VirtualHolds holds) {
        this.engine = engine;
        this.timers = timers;
        this.router = router;
        this.rules = rules;
        this.control = control;
        this.holds = holds;
    }

    /** Fires every timer due at the engine's current time, earliest first; cancelled ones (stale token) do nothing. */
    void fire() {
        long nowNs = engine.nowNs;
        for (Timers.Timer t = timers.pollDue(nowNs); t != null; t = timers.pollDue(nowNs)) {
            if (t.kind() == Timers.Kind.RELAX_STEP) {
                relaxStep(t.targetId());
            } else if (t.kind() == Timers.Kind.MAX_WAIT) {
                Call call = engine.callById(t.targetId());
                // a call ringing an agent is left alone; it can overflow when requeued and its next timer fires
                if (call != null && call.state() == CallState.QUEUED) {
                    rules.maxWaitReached(call, t.token(), nowNs, engine.epochMs);
                }
            } else if (t.kind() == Timers.Kind.CALLBACK_DUE) {
                control.outbound().callbackDue(t.targetId(), t.token());
            } else if (t.kind() == Timers.Kind.CALLBACK_RETRY) {
                holds.retryDue(t.targetId(), t.token());
            } else if (t.kind() == Timers.Kind.RING_TIMEOUT) {
                Call call = engine.callById(t.targetId());
                // a callback's agent phone rings under the Originate's own timeout, then the customer's
                if (call != null && call.state() == CallState.OFFERED && call.ringTimerToken() == t.token()
                        && !holds.owns(call.id())) {
                    log.debug("ring timeout for call {} at agent {}", call.id(), call.agentId());
                    engine.rona(call, "TIMEOUT");
                }
            } else {
                Agent agent = engine.agentById(t.targetId());
                if (agent != null && agent.state() == AgentState.WRAP_UP && agent.wrapUpTimerToken() == t.token()) {
                    engine.endings().finishWrapUp(agent, "", "", true, AgentState.READY, "");
                }
            }
        }
    }

    /** A step boundary passed: the call's requirement relaxes and only that call is tried again. */
    private void relaxStep(String callId) {
        Call call = engine.callById(callId);
        if (call == null || call.state() == CallState.ENDED || call.state() == CallState.TALKING) {
            return;
        }
        if (call.updateStep(engine.nowNs) && call.state() == CallState.QUEUED) {
            router.requirementChanged(call);
        }
        engine.scheduleRelaxStep(call);
    }
}
