package org.ctiserver.wallboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a Server-Sent Events stream with java.net.http on a thread of its own. */
final class SseClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingQueue<JsonNode> stats = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;
    private volatile Exception failure;

    SseClient(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(5)).build();
        response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        String event = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && WallboardEndpoint.STATS_EVENT.equals(event)) {
                    stats.add(MAPPER.readTree(line.substring(6)));
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the stream was cut: the test sees it through ended() and failure()
            failure = e;
        } finally {
            ended.countDown();
        }
    }

    HttpResponse<?> response() {
        return response;
    }

    /** The next stats message, or null after the timeout. */
    JsonNode next(Duration timeout) throws InterruptedException {
        return stats.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why reading stopped early, or null. */
    Exception failure() {
        return failure;
    }

    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
