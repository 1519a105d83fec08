package org.ctiserver.core.customer;

import java.util.Optional;

/**
 * Port to the customer directory (CRM, CSV file, HTTP service). Implementations MAY block: the engine
 * never calls this; {@link org.ctiserver.core.engine.EngineRunner} calls it on its lookup executor and
 * hands the answer to the engine as an input.
 */
@FunctionalInterface
public interface CustomerLookup {
    /** Data key of {@code CallWaiting.data} holding the customer id sent by the IVR, if any. */
    String CUSTOMER_ID_KEY = "CustomerId";
    /** Data key by which a route point may give the tier itself (then no lookup is needed). */
    String CUSTOMER_TIER_KEY = "CustomerTier";

    CustomerLookup NONE = key -> Optional.empty();

    /** @param key a customer id or a caller number */
    Optional<Customer> find(String key);
}
