package org.ctiserver.core.time;

/**
 * The engine's only source of time. Monotonic nanoseconds drive timers and durations;
 * epoch milliseconds label what people see. A {@link VirtualClock} makes runs repeatable.
 */
public interface Clock {
    long nowNs();

    long epochMillis();
}
