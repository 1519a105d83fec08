package org.ctiserver.server.config;

import java.time.Duration;

/**
 * Where customer tiers come from, checked.
 *
 * @param location     a file path (CSV) or a URL template with {@code {key}} (HTTP)
 * @param cacheMaxSize entries kept by the cache; 0 = no cache
 * @param statsLogInterval how often the cache's hit ratio is logged; zero = never
 */
public record CustomerSettings(Kind kind, String location, long cacheMaxSize, Duration cacheTtl, int lookupThreads,
                               Duration timeout, Duration statsLogInterval) {
    public enum Kind { CSV, HTTP }
}
