package org.ctiserver.core.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * A queue's callback keeping the caller's place (virtual hold): a waiting caller pressing {@code key} (or accepting
 * a callback offer) is hung up after {@code confirmationSound} and called back when the request reaches the front.
 *
 * @param key               the DTMF key at the route point, one of 0-9 * #
 * @param maxAttempts       how many times the customer is dialed before the request is given up (at least 1)
 * @param retryInterval     the pause after a busy or unanswered attempt
 * @param confirmationSound what the caller hears before the hang-up (a sound file name)
 */
public record CallbackRule(String key, int maxAttempts, Duration retryInterval, String confirmationSound) {
    public CallbackRule {
        Objects.requireNonNull(key, "key");
        if (!key.matches("[0-9*#]")) {
            throw new IllegalArgumentException("callback key must be one of 0-9 * #: '" + key + "'");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        Objects.requireNonNull(retryInterval, "retryInterval");
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("retryInterval must be positive: " + retryInterval);
        }
        if (!DialplanTargets.validParameter(confirmationSound)) {
            throw new IllegalArgumentException("confirmationSound must be a sound file name: '" + confirmationSound + "'");
        }
    }
}
