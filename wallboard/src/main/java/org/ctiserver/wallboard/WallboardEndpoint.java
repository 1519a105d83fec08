package org.ctiserver.wallboard;

import java.util.Map;
import java.util.Objects;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import org.ctiserver.core.engine.CtiService;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.stats.StatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisors' wallboard: the page, the REST figures and the live statistics stream.
 * Statistics are read from {@link CtiService#stats()}, an immutable snapshot the engine publishes,
 * so no handler ever waits on the engine. One shared timer serializes the newest snapshot once per
 * push and writes the same bytes to every open stream, however many screens watch.
 */
public final class WallboardEndpoint {
    public static final String PAGE_PATH = "/wallboard";
    public static final String ASSETS_PATH = "/wallboard/*";
    public static final String QUEUES_PATH = "/api/queues";
    public static final String AGENTS_PATH = "/api/agents";
    public static final String STREAM_PATH = "/api/queues/stream";
    /** The SSE event name of a snapshot message. */
    public static final String STATS_EVENT = "stats";
    /** Classpath folder of the page and its assets. */
    public static final String WEBROOT = "webroot/wallboard";

    private static final Logger LOG = LoggerFactory.getLogger(WallboardEndpoint.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final long ASSET_MAX_AGE_SEC = 300;

    private final Vertx vertx;
    private final CtiService cti;
    private final WallboardOptions options;
    private final WallboardJson json = new WallboardJson();
    private final StatsBroadcaster streams = new StatsBroadcaster();
    private final Object timerLock = new Object();
    private long timerId = -1;
    private boolean closed;
    /** The last snapshot serialized and its frame: unchanged snapshots are not serialized again. */
    private volatile Cached cached;

    private record Cached(StatsSnapshot snapshot, Buffer frame) {
    }

    public WallboardEndpoint(Vertx vertx, CtiService cti) {
        this(vertx, cti, WallboardOptions.DEFAULTS);
    }

    public WallboardEndpoint(Vertx vertx, CtiService cti, WallboardOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.cti = Objects.requireNonNull(cti, "cti");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Adds the wallboard's routes to the shared router and starts the push timer. */
    public void mount(Router router) {
        router.get(PAGE_PATH).handler(ctx -> ctx.reroute(PAGE_PATH + "/index.html"));
        router.get(ASSETS_PATH).handler(StaticHandler.create(WEBROOT).setMaxAgeSeconds(ASSET_MAX_AGE_SEC));
        router.get(QUEUES_PATH).handler(ctx -> sendJson(ctx, WallboardJson.queues(stats())));
        router.get(AGENTS_PATH).handler(ctx -> sendJson(ctx, WallboardJson.agents(stats(), reasonLabels())));
        router.get(STREAM_PATH).handler(ctx -> streams.open(ctx.response(), currentFrame()));
        startTimer();
    }

    /** Stops pushing and ends every open stream. The routes stay, and new streams are refused. */
    public void close() {
        synchronized (timerLock) {
            closed = true;
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
        }
        streams.close();
    }

    /** Streams open now (for tests and diagnostics). */
    public int openStreams() {
        return streams.size();
    }

    /** Frames not sent to a client because its write queue was full. */
    public long framesSkipped() {
        return streams.framesSkipped();
    }

    private void startTimer() {
        synchronized (timerLock) {
            if (closed || timerId >= 0) {
                return;
            }
            timerId = vertx.setPeriodic(options.pushInterval().toMillis(), id -> push());
        }
    }

    private void push() {
        if (streams.isEmpty()) {
            return;
        }
        try {
            streams.broadcast(currentFrame());
        } catch (RuntimeException e) {
            // a bad snapshot must not stop the timer: the next one may be fine
            LOG.warn("wallboard push failed", e);
        }
    }

    private Buffer currentFrame() {
        StatsSnapshot snapshot = stats();
        Cached last = cached;
        if (last != null && last.snapshot() == snapshot) {
            return last.frame();
        }
        Buffer frame = StatsBroadcaster.frame(STATS_EVENT, json.toBytes(WallboardJson.snapshot(snapshot, reasonLabels())));
        cached = new Cached(snapshot, frame);
        return frame;
    }

    private StatsSnapshot stats() {
        StatsSnapshot snapshot = cti.stats();
        return snapshot == null ? StatsSnapshot.EMPTY : snapshot;
    }

    private Map<String, String> reasonLabels() {
        EngineConfig config = cti.config();
        return config == null ? Map.of() : config.notReadyReasons();
    }

    private void sendJson(RoutingContext ctx, Object view) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Buffer.buffer(json.toBytes(view)));
    }
}
