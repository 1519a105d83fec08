package org.ctiserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;
import org.ctiserver.protocol.message.Reply;

/** What the end-to-end tests wait for: a request's reply, an event in a list the client fills. */
final class Replies {

    private Replies() {
    }

    /** The request was accepted: its reply comes within 10 s and says ok. */
    static void ok(CompletableFuture<Reply> pending) throws Exception {
        Reply reply = pending.get(10, TimeUnit.SECONDS);
        assertThat(reply.ok()).as("reply %s", reply).isTrue();
    }

    /** The first event of {@code type} in {@code events} that passes {@code test}, waiting up to 20 s for it. */
    static <T> T awaitIn(List<?> events, Class<T> type, Predicate<T> test) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().filter(type::isInstance).map(type::cast)
                    .anyMatch(test));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no matching " + type.getSimpleName() + " in " + events, e);
        }
        return events.stream().filter(type::isInstance).map(type::cast).filter(test).findFirst().orElseThrow();
    }
}
