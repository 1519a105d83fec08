package org.ctiserver.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.ctiserver.adapter.asterisk.AmiSettings;
import org.ctiserver.adapter.asterisk.AsteriskAdapter;
import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.core.engine.EngineRunner;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxPort;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.AgentSelectors;
import org.ctiserver.core.routing.QueueRouting;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.routing.expr.Requirement;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.time.Clock;
import org.ctiserver.protocol.AgentEndpoint;
import org.ctiserver.protocol.ProtocolOptions;
import org.ctiserver.protocol.auth.AgentCredentials;
import org.ctiserver.protocol.auth.InMemoryAgentCredentials;
import org.ctiserver.protocol.auth.PasswordHasher;
import org.ctiserver.server.config.ResolvedConfig;
import org.ctiserver.server.metrics.CtiMetrics;
import org.ctiserver.server.metrics.MetricsSources;
import org.ctiserver.server.routing.CustomerDirectory;
import org.ctiserver.wallboard.WallboardEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * One running CTI server: the engine, the AMI adapter, and the HTTP front ends (toolbar, wallboard)
 * on one port. Built from a checked configuration; {@link #close()} stops everything in reverse order.
 */
public final class CtiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CtiServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    public static final String HEALTH_PATH = "/api/health";
    public static final String ROUTING_PATH = "/api/routing";

    private final ResolvedConfig config;
    private final InMemoryStateStore store;
    private final EngineRunner engine;
    private final AsteriskAdapter adapter;
    private final Vertx vertx;
    private final AgentEndpoint agentEndpoint;
    private final WallboardEndpoint wallboard;
    private final HttpServer http;
    private final CustomerDirectory customers;
    private final CtiMetrics metrics;

    private CtiServer(ResolvedConfig config, Clock clock, ProtocolOptions protocolOptions,
                      java.util.function.UnaryOperator<AmiSettings> amiTuning) {
        this.config = config;
        this.store = new InMemoryStateStore();
        // the engine and the adapter need each other: the engine sends commands out, the adapter feeds events in
        AtomicReference<PbxPort> pbx = new AtomicReference<>(PbxPort.NONE);
        PbxPort toPbx = (PbxCommand c) -> pbx.get().execute(c);
        this.customers = config.customers() == null ? null : CustomerDirectory.open(config.customers());
        if (config.hasRoutingRules()) {
            // without a directory the runner still needs a lookup: NONE on the caller's thread costs nothing
            this.engine = new EngineRunner(config.engine(), config.routing() == null ? RoutingConfig.NONE : config.routing(),
                    config.queueRules(), toPbx, store, clock, EngineRunner.DEFAULT_CAPACITY,
                    customers == null ? CustomerLookup.NONE : customers.lookup(),
                    customers == null ? Runnable::run : customers.executor()).start();
        } else {
            this.engine = new EngineRunner(config.engine(), toPbx, store, clock).start();
        }
        ResolvedConfig.AmiEndpoint ami = config.ami();
        this.adapter = new AsteriskAdapter(amiTuning.apply(AmiSettings.of(ami.host(), ami.port(), ami.username(),
                ami.secret()).withAgentDialContext(ami.agentDialContext())
                .withTransport(AmiSettings.Transport.fromConfigName(ami.transport()))
                .withContexts(ami.contexts())), engine);
        pbx.set(adapter);
        adapter.start();

        this.vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        AgentCredentials credentials = new InMemoryAgentCredentials(config.passwordHashes(), new PasswordHasher());
        this.agentEndpoint = new AgentEndpoint(vertx, engine, credentials, protocolOptions, accessPolicy(config));
        this.wallboard = new WallboardEndpoint(vertx, engine);
        agentEndpoint.mount(router);
        wallboard.mount(router);
        router.get("/").handler(ctx -> ctx.redirect(WallboardEndpoint.PAGE_PATH));
        router.get(HEALTH_PATH).handler(ctx -> ctx.json(new Health(engine.isRunning(), adapter.isLinkUp(),
                engine.backlog(), engine.droppedEventCount())));
        router.get(ROUTING_PATH).handler(ctx -> ctx.json(routingStatus()));
        if (config.metrics().enabled()) {
            this.metrics = CtiMetrics.bind(MetricsSources.of(adapter, engine, agentEndpoint, customers), true);
            metrics.mount(router, config.metrics().path());
        } else {
            this.metrics = null;
        }

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                // browsers speak HTTP/1.1 without TLS; h2c upgrades misbehaved with large SSE frames
                .setHttp2ClearTextEnabled(false);
        // the endpoint answers FRAME_TOO_LARGE itself; the socket's hard limit sits above its own
        protocolOptions.applyTo(options);
        this.http = await(vertx.createHttpServer(options).requestHandler(router).listen().toCompletionStage().toCompletableFuture());
        LOG.info("CTI server '{}' listening on {}:{}, AMI {}", config.siteName(), config.httpHost(), http.actualPort(), ami);
    }

    /** Users, groups and clearances from the configuration; the customer directory behind the screen pop. */
    private org.ctiserver.protocol.access.AccessPolicy accessPolicy(ResolvedConfig config) {
        org.ctiserver.server.config.AccessSettings a = config.access();
        org.ctiserver.protocol.access.CustomerRecords records = customers == null
                ? org.ctiserver.protocol.access.CustomerRecords.NONE : customers.records(a.levels());
        return new org.ctiserver.protocol.access.AccessPolicy(a.users(), a.levels(), a.callDataLevels(), records);
    }

    /** Starts a server; returns once HTTP listens (the AMI link comes up in the background). */
    public static CtiServer start(ResolvedConfig config, Clock clock) {
        return new CtiServer(config, clock, protocolOptions(config), java.util.function.UnaryOperator.identity());
    }

    public static CtiServer start(ResolvedConfig config, Clock clock, ProtocolOptions protocolOptions) {
        return new CtiServer(config, clock, protocolOptions, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #start(ResolvedConfig, Clock)}, with the AMI settings adjusted (tests: a short reconnect backoff). */
    public static CtiServer start(ResolvedConfig config, Clock clock, java.util.function.UnaryOperator<AmiSettings> amiTuning) {
        return new CtiServer(config, clock, protocolOptions(config), amiTuning);
    }

    /** The toolbar protocol's options from the configuration (origins allowed to open the WebSocket). */
    static ProtocolOptions protocolOptions(ResolvedConfig config) {
        ProtocolOptions options = ProtocolOptions.defaults().withAllowedOrigins(config.allowedOrigins());
        return config.tls() == null ? options : options.withTls(config.tls());
    }

    public int httpPort() {
        return http.actualPort();
    }

    public EngineRunner engine() {
        return engine;
    }

    public InMemoryStateStore store() {
        return store;
    }

    public AsteriskAdapter adapter() {
        return adapter;
    }

    public ResolvedConfig config() {
        return config;
    }

    /** The meters behind the metrics endpoint; empty when {@code metrics.enabled} is false. */
    public java.util.Optional<CtiMetrics> metrics() {
        return java.util.Optional.ofNullable(metrics);
    }

    @Override
    public void close() {
        wallboard.close();
        agentEndpoint.close();
        try {
            await(vertx.close().toCompletionStage().toCompletableFuture());
        } catch (IllegalStateException e) {
            LOG.warn("HTTP front ends did not stop cleanly: {}", e.getMessage());
        }
        adapter.close();
        engine.close();
        if (customers != null) {
            customers.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /**
     * What {@code /api/routing} answers: each queue's ladder and policy, tier bonuses, the call order, the customer
     * directory.
     */
    public RoutingStatus routingStatus() {
        Map<String, QueueRouting> byQueue = config.routing() == null ? Map.of() : config.routing().byQueue();
        List<RoutingStatus.Queue> queues = new ArrayList<>();
        for (QueueConfig q : config.engine().queues()) {
            QueueRouting r = byQueue.get(q.id());
            List<String> steps = r == null ? List.of(Requirement.of(q.requirement()).toString())
                    : r.targets().stream().map(t -> t.requirement() + (t.isLast() ? "" : " for " + t.timeout().toSeconds() + "s")).toList();
            queues.add(new RoutingStatus.Queue(q.id(), steps, r == null ? AgentSelectors.DEFAULT : r.agentPolicy(),
                    r == null ? 0 : r.agingPerSecond()));
        }
        Map<String, Integer> bonus = new LinkedHashMap<>();
        if (config.routing() != null) {
            config.routing().tierBonus().forEach((t, b) -> bonus.put(t.key(), b));
        }
        return new RoutingStatus(config.routing() != null, queues, bonus,
                (config.routing() == null ? RoutingConfig.NONE : config.routing()).callOrder().key(),
                customers == null ? null : customers.status(), engine.failedLookupCount());
    }

    public record RoutingStatus(boolean routingRules, List<Queue> queues, Map<String, Integer> tierBonus,
                                String callOrder, CustomerDirectory.Status customers, long failedLookups) {
        public record Queue(String id, List<String> steps, String policy, double agingPerSecond) {
        }
    }

    /** What {@code /api/health} answers. */
    public record Health(boolean engineRunning, boolean pbxConnected, int engineBacklog, long eventsDropped) {
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
