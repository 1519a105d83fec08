package org.ctiserver.protocol.access;

import java.util.Objects;
import java.util.Set;

/**
 * A person who logs in on the toolbar, as configured. For an agent, {@code groups} are the groups (班组) the agent
 * belongs to; for a supervisor or QA monitor, the groups they supervise (an admin needs none). {@code clearance}
 * is the highest secrecy level (密级) of customer data the user may see.
 */
public record User(String id, String name, Role role, Set<String> groups, String clearance) {
    public User {
        Objects.requireNonNull(id, "id");
        name = name == null ? id : name;
        Objects.requireNonNull(role, "role");
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        Objects.requireNonNull(clearance, "clearance");
    }
}
