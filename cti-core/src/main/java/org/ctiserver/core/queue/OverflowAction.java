package org.ctiserver.core.queue;

import java.util.Objects;

/**
 * What happens to a call that a queue will not keep (overflow, closed): it moves to another queue (keeping its
 * original arrival, so relaxation and aging continue) or it is hung up. The message is what the caller should
 * hear before the hang-up; the PBX port has no "play" command yet, so the engine logs it and puts it in the
 * call's end reason.
 */
public record OverflowAction(Type type, String targetQueueId, String message) {
    public enum Type {
        /** Move the call to {@code targetQueueId}. */
        QUEUE,
        /** Hang the call up (after {@code message}, once the PBX port can play one). */
        HANGUP
    }

    public OverflowAction {
        Objects.requireNonNull(type, "type");
        if (type == Type.QUEUE && (targetQueueId == null || targetQueueId.isBlank())) {
            throw new IllegalArgumentException("a move to another queue needs the target queue");
        }
        message = message == null ? "" : message;
    }

    public static OverflowAction toQueue(String queueId) {
        return new OverflowAction(Type.QUEUE, queueId, "");
    }

    public static OverflowAction hangup(String message) {
        return new OverflowAction(Type.HANGUP, null, message);
    }
}
