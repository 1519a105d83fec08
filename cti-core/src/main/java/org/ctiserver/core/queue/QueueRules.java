package org.ctiserver.core.queue;

import java.util.Objects;

/**
 * A queue's overflow rule, opening hours and callback rule, beside its {@link QueueConfig}; any may be null (none).
 * Given to the engine through the constructors that take a list of them.
 */
public record QueueRules(String queueId, OverflowRule overflow, BusinessCalendar calendar, CallbackRule callback) {
    public QueueRules {
        Objects.requireNonNull(queueId, "queueId");
    }

    /** Without a callback rule. */
    public QueueRules(String queueId, OverflowRule overflow, BusinessCalendar calendar) {
        this(queueId, overflow, calendar, null);
    }
}
