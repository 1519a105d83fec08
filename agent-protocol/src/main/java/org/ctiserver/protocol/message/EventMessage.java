package org.ctiserver.protocol.message;

import java.util.Objects;

/**
 * An event with its sequence number in the agent's logical session (1, 2, 3, ... kept across reconnects);
 * 0 for notices about one connection that are not part of that sequence ({@code sessionReplaced}).
 */
public record EventMessage(long seq, ServerEvent event) implements ServerMessage {
    public static final String TYPE = "event";

    public EventMessage {
        Objects.requireNonNull(event, "event");
    }
}
