package org.ctiserver.protocol.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.protocol.message.Decoded;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.ProtocolCodec;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.ReplyBody;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * A Java client of the agent protocol, for integrators and tests. Each request method sends one
 * request and completes with the server's reply (failed replies complete normally with {@code ok=false};
 * the future fails only when the connection closes or no reply comes in time).
 * <p>After a successful login the client keeps the credentials in memory and, when the connection drops
 * unexpectedly (or the server stops answering its pings), reconnects with back-off and logs in again with the
 * session id and the last seq it saw: the server replays what was missed, and event listeners see every event
 * once, in order (or a {@code snapshot} when the server no longer had them). {@link #closed()} completes only
 * when the client gives up: {@link #close()}, logout, a close the protocol says not to retry (4001, 1008),
 * or a refused re-login.
 * <p>Callbacks and future completions run on a Vert.x event loop: do not block in them.
 */
public final class AgentClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentClient.class);
    private static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** Large enough for any server message; the server's own limit is on what clients send. */
    private static final int MAX_INBOUND_BYTES = 1024 * 1024;
    private static final String SECURE_SCHEME = "wss";
    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;
    private static final short CLOSE_NORMAL = 1000;
    private static final short CLOSE_DEAD_SERVER = 4004;
    /** Close codes after which reconnecting cannot help (see docs/agent-protocol.md). */
    private static final Set<Short> FINAL_CLOSES = Set.of((short) 4001, (short) 4002, (short) 1008, (short) 1009);
    /** Re-login refusals that the same credentials will meet again. */
    private static final Set<String> FINAL_REFUSALS = Set.of("AUTH_FAILED", "UNKNOWN_AGENT", "ALREADY_LOGGED_IN",
            "EXTENSION_IN_USE", "UNSUPPORTED_VERSION");

    /** What a re-login needs; held in memory only, dropped at logout or close. */
    private record Credentials(String agentId, String password, String extension, String lang) {
        @Override
        public String toString() {
            return "Credentials[" + agentId + "]";
        }
    }

    /** How the server closed the connection; {@code code} is null when the socket died without a close frame. */
    public record CloseStatus(Short code, String reason) {
    }

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final WebSocketClient client;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<EventMessage>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ServerMessage>> messageListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<CloseStatus>> closeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Reply>> resumeListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final EventSequence sequence = new EventSequence();
    private volatile Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;
    private volatile WebSocket socket;
    private volatile URI uri;
    private volatile Credentials credentials;
    private volatile boolean autoResume = true;
    private volatile boolean stopping;
    private volatile Duration backoffMin = Duration.ofMillis(250);
    private volatile Duration backoffMax = Duration.ofSeconds(10);
    private volatile long backoffMs;
    private volatile Duration heartbeatInterval = Duration.ofSeconds(15);
    private volatile Duration idleTimeout = Duration.ofSeconds(45);
    private volatile long lastHeardMs;
    private volatile long heartbeatTimer = -1;

    /** A client on the caller's Vert.x instance (not closed by {@link #close()}). */
    public AgentClient(Vertx vertx) {
        this(vertx, false);
    }

    /** A client with its own transport options (e.g. trust settings for wss); the frame limits are set here. */
    public AgentClient(Vertx vertx, WebSocketClientOptions options) {
        this(vertx, false, options);
    }

    private AgentClient(Vertx vertx, boolean ownsVertx) {
        this(vertx, ownsVertx, new WebSocketClientOptions());
    }

    private AgentClient(Vertx vertx, boolean ownsVertx, WebSocketClientOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.ownsVertx = ownsVertx;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions(options)
                .setMaxFrameSize(MAX_INBOUND_BYTES).setMaxMessageSize(MAX_INBOUND_BYTES));
    }

    /** A client with its own Vert.x instance, closed with the client. */
    public static AgentClient create() {
        return new AgentClient(Vertx.vertx(), true);
    }

    public AgentClient replyTimeout(Duration timeout) {
        this.replyTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Whether to reconnect and resume after an unexpected close (on by default). */
    public AgentClient autoResume(boolean on) {
        this.autoResume = on;
        return this;
    }

    /** The first and the longest wait between reconnection attempts (doubling in between). */
    public AgentClient resumeBackoff(Duration min, Duration max) {
        this.backoffMin = Objects.requireNonNull(min, "min");
        this.backoffMax = Objects.requireNonNull(max, "max");
        return this;
    }

    /** Pings the server every {@code interval}; a server silent for {@code idle} is taken for dead. */
    public AgentClient heartbeat(Duration interval, Duration idle) {
        this.heartbeatInterval = Objects.requireNonNull(interval, "interval");
        this.idleTimeout = Objects.requireNonNull(idle, "idle");
        return this;
    }

    /** Called with the re-login's reply each time the client resumed after a dropped connection. */
    public AgentClient onResume(Consumer<Reply> listener) {
        resumeListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Connects to {@code ws://host:port/ws/agent} (or wss). */
    public CompletableFuture<Void> connect(URI uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        return open(uri).<Void>mapEmpty().toCompletionStage().toCompletableFuture();
    }

    private Future<WebSocket> open(URI uri) {
        boolean secure = SECURE_SCHEME.equalsIgnoreCase(uri.getScheme());
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : secure ? HTTPS_PORT : HTTP_PORT)
                .setSsl(secure).setURI(path);
        return client.connect(options).onSuccess(this::attach);
    }

    private void attach(WebSocket ws) {
        socket = ws;
        lastHeardMs = System.currentTimeMillis();
        ws.textMessageHandler(text -> {
            lastHeardMs = System.currentTimeMillis();
            onText(text);
        });
        ws.pongHandler(b -> lastHeardMs = System.currentTimeMillis());
        ws.closeHandler(v -> onClosed(ws, new CloseStatus(ws.closeStatusCode(), ws.closeReason())));
        ws.exceptionHandler(t -> LOG.debug("agent client connection: {}", t.toString()));
        long every = heartbeatInterval.toMillis();
        heartbeatTimer = vertx.setPeriodic(every, every, id -> heartbeat(ws, id));
    }

    private void heartbeat(WebSocket ws, long timerId) {
        if (ws != socket) {
            vertx.cancelTimer(timerId);
            return;
        }
        if (System.currentTimeMillis() - lastHeardMs > idleTimeout.toMillis()) {
            LOG.info("the server did not answer for {}: reconnecting", idleTimeout);
            // a dead peer will not answer the close handshake either: treat the connection as gone now
            onClosed(ws, new CloseStatus(null, "server silent"));
            ws.close(CLOSE_DEAD_SERVER, "server silent");
            return;
        }
        ws.writePing(Buffer.buffer());
    }

    public boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !ws.isClosed();
    }

    // ---- requests ----

    public CompletableFuture<Reply> hello(int version, String lang) {
        return send(id -> new Request.Hello(id, version, lang));
    }

    /** Logs in speaking protocol version {@link ProtocolCodec#VERSION}; {@code lang} may be null. */
    public CompletableFuture<Reply> login(String agentId, String password, String extension, String lang) {
        return send(id -> new Request.Login(id, ProtocolCodec.VERSION, agentId, password, extension, lang))
                .thenApply(reply -> {
                    if (reply.ok()) {
                        sequence.reset();
                        credentials = new Credentials(agentId, password, extension, lang);
                    }
                    return reply;
                });
    }

    public CompletableFuture<Reply> logout() {
        return send(Request.Logout::new).thenApply(reply -> {
            if (reply.ok()) {
                credentials = null;
            }
            return reply;
        });
    }

    public CompletableFuture<Reply> ready() {
        return send(Request.Ready::new);
    }

    public CompletableFuture<Reply> notReady(String reason) {
        return send(id -> new Request.NotReady(id, reason));
    }

    public CompletableFuture<Reply> hangup() {
        return send(Request.Hangup::new);
    }

    public CompletableFuture<Reply> completeWrapUp(String disposition, String notes) {
        return completeWrapUp(disposition, notes, null);
    }

    /** With a {@code nextReason} the agent goes not ready with it instead of ready. */
    public CompletableFuture<Reply> completeWrapUp(String disposition, String notes, String nextReason) {
        return send(id -> new Request.CompleteWrapUp(id, disposition, notes, nextReason));
    }

    public CompletableFuture<Reply> setLang(String lang) {
        return send(id -> new Request.SetLang(id, lang));
    }

    public CompletableFuture<Reply> ping() {
        return send(Request.Ping::new);
    }

    // ---- call control (the session's own call) ----

    /** Answers the offered call from the toolbar (phones with remote answer). */
    public CompletableFuture<Reply> answer() {
        return send(Request.Answer::new);
    }

    public CompletableFuture<Reply> hold() {
        return send(Request.Hold::new);
    }

    public CompletableFuture<Reply> resume() {
        return send(Request.Resume::new);
    }

    /** Blind transfer to another agent. */
    public CompletableFuture<Reply> transferToAgent(String agentId) {
        return transfer(Request.TargetKind.AGENT, agentId);
    }

    /** Blind transfer to a queue (the caller waits there again, keeping the call's data). */
    public CompletableFuture<Reply> transferToQueue(String queueId) {
        return transfer(Request.TargetKind.QUEUE, queueId);
    }

    /** Blind transfer to an outside number or an extension. */
    public CompletableFuture<Reply> transferToNumber(String number) {
        return transfer(Request.TargetKind.NUMBER, number);
    }

    public CompletableFuture<Reply> transfer(Request.TargetKind kind, String target) {
        return send(id -> new Request.Transfer(id, kind, target));
    }

    /** Consultation with another agent, or (kind NUMBER) a number; queues cannot be consulted. */
    public CompletableFuture<Reply> consult(Request.TargetKind kind, String target) {
        return send(id -> new Request.Consult(id, kind, target));
    }

    public CompletableFuture<Reply> completeTransfer() {
        return send(Request.CompleteTransfer::new);
    }

    public CompletableFuture<Reply> cancelConsult() {
        return send(Request.CancelConsult::new);
    }

    public CompletableFuture<Reply> conference() {
        return send(Request.Conference::new);
    }

    public CompletableFuture<Reply> sendDtmf(String digits) {
        return send(id -> new Request.SendDtmf(id, digits));
    }

    public CompletableFuture<Reply> dial(String number) {
        return send(id -> new Request.Dial(id, number));
    }

    /** Books a callback; {@code note} may be null. */
    public CompletableFuture<Reply> scheduleCallback(String number, long dueEpochMs, String note) {
        return send(id -> new Request.ScheduleCallback(id, number, dueEpochMs, note));
    }

    /** Takes the preview call of a {@code previewOffered} event: the phone rings, then its number is dialed. */
    public CompletableFuture<Reply> acceptPreview(String previewId) {
        return send(id -> new Request.AcceptPreview(id, previewId));
    }

    /** Passes on the preview call of a {@code previewOffered} event; {@code reason} may be null. */
    public CompletableFuture<Reply> skipPreview(String previewId, String reason) {
        return send(id -> new Request.SkipPreview(id, previewId, reason));
    }

    public CompletableFuture<Reply> extendWrapUp(int seconds) {
        return send(id -> new Request.ExtendWrapUp(id, seconds));
    }

    public CompletableFuture<Reply> record(RecordingAction action) {
        return send(id -> new Request.Record(id, action));
    }

    public CompletableFuture<Reply> setCallData(String name, String value) {
        return send(id -> new Request.SetCallData(id, name, value));
    }

    // ---- supervision ----

    /** The agents of the supervisor's groups; the reply's body is a {@link ReplyBody.AgentList}. */
    public CompletableFuture<Reply> listAgents() {
        return send(Request.ListAgents::new);
    }

    /** The queues of the supervisor's agents; the reply's body is a {@link ReplyBody.QueueList}. */
    public CompletableFuture<Reply> listQueues() {
        return send(Request.ListQueues::new);
    }

    /** The agents' list itself; fails when the reply is an error (its code in the message). */
    public CompletableFuture<List<ReplyBody.AgentInfo>> agents() {
        return listAgents().thenApply(r -> body(r, ReplyBody.AgentList.class).agents());
    }

    /** The queues' list itself; fails when the reply is an error. */
    public CompletableFuture<List<ReplyBody.QueueInfo>> queues() {
        return listQueues().thenApply(r -> body(r, ReplyBody.QueueList.class).queues());
    }

    private static <T extends ReplyBody> T body(Reply r, Class<T> type) {
        if (!r.ok() || !type.isInstance(r.body())) {
            throw new IllegalStateException("refused: " + r.errorCode());
        }
        return type.cast(r.body());
    }

    public CompletableFuture<Reply> forceNotReady(String agentId, String reason) {
        return send(id -> new Request.ForceNotReady(id, agentId, reason));
    }

    public CompletableFuture<Reply> forceLogout(String agentId) {
        return send(id -> new Request.ForceLogout(id, agentId));
    }

    /** Listen, whisper or barge from the phone the supervisor logged in on. */
    public CompletableFuture<Reply> spy(String agentId, SpyMode mode) {
        return send(id -> new Request.Spy(id, agentId, mode));
    }

    public CompletableFuture<Reply> setSkills(String agentId, Map<String, Integer> skills) {
        return send(id -> new Request.SetSkills(id, agentId, skills));
    }

    /** Sends any request, built with the id this client assigns; for requests without a method here. */
    public CompletableFuture<Reply> send(Function<String, Request> withId) {
        String id = Long.toString(ids.incrementAndGet());
        Request request = withId.apply(id);
        if (!id.equals(request.id())) {
            throw new IllegalArgumentException("the request must carry the id it was given");
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        WebSocket ws = socket;
        if (ws == null || ws.isClosed()) {
            reply.completeExceptionally(new IllegalStateException("not connected"));
            return reply;
        }
        pending.put(id, reply);
        reply.orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(id));
        ws.writeTextMessage(codec.encode(request)).onFailure(reply::completeExceptionally);
        return reply;
    }

    /** Sends a raw text frame as is (for tests of malformed input); replies go to {@link #onMessage}. */
    public CompletableFuture<Void> sendText(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        return ws.writeTextMessage(text).toCompletionStage().toCompletableFuture();
    }

    // ---- listeners ----

    public AgentClient onEvent(Consumer<EventMessage> listener) {
        eventListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Events of one kind only, e.g. {@code onEvent(HoldChangedEvent.class, e -> ...)}; same order and rules. */
    public <T extends ServerEvent> AgentClient onEvent(Class<T> type, Consumer<T> listener) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(listener, "listener");
        return onEvent(m -> {
            if (type.isInstance(m.event())) {
                listener.accept(type.cast(m.event()));
            }
        });
    }

    /** Every message from the server, replies included (also those no request of this client waits for). */
    public AgentClient onMessage(Consumer<ServerMessage> listener) {
        messageListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    public AgentClient onClose(Consumer<CloseStatus> listener) {
        closeListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Completes when the connection closes, with how it closed. */
    public CompletableFuture<CloseStatus> closed() {
        return closed;
    }

    private void onText(String text) {
        Decoded<ServerMessage> decoded = codec.decodeServerMessage(text);
        if (decoded instanceof Decoded.Failed<ServerMessage> f) {
            LOG.debug("ignoring a server message the codec cannot read: {} {}", f.code(), f.detail());
            return;
        }
        ServerMessage message = ((Decoded.Ok<ServerMessage>) decoded).value();
        if (message instanceof Reply reply && reply.id() != null) {
            CompletableFuture<Reply> waiting = pending.remove(reply.id());
            if (waiting != null) {
                waiting.complete(reply);
            }
        }
        if (message instanceof EventMessage event && !sequence.accept(event)) {
            return; // already delivered before the reconnect
        }
        notify(messageListeners, message);
        if (message instanceof EventMessage event) {
            notify(eventListeners, event);
        }
    }

    private void onClosed(WebSocket ws, CloseStatus status) {
        if (ws != socket) {
            return; // an abandoned connection closing late
        }
        socket = null;
        vertx.cancelTimer(heartbeatTimer);
        IllegalStateException gone = new IllegalStateException("connection closed: " + status);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        pending.clear();
        notify(closeListeners, status);
        boolean retry = autoResume && !stopping && credentials != null
                && (status.code() == null || !FINAL_CLOSES.contains(status.code()));
        if (retry) {
            backoffMs = backoffMin.toMillis();
            scheduleResume();
        } else {
            closed.complete(status);
        }
    }

    private void scheduleResume() {
        long delay = backoffMs;
        backoffMs = Math.min(backoffMax.toMillis(), Math.max(1, delay * 2));
        vertx.setTimer(Math.max(1, delay), id -> {
            if (stopping || credentials == null) {
                closed.complete(new CloseStatus(null, "stopped"));
                return;
            }
            open(uri).onSuccess(ws -> relogin()).onFailure(err -> {
                LOG.debug("reconnecting failed: {}", err.toString());
                scheduleResume();
            });
        });
    }

    private void relogin() {
        Credentials c = credentials;
        if (c == null) {
            return;
        }
        send(id -> new Request.Login(id, ProtocolCodec.VERSION, c.agentId(), c.password(), c.extension(), c.lang(),
                sequence.sessionId(), sequence.lastSeq())).whenComplete((reply, err) -> {
                    WebSocket ws = socket;
                    if (err != null) {
                        LOG.debug("re-login failed: {}", err.toString());
                        if (ws != null) {
                            ws.close();
                        }
                    } else if (reply.ok()) {
                        LOG.info("agent {} resumed", c.agentId());
                        notify(resumeListeners, reply);
                    } else {
                        LOG.warn("re-login of agent {} refused: {}", c.agentId(), reply.errorCode());
                        if (FINAL_REFUSALS.contains(reply.errorCode())) {
                            credentials = null;
                        }
                        if (ws != null) {
                            ws.close();
                        }
                    }
                });
    }

    private static <T> void notify(List<Consumer<T>> listeners, T value) {
        for (Consumer<T> l : listeners) {
            try {
                l.accept(value);
            } catch (RuntimeException e) {
                LOG.warn("agent client listener failed", e);
            }
        }
    }

    /** Closes the connection (and the Vert.x instance when the client made it). */
    @Override
    public void close() {
        stopping = true;
        credentials = null;
        WebSocket ws = socket;
        Future<Void> done = ws == null || ws.isClosed() ? Future.succeededFuture() : ws.close(CLOSE_NORMAL);
        done.eventually(() -> client.close()).onComplete(ar -> {
            if (ownsVertx) {
                vertx.close();
            }
        });
    }
}
