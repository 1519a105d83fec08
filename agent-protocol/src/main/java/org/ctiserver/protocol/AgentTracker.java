package org.ctiserver.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.engine.CtiService;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerEvent.CallConnectedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpStartedEvent;

/**
 * The last state and current call of every agent, kept from the engine's events, so that a session that
 * logs in (or back in after a dropped connection) starts from a snapshot. Written on the engine thread only.
 */
final class AgentTracker {
    /** What a toolbar needs to draw an agent; call fields are null when the agent has no call. */
    record View(AgentStateEvent state, CallOfferedEvent offered, CallConnectedEvent connected,
                WrapUpStartedEvent wrapUp, boolean held, ServerEvent.CustomerRecordEvent customer) {
        View(AgentStateEvent state, CallOfferedEvent offered, CallConnectedEvent connected, WrapUpStartedEvent wrapUp) {
            this(state, offered, connected, wrapUp, false, null);
        }
    }

    private final ConcurrentMap<String, View> views = new ConcurrentHashMap<>();
    private final CtiService cti;

    AgentTracker(CtiService cti) {
        this.cti = cti;
    }

    /** Engine thread. */
    void apply(String agentId, ServerEvent event) {
        views.compute(agentId, (id, v) -> {
            View cur = v == null ? new View(null, null, null, null) : v;
            if (event instanceof AgentStateEvent e) {
                boolean hasCall = e.state() == AgentState.RESERVED || e.state() == AgentState.TALKING
                        || e.state() == AgentState.WRAP_UP;
                return hasCall ? new View(e, cur.offered(), cur.connected(), cur.wrapUp(), cur.held(), cur.customer())
                        : new View(e, null, null, null);
            } else if (event instanceof CallOfferedEvent e) {
                return new View(cur.state(), e, null, null);
            } else if (event instanceof CallConnectedEvent e) {
                return new View(cur.state(), cur.offered(), e, cur.wrapUp(), cur.held(), cur.customer());
            } else if (event instanceof WrapUpStartedEvent e) {
                return new View(cur.state(), cur.offered(), cur.connected(), e, false, cur.customer());
            } else if (event instanceof ServerEvent.HoldChangedEvent e) {
                return new View(cur.state(), cur.offered(), cur.connected(), cur.wrapUp(), e.held(), cur.customer());
            } else if (event instanceof ServerEvent.WrapUpExtendedEvent e && cur.wrapUp() != null) {
                WrapUpStartedEvent w = cur.wrapUp();
                return new View(cur.state(), cur.offered(), cur.connected(),
                        new WrapUpStartedEvent(w.callId(), e.deadlineMs(), w.atMs()), false, cur.customer());
            } else if (event instanceof ServerEvent.CustomerRecordEvent e && cur.offered() != null
                    && java.util.Objects.equals(e.callId(), cur.offered().callId())) {
                return new View(cur.state(), cur.offered(), cur.connected(), cur.wrapUp(), cur.held(), e);
            }
            return cur;
        });
    }

    /** The agent's view from the events so far, or null when none was seen. */
    View view(String agentId) {
        return views.get(agentId);
    }

    /** True when the events seen so far say the agent is signed in. */
    boolean knownLoggedIn(String agentId) {
        View v = views.get(agentId);
        return v != null && v.state() != null && v.state().state().isLoggedIn();
    }

    /**
     * The events that bring a fresh toolbar up to date: the state (as {@code previous = null}), and the call's
     * offer, connection and wrap-up when the agent has one.
     */
    List<ServerEvent> snapshot(String agentId, String extension, long nowMs) {
        View v = views.get(agentId);
        List<ServerEvent> out = new ArrayList<>();
        AgentStateEvent state = v == null ? null : v.state();
        if (state == null) {
            state = fromStats(agentId, extension, nowMs);
        }
        out.add(new AgentStateEvent(state.agentId(), state.state(), null, state.reason(), state.sinceMs(),
                state.extension()));
        if (v != null && v.offered() != null) {
            out.add(v.offered());
            if (v.connected() != null) {
                out.add(v.connected());
            }
            if (v.wrapUp() != null && state.state() == AgentState.WRAP_UP) {
                out.add(v.wrapUp());
            }
            if (v.customer() != null) {
                out.add(v.customer());
            }
        }
        return out;
    }

    /** Before this endpoint saw any event of the agent (a restart), the engine's last statistics tell. */
    private AgentStateEvent fromStats(String agentId, String extension, long nowMs) {
        for (AgentSnapshot a : cti.stats().agents()) {
            if (a.agentId().equals(agentId) && a.state().isLoggedIn()) {
                return new AgentStateEvent(agentId, a.state(), null, a.reason(), a.sinceEpochMs(), a.extension());
            }
        }
        // just logged in and no event yet: the engine starts every agent not ready
        return new AgentStateEvent(agentId, AgentState.NOT_READY, null, "", nowMs, extension);
    }
}
