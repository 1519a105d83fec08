package org.ctiserver.server.config;

import java.util.List;

/** A configuration that cannot be used. Each problem names its key, e.g. {@code queues[1].requirement: ...}. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("invalid configuration " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
