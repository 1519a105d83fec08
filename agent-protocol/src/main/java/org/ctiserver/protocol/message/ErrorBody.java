package org.ctiserver.protocol.message;

import java.util.Objects;

/**
 * The error of a failed reply: a stable {@code code} (an engine {@code ErrorCode} name or a
 * {@link ProtocolError} name) for programs, and a {@code message} in the session's language for people.
 */
public record ErrorBody(String code, String message) {
    public ErrorBody {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
