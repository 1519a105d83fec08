package org.ctiserver.core.queue;

import java.util.Objects;

/**
 * What happens to a call that a queue will not keep (overflow, closed): it moves to another queue (keeping its
 * original arrival, so relaxation and aging continue), is hung up (after a recorded message when {@code parameter}
 * names one), is sent to a voicemail box, or is offered a callback. {@code message} is text for the logs and the
 * call's end reason; {@code parameter} is what the dialplan needs: the sound file of a HANGUP (played by
 * {@link DialplanTargets#MESSAGE}, none when empty), the mailbox of a VOICEMAIL, the prompt of a CALLBACK offer.
 */
public record OverflowAction(Type type, String targetQueueId, String message, String parameter) {
    public enum Type {
        /** Move the call to {@code targetQueueId}. */
        QUEUE,
        /** Hang the call up, after playing the sound file {@code parameter} when there is one. */
        HANGUP,
        /** Send the caller to the voicemail box {@code parameter}. */
        VOICEMAIL,
        /**
         * Play the prompt {@code parameter} and wait for a key: the queue's callback key keeps the call's place as a
         * callback request, any other key (or none) ends the call. Needs the queue's {@link CallbackRule}.
         */
        CALLBACK
    }

    public OverflowAction {
        Objects.requireNonNull(type, "type");
        if (type == Type.QUEUE && (targetQueueId == null || targetQueueId.isBlank())) {
            throw new IllegalArgumentException("a move to another queue needs the target queue");
        }
        message = message == null ? "" : message;
        parameter = parameter == null ? "" : parameter;
        if (type == Type.VOICEMAIL && !DialplanTargets.validParameter(parameter)) {
            throw new IllegalArgumentException("voicemail needs a mailbox (letters, digits, '-', '_'): '" + parameter + "'");
        }
        if (type == Type.CALLBACK && !DialplanTargets.validParameter(parameter)) {
            throw new IllegalArgumentException("a callback offer needs its prompt, a sound file name: '" + parameter + "'");
        }
        if (type == Type.HANGUP && !parameter.isEmpty() && !DialplanTargets.validParameter(parameter)) {
            throw new IllegalArgumentException("the message to play must be a sound file name: '" + parameter + "'");
        }
    }

    public OverflowAction(Type type, String targetQueueId, String message) {
        this(type, targetQueueId, message, "");
    }

    public static OverflowAction toQueue(String queueId) {
        return new OverflowAction(Type.QUEUE, queueId, "");
    }

    /** Hang up at once; {@code message} is only logged. */
    public static OverflowAction hangup(String message) {
        return new OverflowAction(Type.HANGUP, null, message);
    }

    /** Play the sound file {@code sound}, then hang up. */
    public static OverflowAction hangupAfter(String sound) {
        return new OverflowAction(Type.HANGUP, null, "", sound);
    }

    public static OverflowAction voicemail(String mailbox) {
        return new OverflowAction(Type.VOICEMAIL, null, "", mailbox);
    }

    public static OverflowAction callbackOffer(String prompt) {
        return new OverflowAction(Type.CALLBACK, null, "", prompt);
    }

    /** True when a HANGUP plays a recorded message first. */
    public boolean playsMessage() {
        return type == Type.HANGUP && !parameter.isEmpty();
    }

    /** Lower-case name for statistics and logs: queue, hangup, voicemail, callback. */
    public String kind() {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
