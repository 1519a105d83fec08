package org.ctiserver.protocol.client;

import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.ConfigEvent;
import org.ctiserver.protocol.message.ServerEvent.SnapshotEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the client is in its agent's logical session: the session id and the last seq handed to listeners.
 * Filters out what a resume sends twice. Thread-safe (connections come and go on different event loops).
 */
final class EventSequence {
    private static final Logger LOG = LoggerFactory.getLogger(EventSequence.class);

    private String sessionId;
    private long lastSeq;

    /** True when listeners should see {@code m}; records it as seen. */
    synchronized boolean accept(EventMessage m) {
        if (m.seq() == 0) {
            return true;
        }
        ServerEvent e = m.event();
        String sid = e instanceof ConfigEvent c ? c.sessionId()
                : e instanceof SnapshotEvent s ? s.config().sessionId() : null;
        if (sid != null && !sid.equals(sessionId) || e instanceof SnapshotEvent) {
            // a new logical session starts its own numbering; a snapshot replaces what came before
            sessionId = sid != null ? sid : sessionId;
            lastSeq = m.seq();
            return true;
        }
        if (m.seq() <= lastSeq) {
            return false;
        }
        if (m.seq() != lastSeq + 1 && lastSeq != 0) {
            LOG.warn("events {}..{} of session {} never arrived", lastSeq + 1, m.seq() - 1, sessionId);
        }
        lastSeq = m.seq();
        return true;
    }

    synchronized String sessionId() {
        return sessionId;
    }

    /** Null before any event: then a login asks for no replay. */
    synchronized Long lastSeq() {
        return sessionId == null ? null : lastSeq;
    }

    synchronized void reset() {
        sessionId = null;
        lastSeq = 0;
    }
}
