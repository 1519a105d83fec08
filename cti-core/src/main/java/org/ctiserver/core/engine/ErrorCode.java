package org.ctiserver.core.engine;

/** Stable error codes the engine answers commands with. Front ends map them to texts in zh-CN and en. */
public enum ErrorCode {
    UNKNOWN_AGENT,
    NOT_LOGGED_IN,
    ALREADY_LOGGED_IN,
    EXTENSION_IN_USE,
    ILLEGAL_TRANSITION,
    NO_ACTIVE_CALL,
    UNKNOWN_REASON,
    UNKNOWN_DISPOSITION,
    INVALID_ARGUMENT,
    /** The call is not in a state that allows it (resume while not held, complete without a consultation). */
    ILLEGAL_CALL_STATE,
    /** The target agent, queue or number cannot take the call. */
    INVALID_TARGET,
    /** The PBX or the phone cannot do it (remote answer on a phone without it). */
    NOT_SUPPORTED,
    ENGINE_OVERLOADED,
    ENGINE_STOPPED
}
