package org.ctiserver.protocol.message;

/**
 * The answer to one request. {@code version} is the protocol version the server speaks, set on
 * replies to {@code hello} and {@code login} (and on UNSUPPORTED_VERSION errors); null otherwise.
 * {@code error} is null exactly when {@code ok}; {@code body} is the data some requests ask for, else null.
 */
public record Reply(String id, boolean ok, Integer version, ErrorBody error, ReplyBody body) implements ServerMessage {
    public static final String TYPE = "reply";

    public Reply {
        if (ok != (error == null)) {
            throw new IllegalArgumentException("a reply is ok exactly when it has no error");
        }
        if (body != null && !ok) {
            throw new IllegalArgumentException("a failed reply carries no body");
        }
    }

    public Reply(String id, boolean ok, Integer version, ErrorBody error) {
        this(id, ok, version, error, null);
    }

    /** An ok reply carrying data ({@code listAgents}, {@code listQueues}). */
    public static Reply ok(String id, ReplyBody body) {
        return new Reply(id, true, null, null, body);
    }

    public static Reply ok(String id) {
        return new Reply(id, true, null, null);
    }

    public static Reply ok(String id, int version) {
        return new Reply(id, true, version, null);
    }

    public static Reply error(String id, ErrorBody error) {
        return new Reply(id, false, null, error);
    }

    /** The error code, or null when ok. */
    public String errorCode() {
        return error == null ? null : error.code();
    }
}
