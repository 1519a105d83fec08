package org.ctiserver.core.customer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Customers held in memory, found by id or by any of their phone numbers. Thread-safe. */
public final class InMemoryCustomerLookup implements CustomerLookup {
    private final Map<String, Customer> byKey = new ConcurrentHashMap<>();

    public InMemoryCustomerLookup() {
    }

    /** @param byKey customer id or caller number -> customer */
    public InMemoryCustomerLookup(Map<String, Customer> byKey) {
        this.byKey.putAll(new HashMap<>(byKey));
    }

    /** Registers the customer under its id and under each number given. */
    public InMemoryCustomerLookup put(Customer customer, String... numbers) {
        byKey.put(customer.id(), customer);
        for (String n : numbers) {
            byKey.put(n, customer);
        }
        return this;
    }

    @Override
    public Optional<Customer> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }

    public int size() {
        return byKey.size();
    }
}
