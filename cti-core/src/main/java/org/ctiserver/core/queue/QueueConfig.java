package org.ctiserver.core.queue;

import java.time.Duration;
import java.util.Objects;

import org.ctiserver.core.routing.SkillRequirement;

/**
 * A queue (skill group) as configured.
 *
 * @param priority              calls of a higher priority are served first (0 = normal)
 * @param serviceLevelThreshold service level = answered within this / offered
 * @param shortAbandonThreshold abandons quicker than this are counted apart (not in service level)
 * @param wrapUp                after-call work time; {@link Duration#ZERO} means the agent ends it by hand
 */
public record QueueConfig(String id, String name, SkillRequirement requirement, int priority,
                          Duration serviceLevelThreshold, Duration shortAbandonThreshold, Duration wrapUp) {
    public QueueConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(serviceLevelThreshold, "serviceLevelThreshold");
        Objects.requireNonNull(shortAbandonThreshold, "shortAbandonThreshold");
        Objects.requireNonNull(wrapUp, "wrapUp");
    }
}
