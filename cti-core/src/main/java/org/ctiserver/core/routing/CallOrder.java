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
     * Priority; then calls still within their queue's service-level threshold before calls past it (a call
     * past the threshold no longer counts for the service level however soon it is answered, one within it
     * still does); then the queue furthest below its service-level goal; then the longest wait.
     *
     * <p>The cost: in an overload a call that missed the threshold waits behind younger calls until the
     * queue catches up (or a priority difference, e.g. aging, lifts it). The default.
     */
    SERVICE_LEVEL("service-level"),
    /** Priority; then the queue furthest below its service-level goal; then the longest wait. */
    WAIT("wait");

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
        Comparator<Call> byPriority = Comparator.comparingDouble((Call c) -> c.effectivePriority(nowNs)).reversed();
        Comparator<Call> byDeficit = Comparator.comparingDouble((Call c) -> deficitByQueue.applyAsDouble(c.queueId()))
                .reversed();
        Comparator<Call> order = switch (this) {
            case SERVICE_LEVEL -> byPriority.thenComparing(Comparator.comparingInt(
                    (Call c) -> nowNs - c.enqueuedNs() <= thresholdNsByQueue.applyAsLong(c.queueId()) ? 0 : 1))
                    .thenComparing(byDeficit);
            case WAIT -> byPriority.thenComparing(byDeficit);
        };
        return order.thenComparingLong(Call::enqueuedNs).thenComparingLong(Call::arrivalSeq);
    }
}
