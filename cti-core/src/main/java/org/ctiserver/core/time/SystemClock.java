package org.ctiserver.core.time;

/** Wall time: {@link System#nanoTime()} for durations, {@link System#currentTimeMillis()} for labels. */
public final class SystemClock implements Clock {
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nowNs() {
        return System.nanoTime();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
