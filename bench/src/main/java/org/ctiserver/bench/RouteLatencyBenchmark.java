package org.ctiserver.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.ctiserver.adapter.asterisk.AmiSettings;
import org.ctiserver.adapter.asterisk.AsteriskAdapter;
import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.engine.EngineRunner;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxPort;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.time.SystemClock;

/**
 * Route-to-action latency over AMI: from the moment the PBX side writes the {@code UserEvent CtiCallWaiting} that makes
 * a call routable to the moment it has read the {@code Redirect} that routes it, measured by a {@link ScriptedAmiPeer}
 * on loopback TCP (one clock, one process). In between: the adapter's AMI transport and translator, the engine's input
 * queue, the routing decision among the READY agents, the adapter's action thread and the transport's write.
 *
 * <p>The real server pieces ({@link EngineRunner} + {@link AsteriskAdapter}, wired as {@code CtiServer} wires them) run
 * against the peer with {@code --agents} agents logged in and READY in one queue; the peer offers {@code --rate} new
 * calls per second, answers every Redirect, rings the agent for {@code --ring-ms}, lets it talk {@code --talk-ms} and
 * hangs up; the queue's timed wrap-up ({@code --wrap-up-s}) brings the agent back to READY. One run measures, one after
 * the other and each with a fresh engine, adapter and peer:
 * <ul>
 *   <li>{@code baseline}: the same peer and rate with a bare AMI client that answers each CtiCallWaiting with a Redirect
 *       straight from its socket reader: loopback TCP, the peer's own write and read, no CTI;</li>
 *   <li>{@code netty} and {@code asterisk-java}: the two {@link AmiSettings.Transport}s.</li>
 * </ul>
 * Calls of the first {@code --warmup} seconds are not recorded.
 *
 * <pre>java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar org.ctiserver.bench.RouteLatencyBenchmark \
 *      [--rate 200] [--agents 2000] [--warmup 10] [--seconds 30] [--ring-ms 1000] [--talk-ms 4000] [--wrap-up-s 2] \
 *      [--runs baseline,netty,asterisk-java] [--rounds 1]</pre>
 * With more than one round the runs are interleaved round by round and their latencies pooled. For the CTI runs an
 * engine listener also notes when the engine decided (its {@code CallOffered}, emitted with the {@code RouteToAgent}
 * command), which splits each latency into inbound (AMI read, translation, the engine's queue, the decision) and
 * outbound (the adapter's action thread, the write, the peer's read).
 */
public final class RouteLatencyBenchmark {
    static final String QUEUE = "sales";

    private final double rate;
    private final int agents;
    private final int warmupS;
    private final int seconds;
    private final long ringMs;
    private final long talkMs;
    private final int wrapUpS;
    private final Map<String, Histogram> splits = new LinkedHashMap<>();
    private final Map<String, long[]> cpuPerCall = new LinkedHashMap<>();
    private final Hiccups hiccups = new Hiccups();

    private RouteLatencyBenchmark(double rate, int agents, int warmupS, int seconds, long ringMs, long talkMs, int wrapUpS) {
        this.rate = rate;
        this.agents = agents;
        this.warmupS = warmupS;
        this.seconds = seconds;
        this.ringMs = ringMs;
        this.talkMs = talkMs;
        this.wrapUpS = wrapUpS;
    }

    public static void main(String[] args) throws Exception {
        double rate = 200;
        int agents = 2_000;
        int warmup = 10;
        int seconds = 30;
        long ringMs = 1_000;
        long talkMs = 4_000;
        int wrapUp = 2;
        List<String> runs = List.of("baseline", "netty", "asterisk-java");
        int rounds = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--ring-ms" -> ringMs = Long.parseLong(args[++i]);
                case "--talk-ms" -> talkMs = Long.parseLong(args[++i]);
                case "--wrap-up-s" -> wrapUp = Integer.parseInt(args[++i]);
                case "--runs" -> runs = List.of(args[++i].split(","));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        double busyShare = rate * (ringMs + talkMs + wrapUp * 1000.0) / 1000.0 / agents;
        System.out.printf(Locale.ROOT, "route-to-action latency: %.0f calls/s, %,d agents READY at start, ring %d ms, talk %d ms,"
                        + " wrap-up %d s (about %.0f%% of the agents busy at steady state), warm-up %d s, measured %d s;"
                        + " %d cores; %s %s%n", rate, agents, ringMs, talkMs, wrapUp, 100 * busyShare, warmup, seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        if (busyShare >= 0.95) {
            throw new IllegalArgumentException("the agents cannot keep up with this rate: calls would queue");
        }
        RouteLatencyBenchmark bench = new RouteLatencyBenchmark(rate, agents, warmup, seconds, ringMs, talkMs, wrapUp);
        // rounds interleave the runs, so that a noisy minute of the shared machine does not hit one of them only
        Map<String, Histogram> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) {
                System.out.println("round " + round);
            }
            for (String run : runs) {
                Histogram h = run.equals("baseline") ? bench.baseline()
                        : bench.cti(AmiSettings.Transport.fromConfigName(run));
                results.merge(run, h, RouteLatencyBenchmark::pool);
                System.gc();
                Thread.sleep(1_000);
            }
        }
        System.out.println();
        System.out.println("summary (µs)          count      p50      p90      p99    p99.9      max"
                + (rounds > 1 ? "   (all " + rounds + " rounds)" : ""));
        for (Map.Entry<String, Histogram> e : results.entrySet()) {
            System.out.println(Latencies.row(e.getKey(), e.getValue(), 1_000));
        }
        for (Map.Entry<String, Histogram> e : bench.splits.entrySet()) {
            System.out.println(Latencies.row("  " + e.getKey(), e.getValue(), 1_000));
        }
        bench.cpuPerCall.forEach((run, v) -> System.out.printf(Locale.ROOT, "%s: %.0f µs CPU per routed call (%s threads)%n",
                run, v[0] / 1e3 / Math.max(1, v[1]), run.equals("baseline") ? "the bare client's" : "the CTI's"));
        Histogram base = results.get("baseline");
        for (Map.Entry<String, Histogram> e : results.entrySet()) {
            if (e.getKey().equals("baseline")) {
                continue;
            }
            Histogram h = e.getValue();
            double p99 = h.getValueAtPercentile(99) / 1e6;
            System.out.printf(Locale.ROOT, "%s: p99 %.3f ms (goal < 2 ms: %s)%s%n", e.getKey(), p99,
                    p99 < 2 ? "met" : "NOT met", base == null ? "" : String.format(Locale.ROOT,
                            "; p50 %.1fx, p99 %.1fx the baseline's", (double) h.getValueAtPercentile(50)
                                    / base.getValueAtPercentile(50), (double) h.getValueAtPercentile(99)
                                    / base.getValueAtPercentile(99)));
        }
        System.exit(0);
    }

    // ---- baseline: the peer and a bare client ----------------------------------------------------------

    private Histogram baseline() throws Exception {
        try (ScriptedAmiPeer peer = new ScriptedAmiPeer(ringMs, talkMs);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), peer.port())) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write("Action: Login\r\nActionID: 1\r\nUsername: bench\r\nSecret: bench\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread reader = new Thread(() -> bareClient(s, out), "bare-client");
            reader.setDaemon(true);
            reader.start();
            awaitTrue(peer::connected, Duration.ofSeconds(10), "bare client login");
            return measure("baseline", peer, () -> "");
        }
    }

    /** Reads frames; answers each CtiCallWaiting with a Redirect at once, from the reader thread. */
    private static void bareClient(Socket s, OutputStream out) {
        try {
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            StringBuilder line = new StringBuilder();
            Map<String, String> frame = new HashMap<>();
            long ids = 2;
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\r') {
                    continue;
                }
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                if (line.length() > 0) {
                    int colon = line.indexOf(":");
                    if (colon > 0) {
                        frame.put(line.substring(0, colon), line.substring(colon + 1).trim());
                    }
                    line.setLength(0);
                    continue;
                }
                if ("CtiCallWaiting".equals(frame.get("UserEvent"))) {
                    String action = "Action: Redirect\r\nActionID: " + ids++ + "\r\nChannel: " + frame.get("Channel")
                            + "\r\nContext: agentdial\r\nExten: 1000\r\nPriority: 1\r\n\r\n";
                    out.write(action.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                frame.clear();
            }
        } catch (IOException e) {
            // closed
        }
    }

    // ---- the CTI in the loop -------------------------------------------------------------------------------

    private Histogram cti(AmiSettings.Transport transport) throws Exception {
        String name = transport.configName();
        try (ScriptedAmiPeer peer = new ScriptedAmiPeer(ringMs, talkMs)) {
            AtomicReference<PbxPort> pbx = new AtomicReference<>(PbxPort.NONE);
            EngineRunner engine = new EngineRunner(engineConfig(agents, wrapUpS), (PbxCommand c) -> pbx.get().execute(c),
                    new InMemoryStateStore(), SystemClock.INSTANCE).start();
            AsteriskAdapter adapter = new AsteriskAdapter(AmiSettings.of("127.0.0.1", peer.port(), "bench", "bench")
                    .withTransport(transport), engine);
            pbx.set(adapter);
            // on the engine thread, at the routing decision (the RouteToAgent command leaves in the same input)
            engine.addListener(e -> {
                if (e instanceof CtiEvent.CallOffered offered) {
                    peer.decided(offered.callId(), System.nanoTime());
                }
            });
            try {
                adapter.start();
                awaitTrue(adapter::isLinkUp, Duration.ofSeconds(30), name + " AMI login");
                signIn(engine, agents);
                Histogram h = measure(name, peer, () -> {
                    long ready = engine.stats().agents().stream().filter(a -> a.state() == AgentState.READY).count();
                    return String.format(Locale.ROOT, "; engine backlog %d, events dropped %d (adapter %d), commands"
                                    + " failed %d, READY agents %,d", engine.backlog(), engine.droppedEventCount(),
                            adapter.droppedEventCount(), adapter.failedCommandCount(), ready);
                });
                return h;
            } finally {
                adapter.close();
                engine.close();
            }
        }
    }

    /** Runs the calls, prints one line of figures; returns the latencies in ns. */
    private Histogram measure(String name, ScriptedAmiPeer peer, java.util.function.Supplier<String> extra)
            throws InterruptedException {
        long start = System.nanoTime();
        peer.startCalls(rate, start + TimeUnit.SECONDS.toNanos(warmupS));
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmupS));
        ThreadCpu cpu = new ThreadCpu();
        hiccups.since();
        long routedBefore = peer.redirects();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        Map<String, Long> used = cpu.since();
        long routedInWindow = peer.redirects() - routedBefore;
        peer.stopCalls();
        // the last calls' Redirects
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (peer.waiting() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Histogram h = peer.latency();
        System.out.println(Latencies.line(name, h, 1_000, "µs") + String.format(Locale.ROOT,
                "; calls %,d, routed %,d, never routed %,d, unknown Redirects %d%s", peer.callsSent(), peer.redirects(),
                peer.waiting(), peer.unknownRedirects(), extra.get()));
        long ctiNs = used.entrySet().stream().filter(e -> isCtiThread(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        long peerNs = used.entrySet().stream().filter(e -> e.getKey().startsWith("peer-") || e.getKey().startsWith("bare-"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf(Locale.ROOT, "  cpu           %.0f µs per routed call on the %s threads, %.0f µs on the peer's (%,d calls"
                        + " in the window); %s%n", ctiNs / 1e3 / Math.max(1, routedInWindow),
                name.equals("baseline") ? "bare client's" : "CTI's", peerNs / 1e3 / Math.max(1, routedInWindow),
                routedInWindow, ThreadCpu.format(used, 8));
        cpuPerCall.merge(name, new long[] {ctiNs, routedInWindow}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        System.out.println("  " + hiccups.since());
        if (peer.inbound().getTotalCount() > 0) {
            System.out.println(Latencies.line("  in", peer.inbound(), 1_000, "µs: UserEvent written -> engine decides"));
            System.out.println(Latencies.line("  out", peer.outbound(), 1_000, "µs: engine decides -> Redirect read"));
            splits.merge(name + " in", peer.inbound(), RouteLatencyBenchmark::pool);
            splits.merge(name + " out", peer.outbound(), RouteLatencyBenchmark::pool);
        }
        return h;
    }

    /** Threads of the system under test: everything but the peer, the bare client and the JVM's own. */
    private static boolean isCtiThread(String group) {
        return !group.isEmpty() && !group.startsWith("peer-") && !group.startsWith("bench-") && !group.equals("main") && !group.equals("Reference Handler")
                && !group.equals("Finalizer") && !group.equals("Signal Dispatcher") && !group.startsWith("Common-Cleaner")
                && !group.equals("Notification Thread") && !group.startsWith("Attach");
    }

    private static Histogram pool(Histogram a, Histogram b) {
        a.add(b);
        return a;
    }

    static EngineConfig engineConfig(int agents, int wrapUpS) {
        List<AgentProfile> profiles = new ArrayList<>(agents);
        for (int i = 0; i < agents; i++) {
            profiles.add(new AgentProfile(agentId(i), "Agent " + i, Map.of(), Set.of(QUEUE)));
        }
        QueueConfig queue = new QueueConfig(QUEUE, "Sales", SkillRequirement.NONE, 0, Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(wrapUpS));
        return new EngineConfig(List.of(queue), profiles, Map.of("break", "Break"), Map.of("done", "Done"),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    static String agentId(int i) {
        return String.format(Locale.ROOT, "a%05d", i);
    }

    static String extensionOf(int i) {
        return Integer.toString(20_000 + i);
    }

    /** Logs every agent in on its extension and makes it READY, straight through the engine's service API. */
    static void signIn(EngineRunner engine, int agents) throws Exception {
        List<CompletableFuture<CommandResult>> results = new ArrayList<>(agents);
        for (int i = 0; i < agents; i++) {
            results.add(engine.submit(new AgentCommand.Login(agentId(i), extensionOf(i))).toCompletableFuture());
            results.add(engine.submit(new AgentCommand.Ready(agentId(i))).toCompletableFuture());
        }
        for (CompletableFuture<CommandResult> r : results) {
            CommandResult result = r.get(30, TimeUnit.SECONDS);
            if (!result.isOk()) {
                throw new IllegalStateException("sign-in failed: " + result);
            }
        }
        awaitTrue(() -> engine.stats().agents().stream().map(AgentSnapshot::state).filter(AgentState.READY::equals)
                .count() == agents, Duration.ofSeconds(10), "agents READY in the statistics");
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
