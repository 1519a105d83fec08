package org.ctiserver.pbxsim.engine;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * Virtual-time timer queue driven by one Netty event loop.
 *
 * <p>Simulated time runs {@code timeScale} times faster than the wall clock. Timers fire in (due time,
 * creation order) and a firing timer sees {@link #now()} equal to its own due time, however late the event
 * loop woke up: the simulation is therefore deterministic for a given seed and given external inputs, and
 * only external inputs (AMI actions) take their time from the wall clock, see {@link #catchUp()}.
 */
public final class SimScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(SimScheduler.class);

    /** A scheduled task; cancel it with {@link #cancel()}. */
    public static final class Timer {
        final long due;
        final long seq;
        Runnable task;

        Timer(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        public void cancel() {
            task = null;
        }

        public boolean isActive() {
            return task != null;
        }

        public long dueMicros() {
            return due;
        }
    }

    private final EventExecutor loop;
    private final double timeScale;
    private final long epochMicros;
    private final long startNanos;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>(
            Comparator.<Timer>comparingLong(t -> t.due).thenComparingLong(t -> t.seq));
    private long now;
    private long seq;
    private ScheduledFuture<?> wakeup;
    private long wakeupDue = Long.MAX_VALUE;
    private Runnable afterBatch = () -> { };
    private boolean closed;

    public SimScheduler(EventExecutor loop, double timeScale, long epochMillis) {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("timeScale must be > 0");
        }
        this.loop = loop;
        this.timeScale = timeScale;
        this.epochMicros = epochMillis * 1000L;
        this.startNanos = System.nanoTime();
        this.now = epochMicros;
    }

    /** Runs after every batch of timers (the server flushes sockets there). */
    public void afterBatch(Runnable hook) {
        this.afterBatch = hook;
    }

    /** Current simulated time, microseconds since the Unix epoch. */
    public long now() {
        return now;
    }

    public double timeScale() {
        return timeScale;
    }

    public Timer afterSeconds(double simSeconds, Runnable task) {
        return afterMicros(Math.round(simSeconds * 1_000_000d), task);
    }

    public Timer afterMicros(long simMicros, Runnable task) {
        Timer t = new Timer(now + Math.max(0, simMicros), seq++, task);
        queue.add(t);
        arm();
        return t;
    }

    /** Brings simulated time up to the wall clock, running the timers that fell due before it, in order. */
    public void catchUp() {
        long wall = wallSim();
        runDue(wall);
        if (wall > now) {
            now = wall;
        }
    }

    /** Converts a simulated duration to real nanoseconds. */
    public long realNanos(long simMicros) {
        return (long) (simMicros * 1000d / timeScale);
    }

    public void close() {
        closed = true;
        queue.clear();
        if (wakeup != null) {
            wakeup.cancel(false);
        }
    }

    private long wallSim() {
        return epochMicros + (long) ((System.nanoTime() - startNanos) / 1000d * timeScale);
    }

    private void runDue(long limit) {
        Timer t;
        while ((t = queue.peek()) != null && t.due <= limit) {
            queue.poll();
            Runnable task = t.task;
            if (task == null) {
                continue;
            }
            t.task = null;
            if (t.due > now) {
                now = t.due;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("simulation task failed", e);
            }
        }
    }

    private void onWakeup() {
        wakeup = null;
        wakeupDue = Long.MAX_VALUE;
        if (closed) {
            return;
        }
        catchUp();
        afterBatch.run();
        arm();
    }

    private void arm() {
        while (!queue.isEmpty() && queue.peek().task == null) {
            queue.poll();
        }
        if (closed || queue.isEmpty()) {
            return;
        }
        long due = queue.peek().due;
        if (wakeup != null && wakeupDue <= due) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        long delayNanos = Math.max(0, realNanos(due - wallSim()));
        wakeupDue = due;
        wakeup = loop.schedule(this::onWakeup, delayNanos, TimeUnit.NANOSECONDS);
    }
}
