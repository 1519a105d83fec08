package org.ctiserver.adapter.asterisk;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@link AmiTransport} on Netty with its own AMI codec ({@link AmiFrameDecoder}): the socket is read on one event
 * loop thread, which decodes frames, matches responses to actions by {@code ActionID} and hands events to the
 * listener in the same call — no queue, no dispatch thread, no reflection, no object per event class, so nothing
 * to overflow and nothing dropped. Events reach the listener as {@link AmiFields}, a lazily decoded, immutable map.
 *
 * <p>Same contract as {@link AsteriskJavaTransport}: MD5 challenge login, the version from {@code CoreSettings}
 * ({@code "Asterisk 22 (Asterisk Call Manager/11.0.0)"}), callbacks on the event loop, {@code null} to a callback
 * whose response was lost with the connection, {@code onDisconnected} only for a logged-in session that this side
 * did not close, and event lists for {@link #list}.
 */
final class NettyAmiTransport implements AmiTransport {
    private static final Logger log = LoggerFactory.getLogger(NettyAmiTransport.class);
    private static final AtomicLong INSTANCES = new AtomicLong();

    /** One event loop thread for every AMI connection of the process (there is normally one). */
    private static final class Loop {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("ami-netty", true), NioIoHandler.newFactory());
    }

    private final AmiSettings settings;
    private final String idPrefix = "cti" + INSTANCES.incrementAndGet() + "-";
    private final AtomicLong actionIds = new AtomicLong();
    /** Actions waiting for their Response; the consumer gets null when the connection is lost first. */
    private final Map<String, Consumer<AmiFields>> pending = new ConcurrentHashMap<>();
    private final Map<String, EventList> lists = new ConcurrentHashMap<>();
    private final CompletableFuture<String> banner = new CompletableFuture<>();
    private final AmiFields.NameCache names = new AmiFields.NameCache(); // event loop only
    private volatile Listener listener;
    private volatile Channel channel;
    private volatile AmiFrameDecoder decoder;
    private volatile boolean loggedIn;
    private volatile boolean closing;

    private final AmiInputStats stats;

    NettyAmiTransport(AmiSettings settings) {
        this(settings, new AmiInputStats());
    }

    NettyAmiTransport(AmiSettings settings, AmiInputStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public String open(Listener eventListener) throws IOException {
        this.listener = eventListener;
        int timeoutMs = AmiSettings.toMillisInt(settings.connectTimeout());
        Bootstrap b = new Bootstrap()
                .group(Loop.GROUP)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        AmiFrameDecoder d = new AmiFrameDecoder(new FrameSink(), stats);
                        decoder = d;
                        ch.pipeline().addLast("ami-decoder", d).addLast("ami-tail", new Tail());
                    }
                });
        ChannelFuture connect = b.connect(settings.host(), settings.port());
        if (!connect.awaitUninterruptibly(timeoutMs + 1_000L)) {
            connect.cancel(false);
            throw new IOException("connect to " + where() + " timed out after " + timeoutMs + " ms");
        }
        if (!connect.isSuccess()) {
            throw new IOException("connect to " + where() + " failed: " + connect.cause(), connect.cause());
        }
        channel = connect.channel();
        String protocol = await(banner, timeoutMs, "banner");
        AmiFields challenge = request(new AmiAction("Challenge", Map.of("AuthType", "MD5")), timeoutMs);
        if (!isSuccess(challenge) || challenge.get("Challenge") == null) {
            throw new IOException("Challenge refused by " + where() + ": " + message(challenge));
        }
        Map<String, String> login = new LinkedHashMap<>();
        login.put("AuthType", "MD5");
        login.put("Username", settings.username());
        login.put("Key", md5Hex(challenge.get("Challenge").trim() + settings.secret()));
        AmiFields answer = request(new AmiAction("Login", login), timeoutMs);
        if (!isSuccess(answer)) {
            throw new LoginRefusedException("login as '" + settings.username() + "' refused: " + message(answer), null);
        }
        loggedIn = true;
        String version = "Asterisk (unknown version)";
        AmiFields core = request(new AmiAction("CoreSettings", Map.of()), timeoutMs);
        if (isSuccess(core) && core.get("AsteriskVersion") != null) {
            version = describe(core.get("AsteriskVersion").trim());
        }
        if (!channel.isActive()) {
            throw new IOException("connection to " + where() + " closed during login");
        }
        return version + " (" + protocol + ")";
    }

    /** "22.11.0-rc1" → "Asterisk 22", as Asterisk-Java names it. */
    static String describe(String asteriskVersion) {
        int dot = asteriskVersion.indexOf('.');
        String major = dot > 0 ? asteriskVersion.substring(0, dot) : asteriskVersion;
        return major.chars().allMatch(Character::isDigit) && !major.isEmpty() ? "Asterisk " + major
                : "Asterisk " + asteriskVersion;
    }

    /** Only enqueues the write on the event loop (Netty's task queue is unbounded): never blocks. */
    @Override
    public boolean sendNeverBlocks() {
        return true;
    }

    @Override
    public void send(AmiAction action, Consumer<AmiResponse> callback) throws IOException {
        Channel c = activeChannel();
        String id = nextId();
        pending.put(id, frame -> callback.accept(frame == null ? null
                : new AmiResponse(isSuccess(frame), message(frame))));
        write(c, action, id).addListener(f -> {
            if (f.isSuccess()) { // on the event loop: arming the guard there costs no second wake-up
                dropIfUnanswered(c, action, id);
            }
        });
    }

    /** The adapter times actions out itself; this only keeps a response that never comes from leaking. */
    private void dropIfUnanswered(Channel c, AmiAction action, String id) {
        long dropAfter = settings.actionTimeout().toMillis() * 2 + 1_000;
        c.eventLoop().schedule(() -> {
            Consumer<AmiFields> waiting = pending.remove(id);
            if (waiting != null) {
                waiting.accept(AmiFields.of("Response", "Error", "Message",
                        "no response to " + action.name() + " within " + dropAfter + " ms"));
            }
        }, dropAfter, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<Map<String, String>> list(AmiAction action, long timeoutMs) throws IOException {
        Channel c = activeChannel();
        String id = nextId();
        EventList list = new EventList();
        lists.put(id, list);
        pending.put(id, list::response);
        try {
            write(c, action, id);
            try {
                return list.done.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!list.answered) {
                    throw new ListRefusedException(action.name() + ": no response within " + timeoutMs + " ms");
                }
                throw new IOException(action.name() + " list not complete within " + timeoutMs + " ms", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(action.name() + ": " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + action.name(), e);
            }
        } finally {
            lists.remove(id);
            pending.remove(id);
        }
    }

    @Override
    public void close() {
        closing = true;
        listener = null;
        Channel c = channel;
        if (c == null) {
            return;
        }
        try {
            if (loggedIn && c.isActive()) {
                if (c.eventLoop().inEventLoop()) {
                    write(c, new AmiAction("Logoff", Map.of()), nextId()); // cannot wait here
                } else {
                    try {
                        request(new AmiAction("Logoff", Map.of()), Math.min(2_000,
                                AmiSettings.toMillisInt(settings.connectTimeout())));
                    } catch (IOException e) {
                        log.debug("logoff: {}", e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.debug("logoff skipped: {}", e.toString());
        } finally {
            c.close();
        }
    }

    /** Decoding errors by kind, for metrics and tests. */
    Map<AmiFrameDecoder.Error, Long> decodeErrors() {
        AmiFrameDecoder d = decoder;
        return d == null ? Map.of() : d.errorCounts();
    }

    // ---- internals ----------------------------------------------------------------------------------

    private AmiFields request(AmiAction action, int timeoutMs) throws IOException {
        Channel c = channel; // also while closing: the Logoff
        if (c == null || !c.isActive()) {
            throw new IOException("not connected");
        }
        String id = nextId();
        CompletableFuture<AmiFields> answer = new CompletableFuture<>();
        pending.put(id, answer::complete);
        try {
            write(c, action, id);
            AmiFields f = await(answer, timeoutMs, action.name());
            if (f == null) {
                throw new IOException("connection to " + where() + " lost before the response to " + action.name());
            }
            return f;
        } finally {
            pending.remove(id);
        }
    }

    private <T> T await(CompletableFuture<T> future, long timeoutMs, String what) throws IOException {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no " + what + " from " + where() + " within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            throw new IOException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
    }

    private Channel activeChannel() throws IOException {
        Channel c = channel;
        if (c == null || !c.isActive() || closing) {
            throw new IOException("not connected");
        }
        return c;
    }

    private String nextId() {
        return idPrefix + actionIds.incrementAndGet();
    }

    private ChannelFuture write(Channel c, AmiAction action, String id) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("Action: ").append(clean(action.name())).append("\r\nActionID: ").append(id);
        if (!action.requestId().isEmpty()) {
            // the events the action causes (OriginateResponse) carry the engine's request id back
            sb.append('#').append(clean(action.requestId()));
        }
        sb.append("\r\n");
        action.headers().forEach((k, v) -> sb.append(clean(k)).append(": ").append(clean(v)).append("\r\n"));
        action.variables().forEach((k, v) -> sb.append("Variable: ").append(clean(k)).append('=').append(clean(v))
                .append("\r\n"));
        sb.append("\r\n");
        ByteBuf buf = ByteBufUtil.writeUtf8(c.alloc(), sb);
        ChannelFuture written = c.writeAndFlush(buf);
        written.addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("write of {} failed: {}", action.name(), f.cause().toString());
                Consumer<AmiFields> waiting = pending.remove(id);
                if (waiting != null) {
                    waiting.accept(null);
                }
                c.close();
            }
        });
        return written;
    }

    /** This transport's part of an ActionID: what comes before the {@code #<request id>} it may carry. */
    static String ownId(String actionId) {
        String id = actionId.trim();
        int hash = id.indexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }

    /** CR or LF in a value would end the header (or the action) early: never on the wire. */
    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace('\r', ' ').replace('\n', ' ');
    }

    private String where() {
        return settings.host() + ":" + settings.port();
    }

    private static boolean isSuccess(AmiFields f) {
        return f != null && f.headerCount() > 0 && f.keyIs(0, "Response")
                && (f.valueIs(0, "Success") || f.valueIs(0, "Goodbye") || f.valueIs(0, "Follows"));
    }

    private static String message(AmiFields f) {
        String m = f == null ? null : f.get("Message");
        return m == null ? "" : m.trim();
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Items of an event list, in wire form; {@code Variable: NAME=value} becomes {@code Variable(NAME)}. */
    static Map<String, String> listItem(AmiFields f) {
        Map<String, String> item = new LinkedHashMap<>();
        for (int i = 0; i < f.headerCount(); i++) {
            String key = f.key(i);
            String value = f.value(i);
            if (key.equalsIgnoreCase("Variable")) {
                int eq = value.indexOf('=');
                if (eq > 0) {
                    item.putIfAbsent("Variable(" + value.substring(0, eq) + ")", value.substring(eq + 1));
                    continue;
                }
            }
            item.putIfAbsent(key, value);
        }
        return item;
    }

    /** One list being read: its Response, then items, then the event with {@code EventList: Complete}. */
    private static final class EventList {
        final CompletableFuture<List<Map<String, String>>> done = new CompletableFuture<>();
        final List<Map<String, String>> items = new ArrayList<>(); // event loop only
        volatile boolean answered;

        void response(AmiFields f) {
            answered = true;
            if (f == null) {
                done.completeExceptionally(new IOException("connection lost while reading a list"));
            } else if (!isSuccess(f)) {
                done.completeExceptionally(new ListRefusedException(message(f)));
            }
        }

        void event(AmiFields f) {
            int i = f.indexOf("EventList");
            if (i >= 0 && f.valueIs(i, "Complete")) {
                done.complete(List.copyOf(items));
            } else {
                items.add(listItem(f));
            }
        }
    }

    /** Frames from the decoder, on the event loop. */
    private final class FrameSink implements AmiFrameDecoder.Sink {
        @Override
        public void banner(String line) {
            banner.complete(line.trim());
        }

        @Override
        public void frame(AmiFields f) {
            if (f.keyIs(0, "Event")) {
                if (!lists.isEmpty()) {
                    String id = f.get("ActionID");
                    EventList list = id == null ? null : lists.get(ownId(id));
                    if (list != null) {
                        list.event(f);
                        return;
                    }
                }
                Listener l = listener;
                if (l != null) {
                    l.onEvent(f.value(0, names), f);
                }
            } else if (f.keyIs(0, "Response")) {
                String id = f.get("ActionID");
                Consumer<AmiFields> waiting = id == null ? null : pending.remove(ownId(id));
                if (waiting != null) {
                    waiting.accept(f);
                } else {
                    log.debug("AMI response to no action waiting for it: {}", f);
                }
            } else {
                stats.count(AmiInputStats.Kind.UNKNOWN_EVENT, "frame neither event nor response: " + f);
            }
        }
    }

    /** End of the pipeline: the connection's end and its errors. */
    private final class Tail extends ChannelInboundHandlerAdapter {
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            banner.completeExceptionally(new IOException("connection closed by " + where()));
            for (String id : List.copyOf(pending.keySet())) {
                Consumer<AmiFields> waiting = pending.remove(id);
                if (waiting != null) {
                    try {
                        waiting.accept(null);
                    } catch (RuntimeException e) {
                        log.warn("response callback failed", e);
                    }
                }
            }
            for (EventList list : lists.values()) {
                list.done.completeExceptionally(new IOException("connection to " + where() + " lost"));
            }
            Listener l = listener;
            if (loggedIn && !closing && l != null) {
                listener = null;
                l.onDisconnected("connection to " + where() + " lost");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("AMI connection to {}: {}", where(), cause.toString());
            ctx.close();
        }
    }
}
