package org.ctiserver.core.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.ctiserver.core.stats.AgentSnapshot;

/**
 * The default store: nothing outlives the process. Keeps the newest finished calls in a bounded ring,
 * the last state of every agent, and the newest dispositions. Writes come from the engine thread and
 * never block for long (short critical sections); reads are safe from any thread.
 */
public final class InMemoryStateStore implements StateStore {
    public static final int DEFAULT_CAPACITY = 10_000;

    /** An agent's disposition of a call, as recorded at the end of wrap-up. */
    public record Disposition(String callId, String agentId, String dispositionCode, String notes) {
    }

    private final int capacity;
    private final CallRecord[] ring;
    private int next;
    private int size;
    private final Map<String, AgentSnapshot> agents = new ConcurrentHashMap<>();
    private final Map<String, Disposition> dispositions;

    public InMemoryStateStore() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity how many finished calls (and dispositions) are kept */
    public InMemoryStateStore(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.ring = new CallRecord[capacity];
        this.dispositions = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Disposition> eldest) {
                return size() > InMemoryStateStore.this.capacity;
            }
        };
    }

    @Override
    public void agentChanged(AgentSnapshot agent) {
        agents.put(agent.agentId(), agent);
    }

    @Override
    public synchronized void callFinished(CallRecord call) {
        ring[next] = call;
        next = (next + 1) % capacity;
        if (size < capacity) {
            size++;
        }
    }

    @Override
    public void dispositionRecorded(String callId, String agentId, String dispositionCode, String notes) {
        synchronized (dispositions) {
            dispositions.put(callId, new Disposition(callId, agentId, dispositionCode, notes));
        }
    }

    @Override
    public synchronized List<CallRecord> recentCalls(int limit) {
        int n = Math.min(Math.max(limit, 0), size);
        List<CallRecord> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(ring[Math.floorMod(next - i, capacity)]);
        }
        return out;
    }

    /** The newest record of a finished call, if still kept. */
    public synchronized Optional<CallRecord> call(String callId) {
        for (int i = 1; i <= size; i++) {
            CallRecord r = ring[Math.floorMod(next - i, capacity)];
            if (r.callId().equals(callId)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** How many finished calls are kept now. */
    public synchronized int callCount() {
        return size;
    }

    public Optional<AgentSnapshot> agent(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    /** The last known state of every agent, sorted by id. */
    public List<AgentSnapshot> agents() {
        List<AgentSnapshot> out = new ArrayList<>(agents.values());
        out.sort(Comparator.comparing(AgentSnapshot::agentId));
        return out;
    }

    public Optional<Disposition> disposition(String callId) {
        synchronized (dispositions) {
            return Optional.ofNullable(dispositions.get(callId));
        }
    }

    public int capacity() {
        return capacity;
    }
}
