package org.ctiserver.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.time.SystemClock;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.PbxSimulator;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.protocol.auth.PasswordHasher;
import org.ctiserver.server.CtiServer;
import org.ctiserver.server.config.ResolvedConfig;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The server side of {@link AgentSessionsBenchmark}, run in its own JVM so that its heap holds only the server: the
 * PBX simulator, a {@link CtiServer} connected to it over AMI, and a bare Vert.x WebSocket echo server (its own Vert.x
 * instance) for the baseline. Driven over standard input, one command a line, each answered by one line on standard
 * output: {@code gc} (heap used after collecting), {@code traffic on|off}, {@code stats}, {@code cpu} (CPU per thread
 * since the last call), {@code hiccups} (see {@link Hiccups}, since the last call), {@code quit}.
 *
 * <p>Agents {@code a00000..}: the first {@code callAgents} serve queue {@code sales} and have a simulated phone
 * (rings {@code 1 s}, talks {@code 4 s}, the agent hangs up; wrap-up 2 s, timed); the others serve no queue (they are
 * offered no call: their queue {@code backoffice} gets none) and only change state. Every agent's password is {@link #PASSWORD}, hashed once with
 * {@code hashIterations} PBKDF2 iterations (the iteration count is part of each stored hash, see
 * {@link PasswordHasher}).
 *
 * <p>Arguments: {@code agents callAgents callsPerSecond hashIterations transport}.
 */
public final class AgentSessionsServer {
    static final String PASSWORD = "bench-secret-1";
    static final String QUEUE = "sales";
    static final String IDLE_QUEUE = "backoffice";
    private static volatile boolean quitting;

    private AgentSessionsServer() {
    }

    public static void main(String[] args) throws Exception {
        int agents = Integer.parseInt(args[0]);
        int callAgents = Integer.parseInt(args[1]);
        double callsPerSecond = Double.parseDouble(args[2]);
        int iterations = Integer.parseInt(args[3]);
        String transport = args[4];

        String hash = new PasswordHasher(iterations).hash(PASSWORD.toCharArray());
        Map<String, String> hashes = new HashMap<>();
        List<AgentProfile> profiles = new ArrayList<>(agents);
        for (int i = 0; i < agents; i++) {
            String id = RouteLatencyBenchmark.agentId(i);
            hashes.put(id, hash);
            // an empty set would mean every queue: the others serve a queue no call reaches
            profiles.add(new AgentProfile(id, "Agent " + i, Map.of(), Set.of(i < callAgents ? QUEUE : IDLE_QUEUE)));
        }
        QueueConfig queue = new QueueConfig(QUEUE, "Sales", SkillRequirement.NONE, 0, Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(2));
        QueueConfig idle = new QueueConfig(IDLE_QUEUE, "Back office", SkillRequirement.NONE, 0, Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(2));
        EngineConfig engine = new EngineConfig(List.of(queue, idle), profiles, Map.of("break", "Break"),
                Map.of("done", "Done"), Duration.ofSeconds(30), Duration.ofSeconds(1));

        SimulatorConfig.Builder sim = SimulatorConfig.builder()
                .host("127.0.0.1").port(0).user("bench", "bench-ami").seed(42).timeScale(1)
                .trafficPaused(true).agentDialContext("agentdial").agentDialTimeoutSeconds(15)
                .routePointMaxWaitSeconds(600)
                .callType(SimulatorConfig.CallType.of("bench", QUEUE).withRate(callsPerSecond * 60).withPatience(600));
        List<SimulatorConfig.Phone> phones = new ArrayList<>(callAgents);
        for (int i = 0; i < callAgents; i++) {
            phones.add(new SimulatorConfig.Phone(RouteLatencyBenchmark.extensionOf(i), Distribution.fixed(1), 0,
                    Distribution.fixed(4), false, true));
        }
        sim.phones(phones);
        PbxSimulator pbx = PbxSimulator.start(sim.build());

        ResolvedConfig config = new ResolvedConfig("bench", ZoneOffset.UTC, "127.0.0.1", 0, List.of(),
                new ResolvedConfig.AmiEndpoint("127.0.0.1", pbx.port(), "bench", "bench-ami", "agentdial", transport,
                        org.ctiserver.adapter.asterisk.AmiContexts.DEFAULTS),
                engine, hashes);
        CtiServer server = CtiServer.start(config, SystemClock.INSTANCE);
        RouteLatencyBenchmark.awaitTrue(server.adapter()::isLinkUp, Duration.ofSeconds(30), "AMI link to the simulator");

        watchLink(server);
        Vertx echoVertx = Vertx.vertx();
        HttpServer echo = echoVertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
                .listen().toCompletionStage().toCompletableFuture().get();

        ThreadCpu cpu = new ThreadCpu();
        Hiccups hiccups = new Hiccups();
        System.out.println("PORTS " + server.httpPort() + " " + echo.actualPort());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.trim()) {
                case "gc" -> System.out.println("HEAP " + heapAfterGc());
                case "traffic on" -> {
                    pbx.resumeTraffic();
                    System.out.println("OK");
                }
                case "traffic off" -> {
                    pbx.pauseTraffic();
                    System.out.println("OK");
                }
                case "cpu" -> System.out.println("CPU server JVM " + ThreadCpu.format(cpu.since(), 10));
                case "hiccups" -> System.out.println("HICCUPS server JVM " + hiccups.since());
                case "stats" -> {
                    long offered = 0;
                    long answered = 0;
                    long abandoned = 0;
                    for (SimulatorLedger.QueueTally t : pbx.ledger().queues().values()) {
                        offered += t.offered();
                        answered += t.answered();
                        abandoned += t.abandoned();
                    }
                    System.out.println(String.format(Locale.ROOT, "STATS calls offered %,d, answered %,d, abandoned %,d;"
                                    + " engine backlog %d, events dropped %d, AMI commands failed %d; AMI link ups %d",
                            offered, answered, abandoned, server.engine().backlog(), server.engine().droppedEventCount(),
                            server.adapter().failedCommandCount(), server.adapter().linkUpCount()));
                }
                case "quit" -> {
                    quitting = true;
                    echo.close();
                    echoVertx.close();
                    server.close();
                    pbx.close();
                    System.out.println("BYE");
                    System.exit(0);
                }
                default -> System.out.println("ERR unknown command " + line);
            }
        }
        System.exit(0);
    }

    /** Prints a line whenever the AMI link goes down or comes back (the reason is in the adapter's log). */
    private static void watchLink(CtiServer server) {
        Thread t = new Thread(() -> {
            boolean up = true;
            long downAt = 0;
            while (!quitting) {
                boolean now = server.adapter().isLinkUp();
                if (now != up) {
                    up = now;
                    if (!now) {
                        downAt = System.currentTimeMillis();
                        System.out.println("AMI link DOWN at " + java.time.Instant.ofEpochMilli(downAt));
                    } else {
                        System.out.println("AMI link up again after " + (System.currentTimeMillis() - downAt) + " ms");
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-link-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Heap used after full collections, once it stops falling. */
    static long heapAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
