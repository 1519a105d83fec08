package org.ctiserver.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;

import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.ErrorCode;
import org.ctiserver.protocol.access.AccessPolicy;
import org.ctiserver.protocol.access.Role;
import org.ctiserver.protocol.access.User;
import org.ctiserver.protocol.message.Decoded;
import org.ctiserver.protocol.message.ErrorBody;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.ProtocolCodec;
import org.ctiserver.protocol.message.ProtocolError;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.ReplyBody;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.Request.CompleteWrapUp;
import org.ctiserver.protocol.message.Request.Hangup;
import org.ctiserver.protocol.message.Request.Hello;
import org.ctiserver.protocol.message.Request.Login;
import org.ctiserver.protocol.message.Request.Logout;
import org.ctiserver.protocol.message.Request.NotReady;
import org.ctiserver.protocol.message.Request.Ping;
import org.ctiserver.protocol.message.Request.Ready;
import org.ctiserver.protocol.message.Request.SetLang;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.SessionReplacedEvent;
import org.ctiserver.protocol.message.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One WebSocket connection. Everything but {@link #deliver} and {@link #replaced} runs on the
 * connection's Vert.x context, so the fields need no locks; those two hop onto it.
 */
final class AgentSession {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
    /** A UTF-8 byte is at most 3 per UTF-16 char, so shorter texts need no exact count. */
    private static final int MAX_UTF8_PER_CHAR = 3;
    private static final short CLOSE_SLOW_CONSUMER = 4003;
    private static final short CLOSE_GOING_AWAY = 1001;

    private enum Phase { OPEN, AUTHENTICATING, ACTIVE, CLOSED }

    private final AgentEndpoint endpoint;
    private final ServerWebSocket ws;
    private final Context context;
    private final ProtocolCodec codec;
    private final String remoteAddress;
    /** Events routed from the engine thread, sent in order once the session is active. */
    private final Queue<EventMessage> pending = new ConcurrentLinkedQueue<>();

    private Phase phase = Phase.OPEN;
    private String lang;
    private Integer version;
    private String agentId;
    /** The signed-in user, whether the user takes calls (is an engine agent), and the phone the user logged in on. */
    private User user;
    private boolean takesCalls;
    private String extension;
    private long loginTimer = -1;
    private long heartbeatTimer = -1;
    private long lastHeardMs;

    AgentSession(AgentEndpoint endpoint, ServerWebSocket ws, Context context) {
        this.endpoint = endpoint;
        this.ws = ws;
        this.context = context;
        this.codec = endpoint.codec();
        this.lang = endpoint.options().defaultLang();
        this.remoteAddress = ws.remoteAddress() == null ? "?" : ws.remoteAddress().hostAddress();
    }

    void start() {
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(this::onBinary);
        ws.exceptionHandler(t -> LOG.debug("connection from {}: {}", remoteAddress, t.toString()));
        ws.closeHandler(v -> onClosed());
        ws.pongHandler(b -> lastHeardMs = System.currentTimeMillis());
        armLoginTimer();
        lastHeardMs = System.currentTimeMillis();
        long every = endpoint.options().heartbeatInterval().toMillis();
        heartbeatTimer = endpoint.vertx().setPeriodic(every, every, id -> heartbeat());
    }

    /** Pings; a client silent (no message, no pong) past the idle timeout is dead or stuck: drop it. */
    private void heartbeat() {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (System.currentTimeMillis() - lastHeardMs > endpoint.options().idleTimeout().toMillis()) {
            LOG.info("closing connection of agent {} from {}: silent for {}", agentId, remoteAddress,
                    endpoint.options().idleTimeout());
            ws.close(ProtocolOptions.CLOSE_IDLE, "no heartbeat");
            // a dead peer never completes the close handshake: start the grace period now, not at its timeout
            onClosed();
            return;
        }
        ws.writePing(Buffer.buffer());
    }

    // ---- called from other threads ----

    /** Any thread (the agent's stream, under its lock): queue the event and let the context send it. */
    void deliver(EventMessage event) {
        pending.add(event);
        context.runOnContext(v -> drain());
    }

    /** Another session took the agent: say so and close. */
    void replaced() {
        context.runOnContext(v -> {
            if (phase == Phase.ACTIVE) {
                drain();
                // seq 0: a notice about this connection, not part of the agent's sequence the new one continues
                send(new EventMessage(0, new SessionReplacedEvent(System.currentTimeMillis())));
            }
            phase = Phase.CLOSED;
            ws.close(ProtocolOptions.CLOSE_SESSION_REPLACED, "session replaced");
        });
    }

    void shutdown() {
        context.runOnContext(v -> {
            phase = Phase.CLOSED;
            ws.close(CLOSE_GOING_AWAY, "server shutting down");
        });
    }

    // ---- inbound ----

    private void onText(String text) {
        lastHeardMs = System.currentTimeMillis();
        if (phase == Phase.CLOSED) {
            return;
        }
        if (tooLarge(text)) {
            LOG.info("closing connection from {}: message over {} bytes", remoteAddress,
                    endpoint.options().maxMessageBytes());
            sendReply(error(null, ProtocolError.FRAME_TOO_LARGE.name(), null));
            ws.close(ProtocolOptions.CLOSE_POLICY_VIOLATION, "message too large");
            return;
        }
        Decoded<Request> decoded = codec.decodeRequest(text);
        if (decoded instanceof Decoded.Failed<Request> f) {
            sendReply(error(f.id(), f.code().name(), f.detail()));
            return;
        }
        Request request = ((Decoded.Ok<Request>) decoded).value();
        try {
            handle(request);
        } catch (RuntimeException e) {
            LOG.warn("request {} from {} failed", request.type(), remoteAddress, e);
            sendReply(error(request.id(), ProtocolError.INTERNAL_ERROR.name(), null));
        }
    }

    private void onBinary(Buffer buffer) {
        if (phase != Phase.CLOSED) {
            sendReply(error(null, ProtocolError.BAD_JSON.name(), "binary"));
        }
    }

    private boolean tooLarge(String text) {
        int max = endpoint.options().maxMessageBytes();
        if (text.length() > max) {
            return true;
        }
        return (long) text.length() * MAX_UTF8_PER_CHAR > max && text.getBytes(StandardCharsets.UTF_8).length > max;
    }

    private void handle(Request request) {
        if (request instanceof Ping) {
            sendReply(Reply.ok(request.id()));
        } else if (request instanceof Hello h) {
            onHello(h);
        } else if (request instanceof SetLang s) {
            onSetLang(s);
        } else if (request instanceof Login l) {
            onLogin(l);
        } else if (phase != Phase.ACTIVE) {
            sendReply(error(request.id(), ProtocolError.NOT_AUTHENTICATED.name(), null));
        } else if (request instanceof Logout) {
            onLogout(request.id());
        } else if (Request.SUPERVISOR_TYPES.contains(request.type())) {
            onSupervisorRequest(request);
        } else if (!takesCalls) {
            // a supervisor's console: no calls of its own to act on
            sendReply(error(request.id(), ProtocolError.FORBIDDEN.name(), null));
        } else {
            AgentCommand command = toCommand(request);
            endpoint.submit(command).whenComplete((result, err) ->
                    context.runOnContext(v -> sendReply(toReply(request.id(), result, err))));
        }
    }

    /** The command for the session's own agent: the agent id never comes from the request. */
    private AgentCommand toCommand(Request request) {
        if (request instanceof Ready) {
            return new AgentCommand.Ready(agentId);
        } else if (request instanceof NotReady r) {
            return new AgentCommand.NotReady(agentId, r.reason());
        } else if (request instanceof Hangup) {
            return new AgentCommand.Hangup(agentId);
        } else if (request instanceof CompleteWrapUp r) {
            return new AgentCommand.CompleteWrapUp(agentId, r.disposition(), r.notes() == null ? "" : r.notes(),
                    r.nextReason());
        }
        return CallCommands.toCommand(agentId, request);
    }

    /** Role and group checks first; an agent's or an outsider's attempt is refused and the connection stays usable. */
    private void onSupervisorRequest(Request request) {
        String target = SupervisorDesk.agentOf(request);
        AccessPolicy.Denial denial = endpoint.access().check(user, request, target);
        if (denial != null) {
            LOG.info("{} {} refused {} on agent {}: {}", user.role().wire(), user.id(), request.type(), target, denial);
            sendReply(error(request.id(), denial.name(), null));
            return;
        }
        ReplyBody body = endpoint.desk().list(request, user);
        if (body != null) {
            sendReply(Reply.ok(request.id(), body));
            return;
        }
        endpoint.submit(SupervisorDesk.command(request, user, extension)).whenComplete((result, err) ->
                context.runOnContext(v -> sendReply(toReply(request.id(), result, err))));
    }

    private void onHello(Hello hello) {
        if (hello.lang() != null) {
            lang = hello.lang();
        }
        if (!acceptVersion(hello.id(), hello.version())) {
            return;
        }
        sendReply(Reply.ok(hello.id(), ProtocolCodec.VERSION));
    }

    /** Fixes the version, or replies UNSUPPORTED_VERSION (with the version spoken) and returns false. */
    private boolean acceptVersion(String id, int requested) {
        if (requested != ProtocolCodec.VERSION) {
            sendReply(new Reply(id, false, ProtocolCodec.VERSION,
                    new ErrorBody(ProtocolError.UNSUPPORTED_VERSION.name(),
                            Texts.error(lang, ProtocolError.UNSUPPORTED_VERSION.name(), null))));
            return false;
        }
        version = requested;
        return true;
    }

    private void onSetLang(SetLang request) {
        lang = request.lang();
        sendReply(Reply.ok(request.id()));
        if (phase == Phase.ACTIVE) {
            long now = System.currentTimeMillis();
            endpoint.stream(agentId).publish(this, endpoint.config(lang, agentId, now), now);
        }
    }

    // ---- login ----

    private void onLogin(Login login) {
        if (login.lang() != null) {
            lang = login.lang();
        }
        if (phase != Phase.OPEN) {
            sendReply(error(login.id(), ErrorCode.ALREADY_LOGGED_IN.name(), null));
            return;
        }
        if (login.version() != null) {
            if (!acceptVersion(login.id(), login.version())) {
                return;
            }
        } else if (version == null) {
            sendReply(error(login.id(), ProtocolError.MISSING_FIELD.name(), "version"));
            return;
        }
        String agent = login.agentId();
        if (!endpoint.limiter().allows(agent, remoteAddress)) {
            LOG.info("login of agent {} from {} refused: too many failures", agent, remoteAddress);
            sendReply(error(login.id(), ProtocolError.RATE_LIMITED.name(), null));
            return;
        }
        phase = Phase.AUTHENTICATING;
        char[] password = login.password().toCharArray();
        endpoint.vertx().executeBlocking(() -> endpoint.credentials().verify(agent, password), false)
                .onComplete(ar -> {
                    Arrays.fill(password, '\0');
                    if (phase == Phase.CLOSED) {
                        return;
                    }
                    if (ar.failed()) {
                        LOG.warn("password check of agent {} failed", agent, ar.cause());
                        loginFailed(login.id(), ProtocolError.INTERNAL_ERROR.name());
                    } else if (!ar.result()) {
                        LOG.info("login of agent {} from {}: wrong password or unknown agent", agent, remoteAddress);
                        endpoint.limiter().recordFailure(agent, remoteAddress);
                        loginFailed(login.id(), ProtocolError.AUTH_FAILED.name());
                    } else {
                        endpoint.limiter().recordSuccess(agent);
                        signIn(login);
                    }
                });
    }

    private void signIn(Login login) {
        String agent = login.agentId();
        if (endpoint.options().sessionPolicy() == SessionPolicy.REJECT && endpoint.hasOtherSession(agent, this)) {
            loginFailed(login.id(), ErrorCode.ALREADY_LOGGED_IN.name());
            return;
        }
        User u = endpoint.access().user(agent);
        // a supervisor, QA monitor or admin who is no agent of the engine gets a console session without calls
        boolean calls = endpoint.takesCalls(agent) || u.role() == Role.AGENT;
        boolean fresh = calls ? !endpoint.tracker().knownLoggedIn(agent) : endpoint.stream(agent).sessionId() == null;
        String sessionLang = lang;
        CompletableFuture<CommandResult> engineLogin = fresh && calls
                ? endpoint.submit(new AgentCommand.Login(agent, login.extension()))
                : CompletableFuture.completedFuture(CommandResult.ok());
        engineLogin.whenComplete((result, err) -> {
            // Usually the engine thread: registering here, between two engine events, means the snapshot
            // below and the events routed after it neither leave a gap nor (much) overlap.
            if (err != null || !result.isOk() && result.error() != ErrorCode.ALREADY_LOGGED_IN) {
                if (err instanceof TimeoutException && calls) {
                    // the engine may still sign the agent in; make sure someone signs them out
                    endpoint.scheduleGraceLogout(agent);
                }
                context.runOnContext(v -> loginFailed(login.id(), errorCode(result, err)));
                return;
            }
            AgentSession displaced = endpoint.register(agent, this);
            if (displaced == this) {
                context.runOnContext(v -> loginFailed(login.id(), ErrorCode.ALREADY_LOGGED_IN.name()));
                return;
            }
            if (displaced != null) {
                displaced.replaced();
            }
            long now = System.currentTimeMillis();
            AgentStream.Outcome outcome = endpoint.stream(agent).attach(this, fresh, calls, login.sessionId(),
                    login.lastSeq(), login.extension(), () -> endpoint.config(sessionLang, agent, now), now);
            // an agent resuming keeps the extension the engine has it on: that phone is also the one to spy from
            AgentTracker.View view = calls ? endpoint.tracker().view(agent) : null;
            String phone = view != null && view.state() != null && view.state().extension() != null
                    ? view.state().extension() : login.extension();
            context.runOnContext(v -> {
                user = u;
                takesCalls = calls;
                extension = phone;
                signedIn(login.id(), agent, outcome);
            });
        });
    }

    private void signedIn(String requestId, String agent, AgentStream.Outcome outcome) {
        if (phase == Phase.CLOSED) {
            // the connection dropped while the engine signed the agent in
            if (endpoint.unregister(agent, this) && takesCalls) {
                endpoint.scheduleGraceLogout(agent);
            }
            return;
        }
        phase = Phase.ACTIVE;
        agentId = agent;
        cancelLoginTimer();
        LOG.info("agent {} signed in from {} ({})", agent, remoteAddress, outcome);
        sendReply(Reply.ok(requestId, version));
        // the stream queued the replay or the snapshot on this session when it attached it
        drain();
    }

    private void loginFailed(String requestId, String code) {
        if (phase == Phase.AUTHENTICATING) {
            phase = Phase.OPEN;
        }
        sendReply(error(requestId, code, null));
    }

    private void onLogout(String requestId) {
        String agent = agentId;
        boolean console = !takesCalls;
        CompletableFuture<CommandResult> engineLogout = !console ? endpoint.submit(new AgentCommand.Logout(agent))
                : CompletableFuture.completedFuture(CommandResult.ok());
        engineLogout.whenComplete((result, err) -> {
            boolean ok = err == null && result.isOk();
            if (ok) {
                endpoint.unregister(agent, this);
                if (console) {
                    endpoint.stream(agent).end();
                }
            }
            context.runOnContext(v -> {
                sendReply(toReply(requestId, result, err));
                if (ok && phase == Phase.ACTIVE) {
                    drain();
                    phase = Phase.OPEN;
                    agentId = null;
                    user = null;
                    takesCalls = false;
                    pending.clear();
                    armLoginTimer();
                }
            });
        });
    }

    // ---- outbound ----

    private void drain() {
        if (phase != Phase.ACTIVE) {
            if (phase != Phase.AUTHENTICATING) {
                pending.clear();
            }
            return;
        }
        EventMessage e;
        while ((e = pending.poll()) != null) {
            send(e);
        }
    }

    private void sendReply(Reply reply) {
        send(reply);
    }

    private void send(ServerMessage message) {
        if (ws.isClosed()) {
            return;
        }
        if (ws.writeQueueFull()) {
            LOG.warn("closing connection of agent {} from {}: it does not read its messages", agentId, remoteAddress);
            ws.close(CLOSE_SLOW_CONSUMER, "too slow");
            return;
        }
        ws.writeTextMessage(codec.encode(message));
    }

    private Reply toReply(String id, CommandResult result, Throwable err) {
        if (err == null && result.isOk()) {
            return Reply.ok(id);
        }
        if (err == null) {
            LOG.debug("agent {}: {} ({})", agentId, result.error(), result.detail());
        }
        return error(id, errorCode(result, err), null);
    }

    private static String errorCode(CommandResult result, Throwable err) {
        if (err instanceof TimeoutException) {
            return ProtocolError.TIMEOUT.name();
        }
        if (err != null) {
            LOG.warn("engine command failed", err);
            return ProtocolError.INTERNAL_ERROR.name();
        }
        return result.error().name();
    }

    private Reply error(String id, String code, String field) {
        return Reply.error(id, new ErrorBody(code, Texts.error(lang, code, field)));
    }

    // ---- lifecycle ----

    private void onClosed() {
        Phase was = phase;
        phase = Phase.CLOSED;
        cancelLoginTimer();
        if (heartbeatTimer >= 0) {
            endpoint.vertx().cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
        pending.clear();
        endpoint.connectionClosed(this);
        if (was == Phase.ACTIVE && endpoint.unregister(agentId, this) && takesCalls) {
            LOG.info("connection of agent {} from {} closed; logout in {} unless it comes back", agentId,
                    remoteAddress, endpoint.options().logoutGrace());
            endpoint.scheduleGraceLogout(agentId);
        }
    }

    private void armLoginTimer() {
        cancelLoginTimer();
        loginTimer = endpoint.vertx().setTimer(endpoint.options().loginTimeout().toMillis(), id -> {
            loginTimer = -1;
            if (phase == Phase.OPEN) {
                ws.close(ProtocolOptions.CLOSE_LOGIN_TIMEOUT, "login timeout");
            }
        });
    }

    private void cancelLoginTimer() {
        if (loginTimer >= 0) {
            endpoint.vertx().cancelTimer(loginTimer);
            loginTimer = -1;
        }
    }
}
