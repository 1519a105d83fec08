package org.ctiserver.core.time;

import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when told. Epoch time advances in step with the monotonic time
 * from a fixed origin, so a run on a virtual clock is identical every time.
 * Thread contract: written by one thread (the test or simulation driver); reads may come from others.
 */
public final class VirtualClock implements Clock {
    private final long originEpochMillis;
    private volatile long nowNs;

    public VirtualClock(long originEpochMillis) {
        this.originEpochMillis = originEpochMillis;
    }

    @Override
    public long nowNs() {
        return nowNs;
    }

    @Override
    public long epochMillis() {
        return originEpochMillis + TimeUnit.NANOSECONDS.toMillis(nowNs);
    }

    public void advance(long amount, TimeUnit unit) {
        if (amount < 0) {
            throw new IllegalArgumentException("time cannot go back: " + amount);
        }
        nowNs += unit.toNanos(amount);
    }

    public void advanceTo(long targetNs) {
        if (targetNs < nowNs) {
            throw new IllegalArgumentException("time cannot go back: " + targetNs + " < " + nowNs);
        }
        nowNs = targetNs;
    }
}
