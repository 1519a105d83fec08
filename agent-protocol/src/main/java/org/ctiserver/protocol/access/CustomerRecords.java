package org.ctiserver.protocol.access;

import java.util.Optional;

/**
 * Port to the customer directory for the screen pop. Implementations MAY block: the endpoint asks on a worker
 * thread, never on an event loop or the engine thread.
 */
@FunctionalInterface
public interface CustomerRecords {
    CustomerRecords NONE = key -> Optional.empty();

    /** @param key the IVR's customer id, else the caller number */
    Optional<CustomerRecord> find(String key);
}
