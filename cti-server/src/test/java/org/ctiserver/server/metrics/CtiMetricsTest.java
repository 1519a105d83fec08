package org.ctiserver.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.ctiserver.adapter.asterisk.AmiInputStats;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueActionCounts;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.stats.StatsSnapshot;
import org.ctiserver.server.routing.CachedCustomerLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

/** The meters follow their sources: each scrape reads the atomics and the latest published snapshot. */
class CtiMetricsTest {
    private final AtomicBoolean linkUp = new AtomicBoolean();
    private final AtomicLong linkUps = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger queued = new AtomicInteger();
    private final Map<AmiInputStats.Kind, AtomicLong> bad = new EnumMap<>(AmiInputStats.Kind.class);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lookupsFailed = new AtomicLong();
    private final AtomicReference<StatsSnapshot> stats = new AtomicReference<>(StatsSnapshot.EMPTY);
    private final AtomicLong processed = new AtomicLong();
    private final AtomicReference<List<QueueActionCounts>> actionCounts = new AtomicReference<>(List.of());
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicReference<CachedCustomerLookup.Stats> cache =
            new AtomicReference<>(new CachedCustomerLookup.Stats(Double.NaN, 0, 0, 0, 0, 0));
    private final AtomicInteger pending = new AtomicInteger();
    private CtiMetrics metrics;

    {
        for (AmiInputStats.Kind k : AmiInputStats.Kind.values()) {
            bad.put(k, new AtomicLong());
        }
    }

    private CtiMetrics bind(boolean withCustomers) {
        MetricsSources sources = new MetricsSources(
                new MetricsSources.Ami(linkUp::get, linkUps::get, dropped::get, failed::get, queued::get,
                        k -> bad.get(k).get()),
                new MetricsSources.Engine(running::get, backlog::get, refused::get, lookupsFailed::get, stats::get,
                        List.of("sales", "support"), processed::get, actionCounts::get),
                new MetricsSources.Agents(sessions::get, connections::get),
                withCustomers ? new MetricsSources.Customers(cache::get, pending::get) : null);
        metrics = CtiMetrics.bind(sources, false);
        return metrics;
    }

    @AfterEach
    void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Test
    void amiMeters_followTheAdaptersCounters() {
        MeterRegistry r = bind(false).registry();
        assertThat(r.get("cti.ami.link.up").gauge().value()).isZero();

        linkUp.set(true);
        linkUps.set(2);
        dropped.set(5);
        failed.set(3);
        queued.set(4);
        bad.get(AmiInputStats.Kind.OVERSIZED_LINE).set(7);

        assertThat(r.get("cti.ami.link.up").gauge().value()).isEqualTo(1);
        assertThat(r.get("cti.ami.link.ups").functionCounter().count()).isEqualTo(2);
        assertThat(r.get("cti.ami.events.dropped").functionCounter().count()).isEqualTo(5);
        assertThat(r.get("cti.ami.commands.failed").functionCounter().count()).isEqualTo(3);
        assertThat(r.get("cti.ami.commands.queued").gauge().value()).isEqualTo(4);
        assertThat(r.get("cti.ami.input.bad").tag("kind", "oversized_line").functionCounter().count()).isEqualTo(7);
        assertThat(r.get("cti.ami.input.bad").tag("kind", "malformed_line").functionCounter().count()).isZero();
        assertThat(r.get("cti.ami.input.bad").functionCounters()).hasSize(AmiInputStats.Kind.values().length);
    }

    @Test
    void engineMeters_followTheRunner() {
        MeterRegistry r = bind(false).registry();
        backlog.set(12);
        refused.set(1);
        lookupsFailed.set(6);
        running.set(false);
        processed.set(1_234_567);

        assertThat(r.get("cti.engine.input.backlog").gauge().value()).isEqualTo(12);
        assertThat(r.get("cti.engine.inputs.processed").functionCounter().count()).isEqualTo(1_234_567);
        assertThat(r.get("cti.engine.events.refused").functionCounter().count()).isEqualTo(1);
        assertThat(r.get("cti.customer.lookups.failed").functionCounter().count()).isEqualTo(6);
        assertThat(r.get("cti.engine.running").gauge().value()).isZero();
    }

    @Test
    void queueMeters_readTheLatestPublishedSnapshot() {
        MeterRegistry r = bind(false).registry();
        stats.set(snapshot(1, queue("sales", 3, 12_500, 40, 30, 6, 1, 75.0), queue("support", 0, 0, 0, 0, 0, 0, -1)));

        assertThat(r.get("cti.queue.calls.waiting").tag("queue", "sales").gauge().value()).isEqualTo(3);
        assertThat(r.get("cti.queue.longest.wait").tag("queue", "sales").gauge().value()).isEqualTo(12.5);
        assertThat(r.get("cti.queue.calls.offered").tag("queue", "sales").functionCounter().count()).isEqualTo(40);
        assertThat(r.get("cti.queue.calls.answered").tag("queue", "sales").functionCounter().count()).isEqualTo(30);
        assertThat(r.get("cti.queue.calls.abandoned").tag("queue", "sales").functionCounter().count()).isEqualTo(6);
        assertThat(r.get("cti.queue.calls.short.abandoned").tag("queue", "sales").functionCounter().count()).isEqualTo(1);
        assertThat(r.get("cti.queue.service.level").tag("queue", "sales").gauge().value()).isEqualTo(0.75);
        // no call of support has finished waiting yet: no service level, rather than a made-up 0 or 100 %
        assertThat(r.get("cti.queue.service.level").tag("queue", "support").gauge().value()).isNaN();
        assertThat(r.get("cti.queue.agents").tags("queue", "sales", "state", "ready").gauge().value()).isEqualTo(2);

        // the engine publishes a new snapshot: the next read follows it
        stats.set(snapshot(2, queue("sales", 0, 0, 41, 32, 6, 1, 80.0), queue("support", 1, 2_000, 1, 0, 0, 0, -1)));
        assertThat(r.get("cti.queue.calls.waiting").tag("queue", "sales").gauge().value()).isZero();
        assertThat(r.get("cti.queue.calls.offered").tag("queue", "sales").functionCounter().count()).isEqualTo(41);
        assertThat(r.get("cti.queue.calls.waiting").tag("queue", "support").gauge().value()).isEqualTo(1);
        assertThat(r.get("cti.queue.longest.wait").tag("queue", "support").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void transferredIn_readsTheLatestPublishedActionCounts_perQueue() {
        MeterRegistry r = bind(false).registry();
        // nothing published yet: 0, not a missing series
        assertThat(r.get("cti.queue.calls.transferred.in").tag("queue", "sales").functionCounter().count()).isZero();

        actionCounts.set(List.of(actions("sales", 4), actions("support", 0)));
        assertThat(r.get("cti.queue.calls.transferred.in").tag("queue", "sales").functionCounter().count()).isEqualTo(4);
        assertThat(r.get("cti.queue.calls.transferred.in").tag("queue", "support").functionCounter().count()).isZero();

        actionCounts.set(List.of(actions("sales", 4), actions("support", 2)));
        assertThat(r.get("cti.queue.calls.transferred.in").tag("queue", "support").functionCounter().count()).isEqualTo(2);
        assertThat(r.get("cti.queue.calls.transferred.in").functionCounters()).hasSize(2);
    }

    @Test
    void agentMeters_countAgentsByState_andToolbarConnections() {
        MeterRegistry r = bind(false).registry();
        stats.set(new StatsSnapshot(1, 1, List.of(), List.of(agent("1001", AgentState.READY),
                agent("1002", AgentState.READY), agent("1003", AgentState.TALKING), agent("1004", AgentState.LOGGED_OUT))));
        sessions.set(3);
        connections.set(4);

        assertThat(r.get("cti.agents").tag("state", "ready").gauge().value()).isEqualTo(2);
        assertThat(r.get("cti.agents").tag("state", "talking").gauge().value()).isEqualTo(1);
        assertThat(r.get("cti.agents").tag("state", "logged_out").gauge().value()).isEqualTo(1);
        assertThat(r.get("cti.agents").tag("state", "wrap_up").gauge().value()).isZero();
        assertThat(r.get("cti.agent.sessions").gauge().value()).isEqualTo(3);
        assertThat(r.get("cti.agent.connections").gauge().value()).isEqualTo(4);

        stats.set(new StatsSnapshot(2, 2, List.of(), List.of(agent("1001", AgentState.WRAP_UP))));
        assertThat(r.get("cti.agents").tag("state", "ready").gauge().value()).isZero();
        assertThat(r.get("cti.agents").tag("state", "wrap_up").gauge().value()).isEqualTo(1);
    }

    @Test
    void customerMeters_followTheCache_andAreAbsentWithoutADirectory() {
        MeterRegistry r = bind(true).registry();
        cache.set(new CachedCustomerLookup.Stats(0.8, 8, 2, 1, 3, 9));
        pending.set(5);

        assertThat(r.get("cti.customer.cache.hits").functionCounter().count()).isEqualTo(8);
        assertThat(r.get("cti.customer.cache.misses").functionCounter().count()).isEqualTo(2);
        assertThat(r.get("cti.customer.cache.load.failures").functionCounter().count()).isEqualTo(1);
        assertThat(r.get("cti.customer.cache.evictions").functionCounter().count()).isEqualTo(3);
        assertThat(r.get("cti.customer.cache.size").gauge().value()).isEqualTo(9);
        assertThat(r.get("cti.customer.lookups.pending").gauge().value()).isEqualTo(5);

        metrics.close();
        MeterRegistry without = bind(false).registry();
        assertThat(without.find("cti.customer.cache.hits").meters()).isEmpty();
        assertThat(without.find("cti.customer.lookups.pending").meters()).isEmpty();
    }

    @Test
    void scrape_speaksPrometheusNamesWithUnitsAndLabels() {
        bind(true);
        linkUp.set(true);
        linkUps.set(1);
        stats.set(snapshot(1, queue("sales", 2, 4_000, 10, 8, 1, 0, 90.0)));
        processed.set(42);
        actionCounts.set(List.of(actions("sales", 3)));

        String text = metrics.scrape();

        assertThat(text).contains("cti_ami_link_up 1.0", "cti_ami_link_ups_total 1.0",
                "cti_ami_input_bad_total{kind=\"malformed_line\"} 0.0", "cti_engine_input_backlog 0.0",
                "cti_queue_calls_offered_total{queue=\"sales\"} 10.0",
                "cti_queue_longest_wait_seconds{queue=\"sales\"} 4.0",
                "cti_queue_service_level_ratio{queue=\"sales\"} 0.9",
                "cti_agents{state=\"ready\"}", "cti_customer_cache_hits_total",
                "cti_engine_inputs_processed_total 42.0",
                "cti_queue_calls_transferred_in_total{queue=\"sales\"} 3.0",
                "cti_queue_calls_transferred_in_total{queue=\"support\"} 0.0",
                "# HELP cti_queue_calls_waiting Calls waiting in the queue now");
        // no JVM meters were asked for
        assertThat(text).doesNotContain("jvm_memory");
    }

    @Test
    void bind_withJvm_addsMemoryGcAndThreads() {
        MetricsSources sources = new MetricsSources(
                new MetricsSources.Ami(linkUp::get, linkUps::get, dropped::get, failed::get, queued::get, k -> 0),
                new MetricsSources.Engine(running::get, backlog::get, refused::get, lookupsFailed::get, stats::get, List.of()),
                new MetricsSources.Agents(sessions::get, connections::get), null);
        metrics = CtiMetrics.bind(sources, true);

        assertThat(metrics.scrape()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                "cti_engine_inputs_processed_total 0.0");
        assertThat(metrics.registry().find("jvm.gc.memory.allocated").meters()).isNotEmpty();
    }

    private static StatsSnapshot snapshot(long seq, QueueSnapshot... queues) {
        return new StatsSnapshot(seq, seq, List.of(queues), List.of());
    }

    private static QueueSnapshot queue(String id, int waiting, long longestWaitMs, long offered, long answered,
                                       long abandoned, long shortAbandoned, double slPercent) {
        return new QueueSnapshot(id, id, waiting, longestWaitMs, offered, answered, abandoned, shortAbandoned,
                answered, 20, slPercent, 3_000, 60_000, 2, 0, 1, 0, 1, 4, 0);
    }

    private static QueueActionCounts actions(String queueId, long transferredIn) {
        return new QueueActionCounts(queueId, Map.of(), Map.of(), 0, 0, 0, 0, transferredIn);
    }

    private static AgentSnapshot agent(String id, AgentState state) {
        return new AgentSnapshot(id, id, state, null, 0, "2" + id.substring(1), null, Map.of(), Set.of("sales"), 0);
    }
}
