package org.ctiserver.core.engine;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The engine's one timer structure. Cancelling is lazy: the owner of a timer keeps its token and a
 * timer whose token no longer matches is simply ignored when it comes due. Engine thread only.
 */
final class Timers {
    enum Kind {
        /** An offer was not answered in time: ring-no-answer. */
        RING_TIMEOUT,
        /** A timed wrap-up reached its deadline. */
        WRAP_UP_END,
        /** A waiting call's wait reached the next step of its queue's relaxation ladder. */
        RELAX_STEP,
        /** A waiting call reached its queue's maximum wait (overflow). */
        MAX_WAIT,
        /** A booked callback is due (or is tried again while its agent is busy). */
        CALLBACK_DUE,
        /** A callback keeping the caller's place may be dialed again (after a busy or unanswered attempt). */
        CALLBACK_RETRY
    }

    record Timer(long dueNs, long token, Kind kind, String targetId) {
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>(
            Comparator.comparingLong(Timer::dueNs).thenComparingLong(Timer::token));
    private long nextToken = 1;

    /** @return the token (never 0) identifying this timer */
    long schedule(long dueNs, Kind kind, String targetId) {
        long token = nextToken++;
        queue.add(new Timer(dueNs, token, kind, targetId));
        return token;
    }

    /** The earliest timer due at {@code nowNs}, removed; null when none is due. */
    Timer pollDue(long nowNs) {
        Timer head = queue.peek();
        if (head == null || head.dueNs() > nowNs) {
            return null;
        }
        return queue.poll();
    }

    /** When the earliest timer is due, cancelled ones included; {@link Long#MAX_VALUE} when none. */
    long nextDueNs() {
        Timer head = queue.peek();
        return head == null ? Long.MAX_VALUE : head.dueNs();
    }

    int size() {
        return queue.size();
    }
}
