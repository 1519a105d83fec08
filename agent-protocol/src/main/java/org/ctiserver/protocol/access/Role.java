package org.ctiserver.protocol.access;

import java.util.Locale;
import java.util.Optional;

/** What a user may do: a seat agent their own calls, supervisors and QA monitors their groups, admins everything. */
public enum Role {
    /** 座席: own calls only. */
    AGENT,
    /** 班长: the agents of the groups they supervise. */
    SUPERVISOR,
    /** 质检员: sees and listens to the agents of their groups, changes nothing. */
    QA,
    /** Every agent of the site. */
    ADMIN;

    /** The name in configuration and on the wire: {@code agent}, {@code supervisor}, {@code qa}, {@code admin}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.wire().equals(t)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** True for the roles that watch other agents (supervisor, QA, admin). */
    public boolean watches() {
        return this != AGENT;
    }
}
