package org.ctiserver.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.ctiserver.protocol.ProtocolOptions;
import org.ctiserver.protocol.auth.PasswordHasher;
import org.ctiserver.protocol.message.ProtocolCodec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Agent sessions: {@code --sessions} concurrent WebSocket toolbar sessions (real Vert.x WebSocket clients, in this JVM)
 * on one {@link org.ctiserver.server.CtiServer} (in a child JVM, {@link AgentSessionsServer}) connected over AMI to the
 * PBX simulator offering {@code --rate} calls per second. Measured in one run:
 * <ol>
 *   <li><b>baseline</b>: the same number of connections to a bare Vert.x WebSocket echo server in the server's JVM, the
 *       same request text at the same rate: request → echo time;</li>
 *   <li><b>heap per idle session</b>: the server's heap after full collections with every session logged in and idle,
 *       minus the heap before the first login, divided by the number of sessions;</li>
 *   <li><b>load</b>: the first {@code --call-agents} agents go READY and take the simulator's calls; every session sends
 *       one request every {@code --request-interval-s} seconds on average (paced on a fixed schedule, round robin):
 *       call agents {@code ping} (answered by the endpoint), the others toggle {@code ready}/{@code notReady} (answered
 *       by the engine): request → reply time; and for every engine event a session receives, receipt time −
 *       the event's {@code atMs}/{@code sinceMs} (same machine, same wall clock; millisecond resolution). Beside it,
 *       an echo probe ({@value #PROBE_CONNECTIONS} connections to the echo server, {@value #PROBE_PER_SECOND}
 *       requests/s) measures what the loaded machine and server JVM cost any request at the same moment.</li>
 * </ol>
 * Logins: every agent's stored hash has {@code --hash-iterations} PBKDF2 iterations (a site choice: the count is part
 * of each hash); the cost of one check at the product's default is measured and printed, to scale the login phase.
 * The login rate limiter counts failed logins only (per agent and per remote address), so 5,000 good logins from one
 * address pass; logins are sent {@code --login-concurrency} at a time so that none waits past the login timeout.
 *
 * <pre>java -Xmx1g -cp bench/target/benchmarks.jar org.ctiserver.bench.AgentSessionsBenchmark [--sessions 5000]
 *      [--call-agents 2000] [--rate 200] [--request-interval-s 10] [--warmup 15] [--seconds 45]
 *      [--hash-iterations 1000] [--transport netty] [--server-heap 2g]</pre>
 */
public final class AgentSessionsBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The echo probe that runs beside the load: the machine's and the server JVM's noise at the same moment. */
    static final int PROBE_CONNECTIONS = 500;
    static final int PROBE_PER_SECOND = 50;

    private final Options o;
    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client;
    private final Map<String, Long> pendingNs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Histogram echoNs = histogram();
    private final Histogram echoLoadNs = histogram();
    private final Histogram pingNs = histogram();
    private final Histogram toggleNs = histogram();
    private final Histogram eventMs = new Histogram(60_000, 3);
    private final Map<String, AtomicLong> eventsByName = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> transitions = new ConcurrentHashMap<>();
    private final java.util.Set<String> offeredCalls = ConcurrentHashMap.newKeySet();
    private final AtomicLong errorReplies = new AtomicLong();
    private final AtomicLong closedSessions = new AtomicLong();
    private final Hiccups hiccups = new Hiccups();
    private volatile long recordFromNs = Long.MAX_VALUE;
    private volatile long recordFromMs = Long.MAX_VALUE;
    private volatile long recordUntilMs = Long.MAX_VALUE;

    record Options(int sessions, int callAgents, double rate, double requestIntervalS, int warmupS, int seconds,
                   int hashIterations, String transport, String serverHeap, int loginConcurrency) {
    }

    private AgentSessionsBenchmark(Options o) {
        this.o = o;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(4 * o.sessions())
                .setTcpNoDelay(true).setConnectTimeout(60_000));
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    public static void main(String[] args) throws Exception {
        int sessions = 5_000;
        int callAgents = 2_000;
        double rate = 200;
        double interval = 10;
        int warmup = 15;
        int seconds = 45;
        int iterations = 1_000;
        String transport = "netty";
        String heap = "2g";
        int loginConcurrency = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                case "--call-agents" -> callAgents = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--request-interval-s" -> interval = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--hash-iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--transport" -> transport = args[++i];
                case "--server-heap" -> heap = args[++i];
                case "--login-concurrency" -> loginConcurrency = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (callAgents > sessions) {
            throw new IllegalArgumentException("--call-agents must not exceed --sessions");
        }
        Options o = new Options(sessions, callAgents, rate, interval, warmup, seconds, iterations, transport, heap,
                loginConcurrency);
        System.out.printf(Locale.ROOT, "agent sessions: %,d sessions (%,d take calls), %.0f calls/s from the PBX simulator"
                        + " (AMI transport %s), one request per session every %.1f s (%.0f requests/s), warm-up %d s,"
                        + " measured %d s; %d cores; %s %s%n", sessions, callAgents, rate, transport, interval,
                sessions / interval, warmup, seconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        int code;
        try (ServerProcess server = ServerProcess.start(o)) {
            code = new AgentSessionsBenchmark(o).run(server);
        }
        System.exit(code);
    }

    private int run(ServerProcess server) throws Exception {
        long t0 = System.nanoTime();
        new PasswordHasher(1).verify(AgentSessionsServer.PASSWORD.toCharArray(),
                new PasswordHasher(1).hash(AgentSessionsServer.PASSWORD.toCharArray())); // load the JCE
        String stored = new PasswordHasher().hash("x".toCharArray());
        long h0 = System.nanoTime();
        new PasswordHasher().verify("x".toCharArray(), stored);
        double defaultCheckMs = (System.nanoTime() - h0) / 1e6;
        System.out.printf(Locale.ROOT, "one password check at the default %,d iterations: %.0f ms here (this run's hashes:"
                + " %,d iterations)%n", PasswordHasher.DEFAULT_ITERATIONS, defaultCheckMs, o.hashIterations());

        // 1. baseline: bare echo
        List<WebSocket> echo = connectAll(server.echoPort, null, o.sessions());
        System.out.printf(Locale.ROOT, "baseline: %,d connections to the echo server open%n", echo.size());
        load(echo, true);
        System.out.println(Latencies.line("echo", echoNs, 1_000, "µs (request -> echo)"));
        closeAll(echo);
        Thread.sleep(2_000);

        // 2. heap per idle session
        long before = server.heap();
        long loginStart = System.nanoTime();
        List<WebSocket> sessions = connectAll(server.httpPort, "login", o.sessions());
        double loginS = (System.nanoTime() - loginStart) / 1e9;
        System.out.printf(Locale.ROOT, "%,d sessions logged in in %.1f s (%.0f logins/s, %d in flight)%n", sessions.size(),
                loginS, sessions.size() / loginS, o.loginConcurrency());
        Thread.sleep(5_000);
        long after = server.heap();
        double perSession = (double) (after - before) / sessions.size();
        System.out.printf(Locale.ROOT, "server heap after GC: %,d bytes before login, %,d with %,d idle sessions:"
                        + " %,.0f bytes (%.1f KB) per idle session (goal < 20 KB: %s)%n", before, after, sessions.size(),
                perSession, perSession / 1024, perSession < 20 * 1024 ? "met" : "NOT met");

        // 3. load: calls and requests
        List<CompletableFuture<Void>> readies = new ArrayList<>();
        for (int i = 0; i < o.callAgents(); i++) {
            readies.add(request(sessions.get(i), "{\"type\":\"ready\",\"id\":\"" + "x" + ids.incrementAndGet() + "\"}"));
        }
        CompletableFuture.allOf(readies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<WebSocket> probe = connectAll(server.echoPort, null, PROBE_CONNECTIONS);
        server.command("cpu"); // zero the per-thread CPU counters and the hiccups
        server.command("hiccups");
        hiccups.since();
        System.out.println(server.command("traffic on"));
        Thread prober = new Thread(() -> probe(probe), "echo-probe");
        prober.setDaemon(true);
        prober.start();
        load(sessions, false);
        prober.join();
        closeAll(probe);
        System.out.println(server.command("traffic off"));
        System.out.println(server.command("stats"));
        System.out.println(Latencies.line("ping", pingNs, 1_000, "µs (request -> reply, endpoint)"));
        System.out.println(Latencies.line("ready/notReady", toggleNs, 1_000, "µs (request -> reply, engine)"));
        Histogram all = pingNs.copy();
        all.add(toggleNs);
        System.out.println(Latencies.line("all requests", all, 1_000, "µs"));
        System.out.println(Latencies.line("events", eventMs, 1, "ms (engine atMs -> client receipt)"));
        System.out.println(Latencies.line("echo under load", echoLoadNs, 1_000, "µs (the echo server in the server JVM,"
                + " " + PROBE_CONNECTIONS + " connections, " + PROBE_PER_SECOND + " requests/s, during the load)"));
        System.out.println("events received in the window by name: " + new java.util.TreeMap<>(eventsByName)
                + "; error replies " + errorReplies.get() + "; sessions closed by the server during the run "
                + closedSessions.get());
        System.out.println("agent state changes in the window: " + new java.util.TreeMap<>(transitions)
                + "; distinct calls offered " + offeredCalls.size());
        System.out.println(server.command("cpu"));
        System.out.println(server.command("hiccups"));
        System.out.println("HICCUPS driver JVM " + hiccups.since());
        double replyP99 = all.getValueAtPercentile(99) / 1e6;
        double eventP99 = eventMs.getValueAtPercentile(99);
        System.out.println();
        System.out.println("summary (µs)          count      p50      p90      p99    p99.9      max");
        System.out.println(Latencies.row("echo (baseline)", echoNs, 1_000));
        System.out.println(Latencies.row("echo under load", echoLoadNs, 1_000));
        System.out.println(Latencies.row("ping", pingNs, 1_000));
        System.out.println(Latencies.row("ready/notReady", toggleNs, 1_000));
        System.out.println(Latencies.row("all requests", all, 1_000));
        System.out.println("                   (ms)");
        System.out.println(Latencies.row("events", eventMs, 1));
        System.out.printf(Locale.ROOT, "reply p99 %.2f ms (goal < 5 ms: %s; %.1fx the echo baseline's p99, %.1fx the p99 of"
                        + " the echo under load); event p99 %.0f ms (goal < 10 ms: %s); heap %.1f KB per idle session"
                        + " (goal < 20 KB: %s)%n", replyP99,
                replyP99 < 5 ? "met" : "NOT met", (double) all.getValueAtPercentile(99) / echoNs.getValueAtPercentile(99),
                (double) all.getValueAtPercentile(99) / Math.max(1, echoLoadNs.getValueAtPercentile(99)),
                eventP99, eventP99 < 10 ? "met" : "NOT met", perSession / 1024, perSession < 20 * 1024 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "wall time %.0f s%n", (System.nanoTime() - t0) / 1e9);
        closeAll(sessions);
        vertx.close();
        return 0;
    }

    // ---- connections ----------------------------------------------------------------------------------------

    /** Opens {@code n} connections, {@code login != null}: each logs its agent in; returns them in agent order. */
    private List<WebSocket> connectAll(int port, String login, int n) throws Exception {
        WebSocket[] out = new WebSocket[n];
        Semaphore inFlight = new Semaphore(o.loginConcurrency());
        List<CompletableFuture<Void>> done = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            int index = i;
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                            .setURI(login == null ? "/" : ProtocolOptions.WEBSOCKET_PATH))
                    .onFailure(f::completeExceptionally)
                    .onSuccess(ws -> {
                        out[index] = ws;
                        ws.textMessageHandler(text -> onText(text, login == null));
                        if (login != null) {
                            ws.closeHandler(v -> closedSessions.incrementAndGet());
                        }
                        if (login == null) {
                            f.complete(null);
                            return;
                        }
                        String id = "L" + index;
                        request(ws, "{\"type\":\"login\",\"id\":\"" + id + "\",\"version\":" + ProtocolCodec.VERSION
                                + ",\"agentId\":\"" + RouteLatencyBenchmark.agentId(index) + "\",\"password\":\""
                                + AgentSessionsServer.PASSWORD + "\",\"extension\":\""
                                + RouteLatencyBenchmark.extensionOf(index) + "\",\"lang\":\"en\"}", id)
                                .whenComplete((v, e) -> {
                                    if (e != null) {
                                        f.completeExceptionally(e);
                                    } else {
                                        f.complete(null);
                                    }
                                });
                    });
            f.whenComplete((v, e) -> inFlight.release());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return List.of(out);
    }

    private static void closeAll(List<WebSocket> sockets) throws Exception {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (WebSocket ws : sockets) {
            closing.add(ws.close().toCompletionStage().toCompletableFuture());
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    private final Map<String, CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();

    private CompletableFuture<Void> request(WebSocket ws, String text) {
        String id = text.substring(text.indexOf("\"id\":\"") + 6, text.indexOf('"', text.indexOf("\"id\":\"") + 6));
        return request(ws, text, id);
    }

    /** Sends a request whose reply completes the future (exceptionally when not ok). */
    private CompletableFuture<Void> request(WebSocket ws, String text, String id) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        awaited.put(id, f);
        ws.writeTextMessage(text);
        return f;
    }

    /**
     * The load phase: one request per connection every {@code requestIntervalS} on average, on a fixed schedule (a late
     * sender catches up, so stalls show in the latencies rather than thinning the load); warm-up, then recording.
     */
    private void load(List<WebSocket> sockets, boolean echo) throws InterruptedException {
        int n = sockets.size();
        long periodNs = (long) (o.requestIntervalS() * 1e9 / n);
        boolean[] ready = new boolean[n];
        long start = System.nanoTime();
        long warmEnd = start + TimeUnit.SECONDS.toNanos(o.warmupS());
        long end = warmEnd + TimeUnit.SECONDS.toNanos(o.seconds());
        recordFromNs = warmEnd;
        recordFromMs = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(o.warmupS());
        recordUntilMs = recordFromMs + TimeUnit.SECONDS.toMillis(o.seconds());
        long next = start;
        int i = 0;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            WebSocket ws = sockets.get(i);
            String text;
            if (echo) {
                text = "{\"type\":\"ping\",\"id\":\"e" + ids.incrementAndGet() + "\"}";
            } else if (i < o.callAgents()) {
                text = "{\"type\":\"ping\",\"id\":\"p" + ids.incrementAndGet() + "\"}";
            } else {
                ready[i] = !ready[i];
                text = ready[i] ? "{\"type\":\"ready\",\"id\":\"t" + ids.incrementAndGet() + "\"}"
                        : "{\"type\":\"notReady\",\"id\":\"t" + ids.incrementAndGet() + "\",\"reason\":\"break\"}";
            }
            int q = text.indexOf("\"id\":\"") + 6;
            pendingNs.put(text.substring(q, text.indexOf('"', q)), System.nanoTime());
            ws.writeTextMessage(text);
            i = (i + 1) % n;
            next += periodNs;
        }
        // the last replies
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!pendingNs.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        recordFromNs = Long.MAX_VALUE;
        recordFromMs = Long.MAX_VALUE;
        if (!pendingNs.isEmpty()) {
            System.out.printf(Locale.ROOT, "%,d requests without a reply after 5 s%n", pendingNs.size());
            pendingNs.clear();
        }
    }

    /** Echo requests on a fixed schedule while {@link #load} runs (it sets the recording window first). */
    private void probe(List<WebSocket> sockets) {
        long periodNs = 1_000_000_000L / PROBE_PER_SECOND;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.warmupS() + o.seconds());
        long next = System.nanoTime();
        int i = 0;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            String id = "q" + ids.incrementAndGet();
            pendingNs.put(id, System.nanoTime());
            sockets.get(i).writeTextMessage("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
            i = (i + 1) % sockets.size();
            next += periodNs;
        }
    }

    /** On a Vert.x event loop of this JVM. */
    private void onText(String text, boolean echo) {
        long nowNs = System.nanoTime();
        long nowMs = System.currentTimeMillis();
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            System.out.println("unreadable message: " + text);
            return;
        }
        String type = n.path("type").asText();
        if (echo || "reply".equals(type)) {
            String id = n.path("id").asText();
            Long sent = pendingNs.remove(id);
            if (sent != null && sent >= recordFromNs) {
                Histogram h = echo ? (id.startsWith("q") ? echoLoadNs : echoNs) : id.startsWith("p") ? pingNs : toggleNs;
                synchronized (h) {
                    h.recordValue(Math.min(nowNs - sent, h.getHighestTrackableValue()));
                }
            }
            if (!echo && !n.path("ok").asBoolean()) {
                if (!id.startsWith("t")) {
                    System.out.println("error reply: " + text);
                }
                errorReplies.incrementAndGet();
            }
            CompletableFuture<Void> f = awaited.remove(id);
            if (f != null) {
                if (n.path("ok").asBoolean() || echo) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(new IllegalStateException(text));
                }
            }
            return;
        }
        if (!"event".equals(type) || n.path("seq").asLong() == 0) {
            return;
        }
        String name = n.path("event").asText();
        long at = n.has("atMs") ? n.path("atMs").asLong()
                : "agentState".equals(name) && n.has("previous") ? n.path("sinceMs").asLong() : 0;
        if (at < recordFromMs || at >= recordUntilMs) {
            return; // warm-up, a snapshot or a replay
        }
        eventsByName.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        if ("agentState".equals(name)) {
            transitions.computeIfAbsent(n.path("previous").asText() + ">" + n.path("state").asText(),
                    k -> new AtomicLong()).incrementAndGet();
        } else if ("callOffered".equals(name)) {
            offeredCalls.add(n.path("callId").asText());
        }
        synchronized (eventMs) {
            eventMs.recordValue(Math.max(0, Math.min(nowMs - at, eventMs.getHighestTrackableValue())));
        }
    }

    // ---- the server's JVM ---------------------------------------------------------------------------------------

    /** {@link AgentSessionsServer} in a child JVM, with the same class path; commands over its standard input. */
    static final class ServerProcess implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final PrintWriter in;
        final int httpPort;
        final int echoPort;

        private ServerProcess(Process process, BufferedReader out, PrintWriter in, int httpPort, int echoPort) {
            this.process = process;
            this.out = out;
            this.in = in;
            this.httpPort = httpPort;
            this.echoPort = echoPort;
        }

        static ServerProcess start(Options o) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xms" + o.serverHeap(), "-Xmx" + o.serverHeap(),
                    "-cp", System.getProperty("java.class.path"), AgentSessionsServer.class.getName(),
                    Integer.toString(o.sessions()), Integer.toString(o.callAgents()), Double.toString(o.rate()),
                    Integer.toString(o.hashIterations()), o.transport());
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PORTS ")) {
                    String[] parts = line.split(" ");
                    System.out.println("server JVM up (pid " + p.pid() + ", heap " + o.serverHeap() + ")");
                    return new ServerProcess(p, out, in, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                }
                System.out.println("server: " + line);
            }
            throw new IOException("the server JVM ended before it listened (exit " + p.exitValue() + ")");
        }

        synchronized String command(String command) throws IOException {
            in.println(command);
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("HEAP ") || line.startsWith("OK") || line.startsWith("STATS ") || line.startsWith("CPU ") || line.startsWith("HICCUPS ")
                        || line.startsWith("BYE") || line.startsWith("ERR")) {
                    return line;
                }
                System.out.println("server: " + line);
            }
            throw new IOException("the server JVM ended");
        }

        long heap() throws IOException {
            return Long.parseLong(command("gc").substring(5));
        }

        @Override
        public void close() throws IOException {
            try {
                command("quit");
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // gone already
            } finally {
                if (process.isAlive()) {
                    process.destroy();
                }
            }
        }
    }
}
