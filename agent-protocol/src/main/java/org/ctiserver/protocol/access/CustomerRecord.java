package org.ctiserver.protocol.access;

import java.util.List;
import java.util.Objects;

/**
 * A customer as the directory knows it, for the screen pop: each field with its secrecy level (密级), so that an
 * agent sees only the fields of the levels they are cleared for.
 */
public record CustomerRecord(String id, String name, String tier, List<Field> fields) {
    public CustomerRecord {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        tier = tier == null ? "" : tier;
        fields = List.copyOf(fields);
    }

    /** @param level a level of the site's {@link SecurityLevels} */
    public record Field(String name, String value, String level) {
        public Field {
            Objects.requireNonNull(name, "name");
            value = value == null ? "" : value;
            Objects.requireNonNull(level, "level");
        }
    }
}
