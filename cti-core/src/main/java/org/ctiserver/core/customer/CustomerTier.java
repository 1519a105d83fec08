package org.ctiserver.core.customer;

import java.util.Locale;
import java.util.Optional;

/** A customer's service tier; each tier adds a configurable bonus to a call's priority. */
public enum CustomerTier {
    NORMAL("normal"),
    /** 大客户. */
    KEY_ACCOUNT("key-account"),
    VIP("vip");

    private final String key;

    CustomerTier(String key) {
        this.key = key;
    }

    /** The configuration and route-point key: {@code normal}, {@code key-account}, {@code vip}. */
    public String key() {
        return key;
    }

    public static Optional<CustomerTier> byKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (CustomerTier t : values()) {
            if (t.key.equals(k) || t.name().toLowerCase(Locale.ROOT).equals(k)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
