package org.ctiserver.pbxsim.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.ctiserver.pbxsim.ami.AmiMessage;
import org.ctiserver.pbxsim.engine.EventSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The connected AMI sessions. Each event is encoded once and written to every session whose event mask
 * accepts its class; writes are flushed at the end of each simulation step, so a burst costs one syscall
 * per client. Event-loop thread only.
 */
public final class AmiHub implements EventSink {
    private final List<AmiSession> sessions = new ArrayList<>();
    private final Set<AmiSession> dirty = new LinkedHashSet<>();
    private final Deque<Object[]> held = new ArrayDeque<>();
    private boolean suspended;

    void add(AmiSession s) {
        sessions.add(s);
    }

    void remove(AmiSession s) {
        sessions.remove(s);
        dirty.remove(s);
    }

    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public void emit(AmiMessage event, int eventClass) {
        if (suspended) {
            held.add(new Object[] {event, eventClass});
            return;
        }
        ByteBuf buf = null;
        for (AmiSession s : sessions) {
            if (s.wants(eventClass)) {
                if (buf == null) {
                    buf = Unpooled.wrappedBuffer(event.toBytes());
                }
                s.deliver(buf.retainedDuplicate());
                dirty.add(s);
            }
        }
        if (buf != null) {
            buf.release();
        }
    }

    /** Marks a session as having unflushed writes. */
    void touched(AmiSession s) {
        dirty.add(s);
    }

    public void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        for (AmiSession s : dirty) {
            s.flush();
        }
        dirty.clear();
    }

    /** Fault hook: hold every event until {@link #resume()}, like a PBX whose event queue stalls. */
    public void suspend() {
        suspended = true;
    }

    public void resume() {
        suspended = false;
        while (!held.isEmpty()) {
            Object[] e = held.poll();
            emit((AmiMessage) e[0], (Integer) e[1]);
        }
        flush();
    }

    public int closeAll() {
        int n = sessions.size();
        for (AmiSession s : List.copyOf(sessions)) {
            s.close();
        }
        return n;
    }
}
