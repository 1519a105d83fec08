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
    ENGINE_OVERLOADED,
    ENGINE_STOPPED
}
