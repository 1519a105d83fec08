package org.ctiserver.server.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.ctiserver.adapter.asterisk.AmiInputStats;
import org.ctiserver.adapter.asterisk.AsteriskAdapter;
import org.ctiserver.core.engine.EngineRunner;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.stats.QueueActionCounts;
import org.ctiserver.core.stats.StatsSnapshot;
import org.ctiserver.protocol.AgentEndpoint;
import org.ctiserver.server.routing.CachedCustomerLookup;
import org.ctiserver.server.routing.CustomerDirectory;

/**
 * What the meters read. Every reader is safe on any thread and never blocks: atomics, volatile fields and the
 * statistics snapshot the engine publishes, never the engine's own state.
 *
 * @param customers null when no customer directory is configured
 */
public record MetricsSources(Ami ami, Engine engine, Agents agents, Customers customers) {
    public MetricsSources {
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(agents, "agents");
    }

    /** The server's parts; {@code customers} may be null. */
    public static MetricsSources of(AsteriskAdapter adapter, EngineRunner engine, AgentEndpoint endpoint,
                                    CustomerDirectory customers) {
        return new MetricsSources(Ami.of(adapter), Engine.of(engine), Agents.of(endpoint),
                customers == null ? null : Customers.of(customers));
    }

    /** The AMI link and what went wrong on it. */
    public record Ami(BooleanSupplier linkUp, LongSupplier linkUps, LongSupplier eventsDropped,
                      LongSupplier commandsFailed, IntSupplier commandsQueued,
                      ToLongFunction<AmiInputStats.Kind> badInput) {
        public static Ami of(AsteriskAdapter a) {
            AmiInputStats input = a.inputStats();
            return new Ami(a::isLinkUp, a::linkUpCount, a::droppedEventCount, a::failedCommandCount,
                    a::queuedCommandCount, input::count);
        }
    }

    /**
     * The engine runner's own counters and its published statistics.
     *
     * @param queueIds        the configured queues, in configuration order (one set of queue series each)
     * @param inputsProcessed inputs the engine thread has processed since start
     * @param actionCounts    the queues' action counts, published with {@code stats}
     */
    public record Engine(BooleanSupplier running, IntSupplier backlog, LongSupplier eventsRefused,
                         LongSupplier lookupsFailed, Supplier<StatsSnapshot> stats, List<String> queueIds,
                         LongSupplier inputsProcessed, Supplier<List<QueueActionCounts>> actionCounts) {
        public Engine {
            queueIds = List.copyOf(queueIds);
            Objects.requireNonNull(inputsProcessed, "inputsProcessed");
            Objects.requireNonNull(actionCounts, "actionCounts");
        }

        /** Without the processed-inputs count and the action counts (both read as 0). */
        public Engine(BooleanSupplier running, IntSupplier backlog, LongSupplier eventsRefused,
                      LongSupplier lookupsFailed, Supplier<StatsSnapshot> stats, List<String> queueIds) {
            this(running, backlog, eventsRefused, lookupsFailed, stats, queueIds, () -> 0, List::of);
        }

        public static Engine of(EngineRunner e) {
            return new Engine(e::isRunning, e::backlog, e::droppedEventCount, e::failedLookupCount, e::stats,
                    e.config().queues().stream().map(QueueConfig::id).toList(), e::processedInputCount,
                    e::actionCounts);
        }
    }

    /** The toolbar WebSocket: agents signed in with a live session, and connections open. */
    public record Agents(IntSupplier sessions, IntSupplier connections) {
        public static Agents of(AgentEndpoint endpoint) {
            return new Agents(endpoint::activeSessions, endpoint::openConnections);
        }
    }

    /**
     * The customer directory.
     *
     * @param cache null when the directory has no cache
     */
    public record Customers(Supplier<CachedCustomerLookup.Stats> cache, IntSupplier pendingLookups) {
        public static Customers of(CustomerDirectory directory) {
            boolean cached = directory.status().cache() != null;
            return new Customers(cached ? () -> directory.status().cache() : null,
                    () -> directory.status().pendingLookups());
        }
    }
}
