package org.ctiserver.protocol.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.ctiserver.protocol.message.Decoded;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.ProtocolCodec;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * A Java client of the agent protocol, for integrators and tests. Each request method sends one
 * request and completes with the server's reply (failed replies complete normally with {@code ok=false};
 * the future fails only when the connection closes or no reply comes in time).
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
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private volatile Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;
    private volatile WebSocket socket;

    /** A client on the caller's Vert.x instance (not closed by {@link #close()}). */
    public AgentClient(Vertx vertx) {
        this(vertx, false);
    }

    private AgentClient(Vertx vertx, boolean ownsVertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.ownsVertx = ownsVertx;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
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

    /** Connects to {@code ws://host:port/ws/agent} (or wss). */
    public CompletableFuture<Void> connect(URI uri) {
        boolean secure = SECURE_SCHEME.equalsIgnoreCase(uri.getScheme());
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : secure ? HTTPS_PORT : HTTP_PORT)
                .setSsl(secure).setURI(path);
        Future<WebSocket> f = client.connect(options).onSuccess(this::attach);
        return f.<Void>mapEmpty().toCompletionStage().toCompletableFuture();
    }

    private void attach(WebSocket ws) {
        socket = ws;
        ws.textMessageHandler(this::onText);
        ws.closeHandler(v -> onClosed(new CloseStatus(ws.closeStatusCode(), ws.closeReason())));
        ws.exceptionHandler(t -> LOG.debug("agent client connection: {}", t.toString()));
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
        return send(id -> new Request.Login(id, ProtocolCodec.VERSION, agentId, password, extension, lang));
    }

    public CompletableFuture<Reply> logout() {
        return send(Request.Logout::new);
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
        notify(messageListeners, message);
        if (message instanceof EventMessage event) {
            notify(eventListeners, event);
        }
    }

    private void onClosed(CloseStatus status) {
        IllegalStateException gone = new IllegalStateException("connection closed: " + status);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        pending.clear();
        closed.complete(status);
        notify(closeListeners, status);
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
        WebSocket ws = socket;
        Future<Void> done = ws == null || ws.isClosed() ? Future.succeededFuture() : ws.close();
        done.eventually(() -> client.close()).onComplete(ar -> {
            if (ownsVertx) {
                vertx.close();
            }
        });
    }
}
