package org.ctiserver.server.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ctiserver.core.customer.Customer;
import org.ctiserver.protocol.access.CustomerRecord;
import org.ctiserver.protocol.access.CustomerRecords;
import org.ctiserver.protocol.access.SecurityLevels;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The customer directory as the screen pop reads it: the record's fields with their secrecy levels (a CSV column's
 * level from its header, an HTTP field's from its {@code level}); a field without one is of the lowest level.
 */
final class CustomerRecordSource implements CustomerRecords {
    /** Columns that describe the customer itself, not fields of the record. */
    private static final Set<String> OWN_COLUMNS = Set.of("key", "tier", "name", "id");

    private final CsvCustomerLookup csv;
    private final HttpCustomerLookup http;
    private final SecurityLevels levels;
    private final Cache<String, Optional<CustomerRecord>> cache;

    /** @throws IllegalArgumentException when a CSV column names a level the site does not have */
    CustomerRecordSource(CsvCustomerLookup csv, HttpCustomerLookup http, SecurityLevels levels, long cacheSize,
                         Duration ttl) {
        this.csv = csv;
        this.http = http;
        this.levels = levels;
        this.cache = http != null && cacheSize > 0
                ? Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(ttl).build() : null;
        if (csv != null) {
            csv.columnLevels().forEach((column, level) -> {
                if (levels.canonical(level).isEmpty()) {
                    throw new IllegalArgumentException("customers file: column '" + column + "' names an unknown "
                            + "secrecy level '" + level + "' (levels, lowest first: " + levels.names() + ")");
                }
            });
        }
    }

    @Override
    public Optional<CustomerRecord> find(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (csv != null) {
            return csv.entry(key).map(e -> {
                List<CustomerRecord.Field> fields = new ArrayList<>();
                e.fields().forEach((column, value) -> {
                    if (!OWN_COLUMNS.contains(column)) {
                        fields.add(new CustomerRecord.Field(column, value, level(csv.columnLevels().get(column))));
                    }
                });
                return record(e.customer(), fields);
            });
        }
        return cache == null ? fromHttp(key) : cache.get(key, this::fromHttp);
    }

    private Optional<CustomerRecord> fromHttp(String key) {
        return http.record(key).map(r -> {
            List<CustomerRecord.Field> fields = new ArrayList<>();
            for (Map.Entry<String, String[]> f : r.fields().entrySet()) {
                fields.add(new CustomerRecord.Field(f.getKey(), f.getValue()[0], level(f.getValue()[1])));
            }
            return record(r.customer(), fields);
        });
    }

    /** A level the directory gave that the site does not know counts as the highest: withheld unless cleared for all. */
    private String level(String given) {
        if (given == null) {
            return levels.lowest();
        }
        return levels.canonical(given).orElse(levels.highest());
    }

    private static CustomerRecord record(Customer c, List<CustomerRecord.Field> fields) {
        fields.sort(java.util.Comparator.comparing(CustomerRecord.Field::name));
        return new CustomerRecord(c.id(), c.name(), c.tier().key(), fields);
    }
}
