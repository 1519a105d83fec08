package org.ctiserver.core.customer;

import java.util.Objects;

/** What routing needs to know of a caller: who, and which tier. */
public record Customer(String id, String name, CustomerTier tier) {
    public Customer {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        Objects.requireNonNull(tier, "tier");
    }
}
