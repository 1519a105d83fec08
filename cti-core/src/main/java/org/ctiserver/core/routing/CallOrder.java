package org.ctiserver.core.routing;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.ctiserver.core.call.Call;

/**
 * The order in which waiting calls are served when a {@link RoutingConfig} is given. Both orders start with the
 * effective priority (queue priority + customer tier bonus + aging) and end with the longest wait (original
 * arrival), then arrival order; they differ in what breaks priority ties.
 */
public enum CallOrder {
    /**
     * Priority; then by how the wait stands against the queue's service-level threshold T: overdue calls
     * (waiting more than {@link #OVERDUE_THRESHOLDS} × T), then calls still within T, then the other calls
     * past T; then the queue furthest below its service-level goal; then the longest wait. The default.
     *
     * <p>Why: a call past T no longer counts for the service level however soon it is answered, one within T
     * still does, so serving the latter first raises the service level at equal staffing. The cost is the
     * tail (a call past T waits behind younger ones), which the overdue band bounds: past
     * {@link #OVERDUE_THRESHOLDS} × T the oldest calls go first again.
     */
    SERVICE_LEVEL("service-level"),
    /** Priority; then the queue furthest below its service-level goal; then the longest wait. */
    WAIT("wait");

    /** A call waiting more than this many service-level thresholds is overdue (2 minutes at 20 s). */
    public static final int OVERDUE_THRESHOLDS = 6;

    private final String key;

    CallOrder(String key) {
        this.key = key;
    }

    /** The configuration name: {@code service-level} or {@code wait}. */
    public String key() {
        return key;
    }

    public static CallOrder byKey(String key) {
        for (CallOrder o : values()) {
            if (o.key.equals(key.toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown call order '" + key + "', known: service-level, wait");
    }

    /**
     * The order at one instant.
     *
     * @param deficitByQueue     goal minus current service level, in points, per queue id (bigger = further behind)
     * @param thresholdNsByQueue the service-level threshold per queue id
     */
    public Comparator<Call> at(long nowNs, ToDoubleFunction<String> deficitByQueue,
                               ToLongFunction<String> thresholdNsByQueue) {
        return new At(this == SERVICE_LEVEL, nowNs, deficitByQueue, thresholdNsByQueue);
    }

    /**
     * Written out rather than chained: with many waiting calls of one priority the router compares each of
     * them, and the per-queue look-ups are only needed on a priority tie, once per queue when both calls
     * share one.
     */
    private record At(boolean byServiceLevel, long nowNs, ToDoubleFunction<String> deficitByQueue,
                      ToLongFunction<String> thresholdNsByQueue) implements Comparator<Call> {
        @Override
        public int compare(Call a, Call b) {
            int c = Double.compare(b.effectivePriority(nowNs), a.effectivePriority(nowNs));
            if (c != 0) {
                return c;
            }
            boolean sameQueue = a.queueId().equals(b.queueId());
            if (byServiceLevel) {
                long ta = thresholdNsByQueue.applyAsLong(a.queueId());
                long tb = sameQueue ? ta : thresholdNsByQueue.applyAsLong(b.queueId());
                c = Integer.compare(band(nowNs - a.enqueuedNs(), ta), band(nowNs - b.enqueuedNs(), tb));
                if (c != 0) {
                    return c;
                }
            }
            if (!sameQueue) {
                c = Double.compare(deficitByQueue.applyAsDouble(b.queueId()), deficitByQueue.applyAsDouble(a.queueId()));
                if (c != 0) {
                    return c;
                }
            }
            c = Long.compare(a.enqueuedNs(), b.enqueuedNs());
            return c != 0 ? c : Long.compare(a.arrivalSeq(), b.arrivalSeq());
        }
    }

    /** 0 overdue, 1 within the threshold, 2 past it (served in that order between equal priorities). */
    public static int band(long waitedNs, long thresholdNs) {
        if (waitedNs <= thresholdNs) {
            return 1;
        }
        return waitedNs > OVERDUE_THRESHOLDS * thresholdNs ? 0 : 2;
    }
}
