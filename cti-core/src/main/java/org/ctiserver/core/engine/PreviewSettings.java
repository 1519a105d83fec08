package org.ctiserver.core.engine;

import java.time.Duration;

/**
 * How due callbacks are offered as preview calls.
 *
 * @param answerTimeout  a preview neither accepted nor skipped within this is skipped by itself
 * @param maxSkips       the callback is dropped when it has been skipped (or timed out) this many times
 * @param retryAfterSkip a skipped callback is offered again after this
 */
public record PreviewSettings(Duration answerTimeout, int maxSkips, Duration retryAfterSkip) {
    public static final PreviewSettings DEFAULTS = new PreviewSettings(Duration.ofSeconds(30), 3, Duration.ofMinutes(5));

    public PreviewSettings {
        if (answerTimeout == null || answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("the preview answer timeout must be positive");
        }
        if (maxSkips < 1) {
            throw new IllegalArgumentException("maxSkips must be at least 1, got " + maxSkips);
        }
        if (retryAfterSkip == null || retryAfterSkip.isNegative()) {
            throw new IllegalArgumentException("the retry delay after a skip must not be negative");
        }
    }
}
