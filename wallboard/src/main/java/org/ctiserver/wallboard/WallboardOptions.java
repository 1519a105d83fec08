package org.ctiserver.wallboard;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the wallboard endpoint.
 *
 * @param pushInterval how often the statistics stream pushes a snapshot; at most one second, so
 *                     wallboards are never more than a second behind
 */
public record WallboardOptions(Duration pushInterval) {
    public static final Duration DEFAULT_PUSH_INTERVAL = Duration.ofSeconds(1);
    public static final WallboardOptions DEFAULTS = new WallboardOptions(DEFAULT_PUSH_INTERVAL);

    public WallboardOptions {
        Objects.requireNonNull(pushInterval, "pushInterval");
        if (pushInterval.toMillis() < 1 || pushInterval.compareTo(DEFAULT_PUSH_INTERVAL) > 0) {
            throw new IllegalArgumentException("pushInterval must be between 1 ms and 1 s: " + pushInterval);
        }
    }
}
