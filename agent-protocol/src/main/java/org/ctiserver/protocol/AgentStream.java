package org.ctiserver.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerEvent.CallConnectedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.ConfigEvent;
import org.ctiserver.protocol.message.ServerEvent.SnapshotEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpStartedEvent;

/**
 * One agent's logical session: its id, the event sequence, the replay buffer and the connection attached
 * now. It outlives connections (a dropped toolbar resumes from it) and is renewed when the agent signs in
 * anew. The engine thread appends while a logging-in connection attaches: both under this object's lock,
 * held only to copy references, so the sequence, the tracker's view and the delivery order always agree.
 */
final class AgentStream {
    private record Buffered(EventMessage message, long atMs) {
    }

    /** How an attach went: replayed the missed events, or sent a snapshot (plain login, or events lost). */
    enum Outcome { REPLAYED, SNAPSHOT }

    private final String agentId;
    private final AgentTracker tracker;
    private final int maxEvents;
    private final long maxAgeMs;
    private final Deque<Buffered> buffer = new ArrayDeque<>();
    private String sessionId;
    private long seq;
    private AgentSession session;

    AgentStream(String agentId, AgentTracker tracker, int maxEvents, long maxAgeMs) {
        this.agentId = agentId;
        this.tracker = tracker;
        this.maxEvents = maxEvents;
        this.maxAgeMs = maxAgeMs;
    }

    /** Engine thread: track the event and, within a logical session, sequence, keep and deliver it. */
    synchronized void onEngineEvent(ServerEvent event, long nowMs) {
        tracker.apply(agentId, event);
        if (sessionId != null) {
            append(event, nowMs);
        }
    }

    /**
     * Another agent's event for a supervisor's session (not tracked as this user's own state); sequenced and kept
     * like the user's own events, dropped while the user has no logical session.
     */
    synchronized void forward(ServerEvent event, long nowMs) {
        if (sessionId != null) {
            append(event, nowMs);
        }
    }

    /**
     * The customer record of the agent's offered call, looked up after the offer: tracked and sent only while that
     * call is still the agent's current one.
     */
    synchronized void onCustomerRecord(ServerEvent.CustomerRecordEvent event, long nowMs) {
        AgentTracker.View v = tracker.view(agentId);
        if (v == null || v.offered() == null || !java.util.Objects.equals(v.offered().callId(), event.callId())) {
            return;
        }
        tracker.apply(agentId, event);
        if (sessionId != null) {
            append(event, nowMs);
        }
    }

    /** An event for the attached connection only (a fresh config after setLang); still sequenced and kept. */
    synchronized void publish(AgentSession from, ServerEvent event, long nowMs) {
        if (session == from && sessionId != null) {
            append(event, nowMs);
        }
    }

    /**
     * Makes {@code s} the connection of this logical session (renewed when {@code fresh}) and queues on it what
     * it must see first: the events after {@code lastSeq} when the client's session is this one and they are
     * all still kept; else the login snapshot (config, state, call events), or a {@code snapshot} event with
     * {@code eventsLost} when the client had history that cannot be replayed.
     */
    synchronized Outcome attach(AgentSession s, boolean fresh, String clientSessionId, Long lastSeq,
                                String extension, Supplier<ConfigEvent> config, long nowMs) {
        return attach(s, fresh, true, clientSessionId, lastSeq, extension, config, nowMs);
    }

    /**
     * As above; {@code takesCalls} false for a user who does not take calls (a supervisor's console): the
     * snapshot's state is then LOGGED_OUT on the user's extension, whatever the engine says.
     */
    synchronized Outcome attach(AgentSession s, boolean fresh, boolean takesCalls, String clientSessionId,
                                Long lastSeq, String extension, Supplier<ConfigEvent> config, long nowMs) {
        if (fresh || sessionId == null) {
            sessionId = UUID.randomUUID().toString();
            seq = 0;
            buffer.clear();
        }
        session = s;
        prune(nowMs);
        boolean resuming = clientSessionId != null || lastSeq != null;
        if (resuming && sessionId.equals(clientSessionId) && lastSeq != null && replayable(lastSeq)) {
            for (Buffered b : buffer) {
                if (b.message().seq() > lastSeq) {
                    s.deliver(b.message());
                }
            }
            return Outcome.REPLAYED;
        }
        List<ServerEvent> now = takesCalls ? tracker.snapshot(agentId, extension, nowMs)
                : List.of(new AgentStateEvent(agentId, org.ctiserver.core.agent.AgentState.LOGGED_OUT, null, "", nowMs,
                        extension));
        ConfigEvent cfg = withSession(config.get());
        if (resuming) {
            append(snapshot(cfg, now), nowMs);
        } else {
            append(cfg, nowMs);
            now.forEach(e -> append(e, nowMs));
        }
        return Outcome.SNAPSHOT;
    }

    /** The connection went away (closed, logged out, replaced): events are kept for it, not sent. */
    synchronized boolean detach(AgentSession s) {
        if (session != s) {
            return false;
        }
        session = null;
        return true;
    }

    /** A console user logged out: the logical session ends (an agent's ends with the engine's logout). */
    synchronized void end() {
        sessionId = null;
        buffer.clear();
        session = null;
    }

    synchronized String sessionId() {
        return sessionId;
    }

    /** Drops what aged out; ends the logical session of an agent gone without a connection. */
    synchronized void prune(long nowMs) {
        long cutoff = nowMs - maxAgeMs;
        while (!buffer.isEmpty() && (buffer.size() > maxEvents || buffer.peekFirst().atMs() < cutoff)) {
            buffer.removeFirst();
        }
        if (session == null && sessionId != null && !tracker.knownLoggedIn(agentId) && buffer.isEmpty()) {
            sessionId = null;
        }
    }

    ConfigEvent withSession(ConfigEvent c) {
        return c.withSessionId(sessionId);
    }

    /** True when every event after {@code lastSeq} is still in the buffer (none at all is fine too). */
    private boolean replayable(long lastSeq) {
        if (lastSeq > seq) {
            return false;
        }
        long first = buffer.isEmpty() ? seq + 1 : buffer.peekFirst().message().seq();
        return lastSeq >= first - 1;
    }

    private void append(ServerEvent event, long nowMs) {
        ServerEvent e = event instanceof ConfigEvent c ? withSession(c) : event;
        EventMessage m = new EventMessage(++seq, e);
        if (maxEvents > 0) {
            buffer.addLast(new Buffered(m, nowMs));
            while (buffer.size() > maxEvents) {
                buffer.removeFirst();
            }
        }
        if (session != null) {
            session.deliver(m);
        }
    }

    private static SnapshotEvent snapshot(ConfigEvent config, List<ServerEvent> now) {
        AgentStateEvent state = null;
        CallOfferedEvent offered = null;
        CallConnectedEvent connected = null;
        WrapUpStartedEvent wrapUp = null;
        ServerEvent.CustomerRecordEvent customer = null;
        for (ServerEvent e : new ArrayList<>(now)) {
            if (e instanceof AgentStateEvent x) {
                state = x;
            } else if (e instanceof CallOfferedEvent x) {
                offered = x;
            } else if (e instanceof CallConnectedEvent x) {
                connected = x;
            } else if (e instanceof WrapUpStartedEvent x) {
                wrapUp = x;
            } else if (e instanceof ServerEvent.CustomerRecordEvent x) {
                customer = x;
            }
        }
        return new SnapshotEvent(true, config, state, offered, connected, wrapUp, customer);
    }
}
