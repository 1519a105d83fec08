package org.ctiserver.core.engine;

import java.util.Objects;

/** The engine's answer to one command: ok, or a stable error code with a detail for logs and developers. */
public record CommandResult(ErrorCode error, String detail) {
    private static final CommandResult OK = new CommandResult(null, "");

    public CommandResult {
        Objects.requireNonNull(detail, "detail");
    }

    public static CommandResult ok() {
        return OK;
    }

    public static CommandResult error(ErrorCode code, String detail) {
        return new CommandResult(Objects.requireNonNull(code, "code"), detail);
    }

    public boolean isOk() {
        return error == null;
    }
}
