package org.ctiserver.protocol.message;

import java.util.Objects;

/**
 * One entry of a pick list (a not-ready reason or a disposition). {@code system} marks a reason the
 * engine sets by itself (ring-no-answer): shown when it applies, not offered to the agent.
 */
public record Choice(String code, String label, boolean system) {
    public Choice {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(label, "label");
    }

    public Choice(String code, String label) {
        this(code, label, false);
    }
}
