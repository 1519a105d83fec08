package org.ctiserver.core.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * When a queue gives a call up to {@link #action()}.
 *
 * @param maxWait        a call waiting this long in the queue (counted from when it entered this queue) leaves;
 *                       null = no limit
 * @param maxQueueLength a call arriving when this many already wait is not queued; 0 = no limit
 * @param whenNoAgents   a call arriving (or waiting) while no agent of the queue is logged in leaves
 */
public record OverflowRule(Duration maxWait, int maxQueueLength, boolean whenNoAgents, OverflowAction action) {
    public OverflowRule {
        Objects.requireNonNull(action, "action");
        if (maxWait != null && (maxWait.isNegative() || maxWait.isZero())) {
            throw new IllegalArgumentException("maxWait must be positive: " + maxWait);
        }
        if (maxQueueLength < 0) {
            throw new IllegalArgumentException("maxQueueLength must be >= 0: " + maxQueueLength);
        }
    }
}
