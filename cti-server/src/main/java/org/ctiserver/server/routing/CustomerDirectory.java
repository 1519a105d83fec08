package org.ctiserver.server.routing;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.server.config.CustomerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured customer directory: its source (CSV or HTTP), the cache in front, the bounded executor the
 * engine runner asks it on, and the periodic log of the cache's hit ratio.
 */
public final class CustomerDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerDirectory.class);
    /** Look-ups waiting beyond this are refused (the call keeps the normal tier) rather than piling up. */
    private static final int MAX_PENDING = 1_000;

    private final CustomerSettings settings;
    private final CustomerLookup source;
    private final CustomerLookup lookup;
    private final CachedCustomerLookup cached;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService statsLog;

    private CustomerDirectory(CustomerSettings settings) {
        this.settings = settings;
        this.source = settings.kind() == CustomerSettings.Kind.CSV
                ? CsvCustomerLookup.load(Path.of(settings.location()))
                : new HttpCustomerLookup(settings.location(), settings.timeout());
        this.cached = settings.cacheMaxSize() > 0
                ? new CachedCustomerLookup(source, settings.cacheMaxSize(), settings.cacheTtl()) : null;
        this.lookup = cached != null ? cached : source;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.lookupThreads(), settings.lookupThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_PENDING), r -> daemon(r, "cti-customer-lookup-" + n.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
        if (cached != null && !settings.statsLogInterval().isZero()) {
            long s = settings.statsLogInterval().toSeconds();
            this.statsLog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cti-customer-cache-stats"));
            statsLog.scheduleAtFixedRate(() -> LOG.info("customer cache: {}", cached.stats()), s, s, TimeUnit.SECONDS);
        } else {
            this.statsLog = null;
        }
        LOG.info("customer directory: {} {}, cache {}", settings.kind(), describe(settings),
                cached == null ? "off" : settings.cacheMaxSize() + " entries for " + settings.cacheTtl());
    }

    public static CustomerDirectory open(CustomerSettings settings) {
        return new CustomerDirectory(settings);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The URL without its query (which may carry a token). */
    private static String describe(CustomerSettings s) {
        String l = s.location();
        int q = l.indexOf('?');
        return q < 0 ? l : l.substring(0, q) + "?…";
    }

    public CustomerLookup lookup() {
        return lookup;
    }

    /**
     * The records behind the screen pop, with their fields' secrecy levels ({@code levels}: the site's).
     *
     * @throws IllegalArgumentException when the CSV file names a level the site does not have
     */
    public org.ctiserver.protocol.access.CustomerRecords records(org.ctiserver.protocol.access.SecurityLevels levels) {
        return new CustomerRecordSource(source instanceof CsvCustomerLookup c ? c : null,
                source instanceof HttpCustomerLookup h ? h : null, levels, settings.cacheMaxSize(), settings.cacheTtl());
    }

    public Executor executor() {
        return executor;
    }

    /** What {@code /api/routing} shows of the directory. */
    public Status status() {
        CachedCustomerLookup.Stats s = cached == null ? null : cached.stats();
        return new Status(settings.kind().name().toLowerCase(java.util.Locale.ROOT), describe(settings),
                s == null || Double.isNaN(s.hitRatio()) ? null : s.hitRatio(), s, executor.getQueue().size());
    }

    public record Status(String source, String location, Double cacheHitRatio, CachedCustomerLookup.Stats cache,
                         int pendingLookups) {
    }

    @Override
    public void close() {
        if (statsLog != null) {
            statsLog.shutdownNow();
        }
        executor.shutdownNow();
    }
}
