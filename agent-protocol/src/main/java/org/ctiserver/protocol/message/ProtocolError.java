package org.ctiserver.protocol.message;

/**
 * Error codes of the protocol layer. Replies also carry the engine's
 * {@code org.ctiserver.core.engine.ErrorCode} names; the two sets do not overlap.
 */
public enum ProtocolError {
    /** The frame is not a JSON object. */
    BAD_JSON,
    /** {@code "type"} names no request this version knows. */
    UNKNOWN_TYPE,
    /** A required field is absent or empty. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, is too long, or has a value out of its set. */
    INVALID_FIELD,
    /** The request needs a logged-in session. */
    NOT_AUTHENTICATED,
    AUTH_FAILED,
    /** Too many failed logins for this agent or from this address; try again later. */
    RATE_LIMITED,
    UNSUPPORTED_VERSION,
    /** The frame was over the size limit; the server closes the connection after this. */
    FRAME_TOO_LARGE,
    /** The user's role does not allow the request (an agent sending a supervisor's request, QA changing things). */
    FORBIDDEN,
    /** The agent acted on is not in the supervisor's groups (or does not exist). */
    NOT_IN_GROUP,
    /** The engine did not answer in time. */
    TIMEOUT,
    INTERNAL_ERROR
}
