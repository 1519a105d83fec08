package org.ctiserver.wallboard;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The open Server-Sent Events streams and the writing of one frame to all of them. The timer runs on
 * a context of its own; each response is written on the context its request came in on, so that a
 * connection is only ever touched by its own event loop.
 */
final class StatsBroadcaster {
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    /** Tells EventSource how soon to reconnect after the connection drops. */
    static final int RETRY_MS = 2000;

    private static final Buffer PREAMBLE = Buffer.buffer("retry: " + RETRY_MS + "\n\n");

    /** Open streams and the context each was opened on. */
    private final Map<HttpServerResponse, Context> streams = new ConcurrentHashMap<>();
    private final AtomicLong framesSkipped = new AtomicLong();
    private volatile boolean closed;

    /** One SSE message; {@code json} must hold no line break. */
    static Buffer frame(String event, byte[] json) {
        byte[] head = ("event: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(head.length + json.length + 2).appendBytes(head).appendBytes(json).appendString("\n\n");
    }

    /**
     * Turns the response into a stream, sends {@code first} at once and registers it for later frames.
     * Called on the request's context.
     */
    void open(HttpServerResponse response, Buffer first) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("open() must run on the request's context");
        }
        if (closed) {
            response.setStatusCode(503).end();
            return;
        }
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // keeps reverse proxies (nginx) from buffering the stream
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> streams.remove(response));
        response.exceptionHandler(e -> streams.remove(response));
        streams.put(response, context);
        response.write(PREAMBLE);
        send(response, first);
        if (closed && streams.remove(response) != null) {
            response.end();
        }
    }

    /**
     * Writes the frame to every open stream. A client whose write queue is full (slow network, stalled
     * tab) misses this frame instead of piling frames up in memory; the next one carries everything anyway.
     */
    void broadcast(Buffer frame) {
        streams.forEach((response, context) -> context.runOnContext(v -> {
            if (response.closed() || response.ended()) {
                streams.remove(response);
            } else {
                send(response, frame);
            }
        }));
    }

    private void send(HttpServerResponse response, Buffer frame) {
        if (response.writeQueueFull()) {
            framesSkipped.incrementAndGet();
            return;
        }
        // one Buffer for all clients: each write takes its own slice of the same bytes
        response.write(frame);
    }

    boolean isEmpty() {
        return streams.isEmpty();
    }

    int size() {
        return streams.size();
    }

    long framesSkipped() {
        return framesSkipped.get();
    }

    /** Ends every stream and refuses new ones. */
    void close() {
        closed = true;
        streams.forEach((response, context) -> {
            if (streams.remove(response) != null) {
                context.runOnContext(v -> {
                    if (!response.closed() && !response.ended()) {
                        response.end();
                    }
                });
            }
        });
    }
}
