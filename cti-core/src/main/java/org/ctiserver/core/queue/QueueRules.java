package org.ctiserver.core.queue;

import java.util.Objects;

/**
 * A queue's overflow rule and opening hours, beside its {@link QueueConfig}; either may be null (none).
 * Given to the engine through the constructors that take a list of them.
 */
public record QueueRules(String queueId, OverflowRule overflow, BusinessCalendar calendar) {
    public QueueRules {
        Objects.requireNonNull(queueId, "queueId");
    }
}
