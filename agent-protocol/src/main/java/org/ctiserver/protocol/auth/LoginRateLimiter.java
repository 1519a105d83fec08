package org.ctiserver.protocol.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Counts failed logins per agent and per remote address in a sliding window; once either reaches the
 * limit, logins for that agent or from that address are refused until old failures age out.
 * Thread-safe (each key is updated under the map's per-key lock).
 */
public final class LoginRateLimiter {
    private static final String AGENT_PREFIX = "agent:";
    private static final String ADDRESS_PREFIX = "addr:";

    private final int maxFailures;
    private final long windowMs;
    private final LongSupplier clockMs;
    private final ConcurrentMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginRateLimiter(int maxFailures, Duration window, LongSupplier clockMs) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.windowMs = window.toMillis();
        this.clockMs = clockMs;
    }

    /** True when a login attempt for this agent from this address may go ahead. */
    public boolean allows(String agentId, String address) {
        return !blocked(AGENT_PREFIX + agentId) && !blocked(ADDRESS_PREFIX + address);
    }

    public void recordFailure(String agentId, String address) {
        long now = clockMs.getAsLong();
        add(AGENT_PREFIX + agentId, now);
        add(ADDRESS_PREFIX + address, now);
    }

    /** A success clears the agent's count (not the address's: one good account must not unlock guessing others). */
    public void recordSuccess(String agentId) {
        failures.remove(AGENT_PREFIX + agentId);
    }

    /** Drops keys whose failures all aged out; call now and then so the map stays small. */
    public void prune() {
        long cutoff = clockMs.getAsLong() - windowMs;
        failures.keySet().forEach(key -> failures.computeIfPresent(key, (k, q) -> {
            dropOld(q, cutoff);
            return q.isEmpty() ? null : q;
        }));
    }

    int trackedKeys() {
        return failures.size();
    }

    private boolean blocked(String key) {
        long cutoff = clockMs.getAsLong() - windowMs;
        Deque<Long> q = failures.computeIfPresent(key, (k, d) -> {
            dropOld(d, cutoff);
            return d.isEmpty() ? null : d;
        });
        return q != null && q.size() >= maxFailures;
    }

    private void add(String key, long now) {
        long cutoff = now - windowMs;
        failures.compute(key, (k, d) -> {
            Deque<Long> q = d == null ? new ArrayDeque<>() : d;
            dropOld(q, cutoff);
            q.addLast(now);
            // keep no more than needed to decide
            while (q.size() > maxFailures) {
                q.removeFirst();
            }
            return q;
        });
    }

    private static void dropOld(Deque<Long> q, long cutoff) {
        while (!q.isEmpty() && q.peekFirst() <= cutoff) {
            q.removeFirst();
        }
    }
}
