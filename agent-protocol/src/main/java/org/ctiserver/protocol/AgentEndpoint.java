package org.ctiserver.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.CtiService;
import org.ctiserver.core.engine.ErrorCode;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEventListener;
import org.ctiserver.protocol.access.AccessPolicy;
import org.ctiserver.protocol.access.AccessPolicy.Masked;
import org.ctiserver.protocol.access.CustomerRecord;
import org.ctiserver.protocol.access.CustomerRecords;
import org.ctiserver.protocol.access.User;
import org.ctiserver.protocol.auth.AgentCredentials;
import org.ctiserver.protocol.auth.LoginRateLimiter;
import org.ctiserver.protocol.message.ProtocolCodec;
import org.ctiserver.protocol.message.ServerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The agents' WebSocket endpoint and toolbar page. One session per agent; engine events are routed to
 * the agent's session and written on that session's event loop. Thread-safe.
 */
public final class AgentEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEndpoint.class);
    private static final String WEBROOT = "webroot/agent";
    private static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'";
    private static final int UPGRADE_REQUIRED = 426;
    private static final int UNAVAILABLE = 503;
    private static final int FORBIDDEN = 403;
    /** The IVR's data key holding the customer id (as the engine's customer lookup reads it). */
    private static final String CUSTOMER_ID_KEY = CustomerLookup.CUSTOMER_ID_KEY;

    private final Vertx vertx;
    private final CtiService cti;
    private final AgentCredentials credentials;
    private final ProtocolOptions options;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final EventMapper mapper;
    private final AgentTracker tracker;
    private final LoginRateLimiter limiter;
    private final ConcurrentMap<String, AgentSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> graceTimers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AgentStream> streams = new ConcurrentHashMap<>();
    private final Set<AgentSession> connections = ConcurrentHashMap.newKeySet();
    private final CtiEventListener listener = this::onEngineEvent;
    private final AccessPolicy access;
    private final SupervisorDesk desk;
    private final Set<String> engineAgents;
    private final long pruneTimer;
    private volatile boolean closed;

    /** Everyone who logs in is an agent who sees all call data (no users, roles or clearances configured). */
    public AgentEndpoint(Vertx vertx, CtiService cti, AgentCredentials credentials, ProtocolOptions options) {
        this(vertx, cti, credentials, options, AccessPolicy.open());
    }

    /** With users, roles, groups and clearances: supervisors' actions, and the screen pop masked by clearance. */
    public AgentEndpoint(Vertx vertx, CtiService cti, AgentCredentials credentials, ProtocolOptions options,
                         AccessPolicy access) {
        this.access = Objects.requireNonNull(access, "access");
        this.engineAgents = cti.config().agents().stream().map(AgentProfile::id).collect(Collectors.toUnmodifiableSet());
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.cti = Objects.requireNonNull(cti, "cti");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.options = Objects.requireNonNull(options, "options");
        this.mapper = new EventMapper(cti.config());
        this.tracker = new AgentTracker(cti);
        this.desk = new SupervisorDesk(cti, tracker, access);
        this.limiter = new LoginRateLimiter(options.maxLoginFailures(), options.loginFailureWindow(),
                System::currentTimeMillis);
        long pruneEvery = Math.min(options.loginFailureWindow().toMillis(), options.replayWindow().toMillis());
        this.pruneTimer = vertx.setPeriodic(Math.max(1_000, pruneEvery), id -> {
            limiter.prune();
            long now = System.currentTimeMillis();
            streams.values().forEach(s -> s.prune(now));
        });
        cti.addListener(listener);
    }

    /** GET /agent: the toolbar page and its assets; /ws/agent: the WebSocket. */
    public void mount(Router router) {
        String page = ProtocolOptions.PAGE_PATH;
        router.get(page).handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                // Vert.x matches "/agent" for "/agent/" too: that one is the static handler's
                ctx.next();
                return;
            }
            String query = ctx.request().query();
            ctx.reroute(page + "/" + (query == null ? "" : "?" + query));
        });
        router.get(page + "/*").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        router.get(page + "/*").handler(StaticHandler.create(WEBROOT).setCachingEnabled(false));
        router.route(ProtocolOptions.WEBSOCKET_PATH).handler(this::upgrade);
    }

    /** Stops routing events and closes every connection; agents stay signed in on the engine. */
    public void close() {
        closed = true;
        cti.removeListener(listener);
        vertx.cancelTimer(pruneTimer);
        graceTimers.values().forEach(vertx::cancelTimer);
        graceTimers.clear();
        connections.forEach(AgentSession::shutdown);
        connections.clear();
        sessions.clear();
    }

    /** The number of agents with a live session. */
    public int activeSessions() {
        return sessions.size();
    }

    /** The toolbar WebSocket connections open now, signed in or not yet. */
    public int openConnections() {
        return connections.size();
    }

    private void upgrade(RoutingContext ctx) {
        if (closed) {
            ctx.response().setStatusCode(UNAVAILABLE).end();
            return;
        }
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (!OriginCheck.allows(origin, ctx.request().getHeader(HttpHeaders.HOST), options.allowedOrigins())) {
            // cross-site WebSocket hijacking: a page elsewhere must not drive an agent's session
            LOG.info("WebSocket from origin {} refused (host {})", origin, ctx.request().getHeader(HttpHeaders.HOST));
            ctx.response().setStatusCode(FORBIDDEN).end();
            return;
        }
        if (!ctx.request().canUpgradeToWebSocket()) {
            ctx.response().setStatusCode(UPGRADE_REQUIRED).putHeader(HttpHeaders.UPGRADE, "websocket").end();
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            AgentSession session = new AgentSession(this, ws, vertx.getOrCreateContext());
            connections.add(session);
            session.start();
        }).onFailure(err -> LOG.debug("WebSocket upgrade failed: {}", err.toString()));
    }

    /**
     * Engine thread: must not block or throw. The event goes to the agent it concerns (the screen pop masked for the
     * agent's clearance) and, when supervisors see it, to the supervisors of the agent's groups.
     */
    private void onEngineEvent(CtiEvent event) {
        try {
            ServerEvent mapped = mapper.toServerEvent(event);
            if (mapped == null) {
                return;
            }
            long now = System.currentTimeMillis();
            String agentId = EventMapper.agentOf(event);
            if (agentId != null) {
                User agent = access.user(agentId);
                if (mapped instanceof ServerEvent.CallOfferedEvent offered) {
                    stream(agentId).onEngineEvent(masked(offered, agent), now);
                    lookUpCustomer(agent, offered);
                } else {
                    stream(agentId).onEngineEvent(mapped, now);
                }
            }
            String subject = EventMapper.subjectOf(event);
            if (subject != null && EventMapper.forSupervisors(mapped)) {
                for (String watcher : access.watchersOf(subject)) {
                    AgentStream s = streams.get(watcher);
                    if (s != null && !watcher.equals(agentId)) {
                        s.forward(mapped, now);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot route engine event {}", event, e);
        }
    }

    private ServerEvent.CallOfferedEvent masked(ServerEvent.CallOfferedEvent e, User agent) {
        Masked m = access.maskData(e.data(), agent.clearance());
        return new ServerEvent.CallOfferedEvent(e.callId(), e.queueId(), e.queueName(), e.callerNumber(),
                e.callerName(), e.dialedNumber(), e.waitMs(), m.shown(), e.atMs(), m.withheld());
    }

    /**
     * Asks the customer directory on a worker thread (it may block) and adds the customer's record, masked field by
     * field for the agent's clearance, to the agent's events, unless the call was no longer the agent's by then.
     */
    private void lookUpCustomer(User agent, ServerEvent.CallOfferedEvent offered) {
        if (access.records() == CustomerRecords.NONE) {
            return;
        }
        String id = offered.data().get(CUSTOMER_ID_KEY);
        String number = offered.callerNumber();
        boolean byId = id != null && !id.isBlank();
        boolean byNumber = number != null && !number.isBlank() && !number.equals(id);
        if (!byId && !byNumber) {
            return;
        }
        // the IVR's customer id first; a directory keyed by phone number still pops by the caller's number
        vertx.<Optional<CustomerRecord>>executeBlocking(() -> {
            Optional<CustomerRecord> found = byId ? access.records().find(id) : Optional.empty();
            return found.isEmpty() && byNumber ? access.records().find(number) : found;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("customer record for call {} not found: {}", offered.callId(), ar.cause().toString());
                return;
            }
            ar.result().ifPresent(record -> {
                Masked m = access.maskRecord(record, agent.clearance());
                ServerEvent.CustomerRecordEvent event = new ServerEvent.CustomerRecordEvent(offered.callId(),
                        record.id(), record.name(), record.tier(), m.shown(), m.withheld(), System.currentTimeMillis());
                stream(agent.id()).onCustomerRecord(event, System.currentTimeMillis());
            });
        });
    }

    // ---- used by sessions ----

    Vertx vertx() {
        return vertx;
    }

    ProtocolOptions options() {
        return options;
    }

    ProtocolCodec codec() {
        return codec;
    }

    EventMapper mapper() {
        return mapper;
    }

    AgentTracker tracker() {
        return tracker;
    }

    AccessPolicy access() {
        return access;
    }

    SupervisorDesk desk() {
        return desk;
    }

    /** True when the user is an agent of the engine's configuration, who signs in on the engine and takes calls. */
    boolean takesCalls(String userId) {
        return engineAgents.contains(userId);
    }

    /** The config event of a session: labels in {@code lang}, and the user's access. */
    ServerEvent.ConfigEvent config(String lang, String userId, long nowMs) {
        return mapper.config(lang, access.user(userId), takesCalls(userId), nowMs);
    }

    /** The agent's logical session (created on first use, kept for the endpoint's life). */
    AgentStream stream(String agentId) {
        return streams.computeIfAbsent(agentId, id -> new AgentStream(id, tracker, options.replayEvents(),
                options.replayWindow().toMillis()));
    }

    AgentCredentials credentials() {
        return credentials;
    }

    LoginRateLimiter limiter() {
        return limiter;
    }

    /** The engine's answer, or a TimeoutException after {@code commandTimeout}. Completes on any thread. */
    CompletableFuture<CommandResult> submit(AgentCommand command) {
        return submit(() -> cti.submit(command));
    }

    /** A supervisor's command, as {@link #submit(AgentCommand)}. */
    CompletableFuture<CommandResult> submit(SupervisorCommand command) {
        return submit(() -> cti.submit(command));
    }

    private CompletableFuture<CommandResult> submit(Supplier<CompletionStage<CommandResult>> send) {
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        try {
            send.get().whenComplete((r, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(r);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result.orTimeout(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean hasOtherSession(String agentId, AgentSession session) {
        AgentSession s = sessions.get(agentId);
        return s != null && s != session;
    }

    /**
     * Makes {@code session} the agent's session. Returns the session it displaced (TAKE_OVER), or
     * {@code session} itself when another one holds the agent and the policy is REJECT.
     */
    AgentSession register(String agentId, AgentSession session) {
        cancelGraceLogout(agentId);
        if (options.sessionPolicy() == SessionPolicy.REJECT) {
            AgentSession existing = sessions.putIfAbsent(agentId, session);
            return existing != null && existing != session ? session : null;
        }
        AgentSession previous = sessions.put(agentId, session);
        return previous == session ? null : previous;
    }

    /** A session ended (closed, or logged out): returns true when it was the agent's session. */
    boolean unregister(String agentId, AgentSession session) {
        stream(agentId).detach(session);
        return sessions.remove(agentId, session);
    }

    void connectionClosed(AgentSession session) {
        connections.remove(session);
    }

    /** After the grace period without a new session, log the agent out; retried while the engine refuses. */
    void scheduleGraceLogout(String agentId) {
        if (closed) {
            return;
        }
        long timer = vertx.setTimer(Math.max(1, options.logoutGrace().toMillis()), id -> graceExpired(agentId, id));
        Long previous = graceTimers.put(agentId, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    void cancelGraceLogout(String agentId) {
        Long timer = graceTimers.remove(agentId);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void graceExpired(String agentId, long timerId) {
        if (closed || !graceTimers.remove(agentId, timerId) || sessions.containsKey(agentId)) {
            return;
        }
        submit(new AgentCommand.Logout(agentId)).whenComplete((result, error) -> {
            if (error == null && (result.isOk() || result.error() == ErrorCode.NOT_LOGGED_IN
                    || result.error() == ErrorCode.UNKNOWN_AGENT)) {
                LOG.info("agent {} logged out after the connection was lost", agentId);
            } else if (!sessions.containsKey(agentId)) {
                // on a call, or the engine is busy: try again at the next tick
                LOG.debug("grace logout of agent {} refused ({}), retrying", agentId,
                        error != null ? error.toString() : result.error());
                scheduleGraceLogout(agentId);
            }
        });
    }
}
