package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxEvent;
import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts events the engine refused (its input queue was full) and raises a rate-limited ERROR alarm:
 * at the first loss, then at most once per interval, always with the running count. A lost event may
 * leave a call or an agent wrong until the next resync, so it is never dropped silently.
 */
final class DropAlarm {
    private static final long NEVER = Long.MIN_VALUE;

    private final Logger log;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastReportNanos = new AtomicLong(NEVER);
    private final AtomicLong reportedCount = new AtomicLong();

    DropAlarm(Logger log, LongSupplier nanoClock, long interval, TimeUnit unit) {
        this.log = log;
        this.nanoClock = nanoClock;
        this.intervalNanos = unit.toNanos(interval);
    }

    void dropped(PbxEvent event) {
        long total = dropped.incrementAndGet();
        long now = nanoClock.getAsLong();
        long last = lastReportNanos.get();
        if ((last == NEVER || now - last >= intervalNanos) && lastReportNanos.compareAndSet(last, now)) {
            long sinceLast = total - reportedCount.getAndSet(total);
            log.error("ALARM: the engine refused a PBX event (input queue full): {} lost since the last alarm,"
                    + " {} in total; latest: {}", sinceLast, total, event);
        }
    }

    long count() {
        return dropped.get();
    }
}
