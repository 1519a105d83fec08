package org.ctiserver.server.routing;

import java.time.Duration;
import java.util.Optional;

import org.ctiserver.core.customer.Customer;
import org.ctiserver.core.customer.CustomerLookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

/**
 * A Caffeine cache in front of a directory. "Not a customer" is cached too (most callers are not in the
 * directory, and asking again each call is what the cache is for); failures are not cached.
 */
public final class CachedCustomerLookup implements CustomerLookup {
    private final CustomerLookup source;
    private final Cache<String, Optional<Customer>> cache;

    public CachedCustomerLookup(CustomerLookup source, long maxSize, Duration ttl) {
        this.source = source;
        this.cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).recordStats().build();
    }

    @Override
    public Optional<Customer> find(String key) {
        if (key == null) {
            return Optional.empty();
        }
        return cache.get(key, source::find);
    }

    public Stats stats() {
        CacheStats s = cache.stats();
        return new Stats(s.requestCount() == 0 ? Double.NaN : s.hitRate(), s.hitCount(), s.missCount(),
                s.loadFailureCount(), s.evictionCount(), cache.estimatedSize());
    }

    /** What the cache reports; {@code hitRatio} is NaN before the first request. */
    public record Stats(double hitRatio, long hits, long misses, long loadFailures, long evictions, long size) {
    }
}
