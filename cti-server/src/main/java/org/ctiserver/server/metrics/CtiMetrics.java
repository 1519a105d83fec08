package org.ctiserver.server.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import org.ctiserver.adapter.asterisk.AmiInputStats;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueActionCounts;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.stats.StatsSnapshot;
import org.ctiserver.server.routing.CachedCustomerLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/**
 * The server's meters in a Prometheus registry: the AMI link, the engine's input queue, each queue's figures, agents
 * by state, the toolbar connections, the customer directory, and the JVM's memory, GC and threads.
 *
 * <p>Every meter reads its source when scraped (no copies to keep up to date). Queue and agent figures come from the
 * {@link StatsSnapshot} the engine publishes; a scrape indexes each new snapshot once, whichever thread scrapes.
 * Queue counters are the wallboard's "today" figures: they start again at the site's midnight, which Prometheus's
 * {@code rate()} reads as a counter reset.
 */
public final class CtiMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CtiMetrics.class);
    /** The Prometheus text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String QUEUE = "queue";
    static final String STATE = "state";
    static final String KIND = "kind";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the registry holds the objects meters read only weakly: these keep them alive as long as the meters
    private final MetricsSources sources;
    private final Latest latest;
    private final LatestActions actions;
    private final JvmGcMetrics gc;

    private CtiMetrics(MetricsSources sources, boolean jvm) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.latest = new Latest(sources.engine().stats());
        this.actions = new LatestActions(sources.engine().actionCounts());
        bindAmi(sources.ami());
        bindEngine(sources.engine());
        bindQueues(sources.engine().queueIds());
        bindAgents(sources.agents());
        if (sources.customers() != null) {
            bindCustomers(sources.customers());
        }
        if (jvm) {
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            this.gc = new JvmGcMetrics();
            gc.bindTo(registry);
        } else {
            this.gc = null;
        }
    }

    /** The meters of {@code sources}, and with {@code jvm} the JVM's too. */
    public static CtiMetrics bind(MetricsSources sources, boolean jvm) {
        return new CtiMetrics(sources, jvm);
    }

    /** {@code GET path}: the scrape. CPU only (the meters read atomics and snapshots), so on the event loop. */
    public void mount(Router router, String path) {
        router.get(path).handler(ctx -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(scrape()));
        LOG.info("Prometheus metrics at {}", path);
    }

    /** All meters in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }

    // ---- binding -----------------------------------------------------------------------------------------------

    private void bindAmi(MetricsSources.Ami ami) {
        Gauge.builder("cti.ami.link.up", ami, a -> a.linkUp().getAsBoolean() ? 1 : 0)
                .description("1 while the AMI link to Asterisk is logged in, else 0").register(registry);
        counter("cti.ami.link.ups", ami, a -> a.linkUps().getAsLong(),
                "Successful AMI logins; more than one means the link was re-established");
        counter("cti.ami.events.dropped", ami, a -> a.eventsDropped().getAsLong(),
                "AMI events lost because the engine's input queue or the post-login hand-off was full");
        counter("cti.ami.commands.failed", ami, a -> a.commandsFailed().getAsLong(),
                "Commands to Asterisk that failed (refused, timed out, link lost, action queue full)");
        Gauge.builder("cti.ami.commands.queued", ami, a -> a.commandsQueued().getAsInt())
                .description("Commands accepted and not yet written to Asterisk").register(registry);
        for (AmiInputStats.Kind kind : AmiInputStats.Kind.values()) {
            FunctionCounter.builder("cti.ami.input.bad", ami, a -> a.badInput().applyAsLong(kind))
                    .tag(KIND, label(kind))
                    .description("Bad input from Asterisk by kind (malformed or oversized lines, missing fields, ...)")
                    .register(registry);
        }
    }

    private void bindEngine(MetricsSources.Engine engine) {
        Gauge.builder("cti.engine.running", engine, e -> e.running().getAsBoolean() ? 1 : 0)
                .description("1 while the engine thread runs").register(registry);
        Gauge.builder("cti.engine.input.backlog", engine, e -> e.backlog().getAsInt())
                .description("Inputs (PBX events, commands, ticks) waiting for the engine").register(registry);
        counter("cti.engine.events.refused", engine, e -> e.eventsRefused().getAsLong(),
                "PBX events the engine refused because its input queue was full");
        counter("cti.customer.lookups.failed", engine, e -> e.lookupsFailed().getAsLong(),
                "Customer look-ups that failed or were refused (the call kept the normal tier)");
        counter("cti.engine.inputs.processed", engine, e -> e.inputsProcessed().getAsLong(),
                "Inputs the engine thread processed (PBX events, commands, customer answers; not its ticks)");
    }

    private void bindQueues(List<String> queueIds) {
        for (String id : queueIds) {
            queueGauge("cti.queue.calls.waiting", id, null, QueueSnapshot::waiting, "Calls waiting in the queue now");
            queueGauge("cti.queue.longest.wait", id, "seconds", q -> q.longestWaitMs() / 1000.0,
                    "How long the longest-waiting call of the queue has waited");
            queueCounter("cti.queue.calls.offered", id, QueueSnapshot::offered, "Calls that entered the queue today");
            queueCounter("cti.queue.calls.answered", id, QueueSnapshot::answered, "Calls of the queue answered today");
            queueCounter("cti.queue.calls.abandoned", id, QueueSnapshot::abandoned,
                    "Calls of the queue whose caller hung up before an answer today (short abandons included)");
            queueCounter("cti.queue.calls.short.abandoned", id, QueueSnapshot::shortAbandoned,
                    "Abandons quicker than the queue's short-abandon threshold today");
            queueCounter("cti.queue.calls.transferred", id, QueueSnapshot::transferred,
                    "Answered calls of the queue transferred on today");
            FunctionCounter.builder("cti.queue.calls.transferred.in", actions, a -> {
                QueueActionCounts c = a.get(id);
                return c == null ? 0 : c.transferredIn();
            }).tag(QUEUE, id).description("Answered calls agents transferred into the queue today (not counted as offered)")
                    .register(registry);
            queueGauge("cti.queue.service.level", id, "ratio",
                    q -> q.serviceLevelPercent() < 0 ? Double.NaN : q.serviceLevelPercent() / 100.0,
                    "Answered within the threshold / (answered + abandoned - short abandons) today; NaN before any");
            queueGauge("cti.queue.average.speed.of.answer", id, "seconds", q -> q.averageSpeedOfAnswerMs() / 1000.0,
                    "Average wait of the queue's answered calls today");
            queueGauge("cti.queue.average.handle.time", id, "seconds", q -> q.averageHandleTimeMs() / 1000.0,
                    "Average talk + wrap-up time of the queue's handled calls today");
            queueAgents(id, AgentState.READY, QueueSnapshot::agentsReady);
            queueAgents(id, AgentState.RESERVED, QueueSnapshot::agentsReserved);
            queueAgents(id, AgentState.TALKING, QueueSnapshot::agentsTalking);
            queueAgents(id, AgentState.WRAP_UP, QueueSnapshot::agentsWrapUp);
            queueAgents(id, AgentState.NOT_READY, QueueSnapshot::agentsNotReady);
        }
    }

    private void bindAgents(MetricsSources.Agents agents) {
        for (AgentState state : AgentState.values()) {
            Gauge.builder("cti.agents", latest, l -> l.get().agentsIn(state))
                    .tag(STATE, label(state)).description("Configured agents by state").register(registry);
        }
        Gauge.builder("cti.agent.sessions", agents, a -> a.sessions().getAsInt())
                .description("Agents signed in on the toolbar with a live session").register(registry);
        Gauge.builder("cti.agent.connections", agents, a -> a.connections().getAsInt())
                .description("Toolbar WebSocket connections open, signed in or not yet").register(registry);
    }

    private void bindCustomers(MetricsSources.Customers customers) {
        Gauge.builder("cti.customer.lookups.pending", customers, c -> c.pendingLookups().getAsInt())
                .description("Customer look-ups waiting for a lookup thread").register(registry);
        Supplier<CachedCustomerLookup.Stats> cache = customers.cache();
        if (cache == null) {
            return;
        }
        counter("cti.customer.cache.hits", customers, c -> c.cache().get().hits(), "Customer cache hits");
        counter("cti.customer.cache.misses", customers, c -> c.cache().get().misses(), "Customer cache misses");
        counter("cti.customer.cache.evictions", customers, c -> c.cache().get().evictions(),
                "Customer cache entries evicted (size or age)");
        counter("cti.customer.cache.load.failures", customers, c -> c.cache().get().loadFailures(),
                "Customer cache loads that failed");
        Gauge.builder("cti.customer.cache.size", customers, c -> c.cache().get().size())
                .description("Entries in the customer cache").register(registry);
    }

    private <T> void counter(String name, T source, ToDoubleFunction<T> f, String description) {
        FunctionCounter.builder(name, source, f).description(description).register(registry);
    }

    private void queueGauge(String name, String queueId, String unit, ToDoubleFunction<QueueSnapshot> f,
                            String description) {
        Gauge.builder(name, latest, l -> {
            QueueSnapshot q = l.get().queue(queueId);
            return q == null ? Double.NaN : f.applyAsDouble(q);
        }).tag(QUEUE, queueId).baseUnit(unit).description(description).register(registry);
    }

    private void queueCounter(String name, String queueId, ToDoubleFunction<QueueSnapshot> f, String description) {
        FunctionCounter.builder(name, latest, l -> {
            QueueSnapshot q = l.get().queue(queueId);
            return q == null ? 0 : f.applyAsDouble(q);
        }).tag(QUEUE, queueId).description(description).register(registry);
    }

    private void queueAgents(String queueId, AgentState state, ToDoubleFunction<QueueSnapshot> f) {
        Gauge.builder("cti.queue.agents", latest, l -> {
            QueueSnapshot q = l.get().queue(queueId);
            return q == null ? Double.NaN : f.applyAsDouble(q);
        }).tags(QUEUE, queueId, STATE, label(state)).description("Logged-in agents serving the queue, by state")
                .register(registry);
    }

    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The latest published snapshot, indexed once per snapshot (a benign race: two threads may both index it). */
    private static final class Latest {
        private final Supplier<StatsSnapshot> stats;
        private volatile Indexed last;

        Latest(Supplier<StatsSnapshot> stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
        }

        Indexed get() {
            StatsSnapshot s = stats.get();
            Indexed l = last;
            if (l == null || l.snapshot != s) {
                l = new Indexed(s);
                last = l;
            }
            return l;
        }
    }

    /** The latest published action counts by queue id, indexed once per publication (as {@link Latest}). */
    private static final class LatestActions {
        private record ByQueue(List<QueueActionCounts> list, Map<String, QueueActionCounts> index) {
        }

        private final Supplier<List<QueueActionCounts>> counts;
        private volatile ByQueue last;

        LatestActions(Supplier<List<QueueActionCounts>> counts) {
            this.counts = Objects.requireNonNull(counts, "counts");
        }

        QueueActionCounts get(String queueId) {
            List<QueueActionCounts> list = counts.get();
            ByQueue l = last;
            if (l == null || l.list() != list) {
                Map<String, QueueActionCounts> index = new HashMap<>();
                for (QueueActionCounts c : list) {
                    index.put(c.queueId(), c);
                }
                l = new ByQueue(list, index);
                last = l;
            }
            return l.index().get(queueId);
        }
    }

    private static final class Indexed {
        final StatsSnapshot snapshot;
        private final Map<String, QueueSnapshot> queues = new HashMap<>();
        private final int[] agentsByState = new int[AgentState.values().length];

        Indexed(StatsSnapshot snapshot) {
            this.snapshot = snapshot;
            for (QueueSnapshot q : snapshot.queues()) {
                queues.put(q.queueId(), q);
            }
            for (AgentSnapshot a : snapshot.agents()) {
                agentsByState[a.state().ordinal()]++;
            }
        }

        QueueSnapshot queue(String id) {
            return queues.get(id);
        }

        int agentsIn(AgentState state) {
            return agentsByState[state.ordinal()];
        }
    }
}
