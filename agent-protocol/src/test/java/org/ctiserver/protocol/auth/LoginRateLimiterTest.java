package org.ctiserver.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginRateLimiter limiter = new LoginRateLimiter(5, Duration.ofMinutes(1), now::get);

    @Test
    void blocksAnAgentAfterFiveFailuresWithinAMinute() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure("1001", "10.0.0." + i);
        }
        assertThat(limiter.allows("1001", "10.0.0.9")).isTrue();
        limiter.recordFailure("1001", "10.0.0.5");
        assertThat(limiter.allows("1001", "10.0.0.9")).isFalse();
        assertThat(limiter.allows("1002", "10.0.0.9")).isTrue();
    }

    @Test
    void blocksAnAddressGuessingManyAgents() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure("agent" + i, "10.0.0.1");
        }
        assertThat(limiter.allows("other", "10.0.0.1")).isFalse();
        assertThat(limiter.allows("other", "10.0.0.2")).isTrue();
    }

    @Test
    void failuresAgeOut() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure("1001", "10.0.0.1");
        }
        now.addAndGet(Duration.ofSeconds(61).toMillis());
        assertThat(limiter.allows("1001", "10.0.0.1")).isTrue();
        limiter.prune();
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void aSuccessClearsTheAgentButNotTheAddress() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure("1001", "10.0.0.1");
        }
        limiter.recordSuccess("1001");
        assertThat(limiter.allows("1001", "10.0.0.2")).isTrue();
        assertThat(limiter.allows("1001", "10.0.0.1")).isFalse();
    }
}
