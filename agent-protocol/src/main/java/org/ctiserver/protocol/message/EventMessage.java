package org.ctiserver.protocol.message;

import java.util.Objects;

/** An event with its per-session sequence number (1, 2, 3, ... on each connection). */
public record EventMessage(long seq, ServerEvent event) implements ServerMessage {
    public static final String TYPE = "event";

    public EventMessage {
        Objects.requireNonNull(event, "event");
    }
}
