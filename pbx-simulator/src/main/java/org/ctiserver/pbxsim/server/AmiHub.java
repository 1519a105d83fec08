package org.ctiserver.pbxsim.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.pbxsim.ami.AmiMessage;
import org.ctiserver.pbxsim.engine.EventSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The connected AMI sessions. Each event is encoded once and written to every session whose event mask
 * accepts its class; writes are flushed at the end of each simulation step, so a burst costs one syscall
 * per client. Event-loop thread only.
 */
public final class AmiHub implements EventSink {
    private final List<AmiSession> sessions = new ArrayList<>();
    private final Set<AmiSession> dirty = new LinkedHashSet<>();
    private final Deque<Object[]> held = new ArrayDeque<>();
    private final SimulatorLedger ledger;
    private final Consumer<Runnable> later;
    private boolean suspended;
    /** Fault injection: how many of the next events go out twice, and how many adjacent pairs go out swapped. */
    private int duplicateLeft;
    private int swapLeft;
    private Object[] swapHeld;
    private long swapGeneration;

    /**
     * @param later runs a task on the event loop a little later (a held swap event is let go if no second one comes)
     */
    public AmiHub(SimulatorLedger ledger, Consumer<Runnable> later) {
        this.ledger = ledger;
        this.later = later;
    }

    public AmiHub() {
        this(new SimulatorLedger(), r -> { });
    }

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
        if (swapLeft > 0) {
            if (swapHeld == null) {
                swapHeld = new Object[] {event, eventClass};
                long generation = ++swapGeneration;
                later.accept(() -> releaseSwapHeld(generation));
                return;
            }
            Object[] first = swapHeld;
            swapHeld = null;
            swapLeft--;
            deliver(event, eventClass);
            deliver((AmiMessage) first[0], (Integer) first[1]);
            ledger.recordFault("swapped", 2);
            return;
        }
        if (duplicateLeft > 0) {
            duplicateLeft--;
            deliver(event, eventClass);
            ledger.recordFault("duplicated", 1);
        }
        deliver(event, eventClass);
    }

    /** No second event came in time: the held one goes out alone, late but not lost. */
    private void releaseSwapHeld(long generation) {
        if (swapHeld != null && generation == swapGeneration) {
            Object[] e = swapHeld;
            swapHeld = null;
            deliver((AmiMessage) e[0], (Integer) e[1]);
            flush();
        }
    }

    private void deliver(AmiMessage event, int eventClass) {
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

    // ------------------------------------------------------------------ fault injection

    /** The next {@code n} events are each sent twice. */
    public void duplicateNextEvents(int n) {
        duplicateLeft += Math.max(0, n);
    }

    /** The next {@code pairs} pairs of adjacent events are each sent in the wrong order. */
    public void swapNextEventPairs(int pairs) {
        swapLeft += Math.max(0, pairs);
    }

    /** Bytes written as they are to every logged-in client, between two frames; returns how many clients got them. */
    public int sendRaw(byte[] bytes, String faultKind) {
        if (swapHeld != null) {
            // a held event goes first, unswapped; the pair still to swap is taken from the next events
            Object[] e = swapHeld;
            swapHeld = null;
            deliver((AmiMessage) e[0], (Integer) e[1]);
        }
        int n = 0;
        for (AmiSession s : sessions) {
            if (s.wants(org.ctiserver.pbxsim.ami.AmiEventMask.ALL)) {
                s.deliver(Unpooled.wrappedBuffer(bytes));
                dirty.add(s);
                n++;
            }
        }
        ledger.recordFault(faultKind, 1);
        flush();
        return n;
    }

    public int closeAll() {
        int n = sessions.size();
        for (AmiSession s : List.copyOf(sessions)) {
            s.close();
        }
        return n;
    }
}
