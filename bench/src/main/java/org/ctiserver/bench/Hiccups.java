package org.ctiserver.bench;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Scheduling hiccups of this JVM on this machine, in the manner of jHiccup: a thread asks to sleep 1 ms, over and
 * over, and records how much later than asked it woke up. Any other thread of the JVM may be held up as long at the
 * same moment (a busy machine, a GC pause), so its percentiles are the noise floor of every latency measured beside it.
 */
final class Hiccups implements AutoCloseable {
    private static final long SLEEP_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Histogram ns = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final Thread thread;
    private long maxAtEpochMs;
    private volatile boolean closed;

    Hiccups() {
        thread = new Thread(this::run, "bench-hiccups");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            long t0 = System.nanoTime();
            LockSupport.parkNanos(SLEEP_NS);
            long late = Math.max(0, System.nanoTime() - t0 - SLEEP_NS);
            synchronized (ns) {
                if (late > ns.getMaxValue()) {
                    maxAtEpochMs = System.currentTimeMillis();
                }
                ns.recordValue(Math.min(late, ns.getHighestTrackableValue()));
            }
        }
    }

    /** The hiccups since the previous call, as one line; starts a new period. */
    String since() {
        synchronized (ns) {
            String line = Latencies.line("hiccups", ns, 1_000, "µs late waking from a 1 ms sleep")
                    + (ns.getTotalCount() == 0 ? "" : String.format(Locale.ROOT, " (largest at %s)",
                    Instant.ofEpochMilli(maxAtEpochMs)));
            ns.reset();
            return line;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
