package org.ctiserver.server.demo;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.time.SystemClock;
import org.ctiserver.pbxsim.PbxSimulator;
import org.ctiserver.server.CtiServer;
import org.ctiserver.server.config.ResolvedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The demo: everything in one process, in memory, with a simulated Asterisk and simulated agents. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a demo call center: in-memory state, a simulated Asterisk in-process, simulated agents.")
public final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--seed", defaultValue = "20261124", description = "seed of the simulated traffic")
    long seed;

    @Option(names = "--load", defaultValue = "1.0", description = "traffic factor: 2 doubles every arrival rate")
    double load;

    @Override
    public Integer call() throws InterruptedException {
        ResolvedConfig base = DemoSite.config();
        PbxSimulator pbx = PbxSimulator.start(DemoSite.simulator(base, seed, load));
        ResolvedConfig config = base.withHttpPort(httpPort)
                .withAmi(base.ami().at("127.0.0.1", pbx.port()));
        CtiServer server;
        try {
            server = CtiServer.start(config, SystemClock.INSTANCE);
        } catch (RuntimeException e) {
            pbx.close();
            LOG.error("the demo could not start: {}", e.getMessage());
            return 1;
        }
        DemoAgentBots bots = new DemoAgentBots(server.engine(), DemoSite.botExtensions(config),
                DemoAgentBots.Behaviour.DEMO, seed).start();
        startTrafficOnceConnected(server, pbx);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bots.close();
            server.close();
            pbx.close();
            stopped.countDown();
        }, "demo-shutdown"));
        LOG.info(banner(server.httpPort(), pbx.port(), config));
        stopped.await();
        return 0;
    }

    /** Opens the doors when the AMI link is up, so that no caller arrives before the CTI can see it. */
    private static void startTrafficOnceConnected(CtiServer server, PbxSimulator pbx) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.adapter().isLinkUp() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!server.adapter().isLinkUp()) {
            LOG.warn("the CTI server did not connect to the simulated PBX within 30 s; starting the callers anyway");
        }
        pbx.resumeTraffic();
    }

    private static String banner(int http, int ami, ResolvedConfig config) {
        StringBuilder sb = new StringBuilder("\n\n  CTI server demo is running (simulated Asterisk AMI on 127.0.0.1:").append(ami).append(")\n\n")
                .append("  Wallboard / 监控大屏:   http://localhost:").append(http).append("/wallboard\n")
                .append("  Agent toolbar / 座席工具条: http://localhost:").append(http).append("/agent\n")
                .append("  Queue figures (JSON):  http://localhost:").append(http).append("/api/queues\n\n")
                .append("  Agents left for you / 体验座席 (password / 密码: ").append(DemoSite.HUMAN_PASSWORD).append("):\n");
        for (AgentProfile a : config.engine().agents()) {
            if (DemoSite.isHuman(a.id())) {
                sb.append("    agent id / 工号 ").append(a.id()).append("   extension / 分机 ")
                        .append(DemoSite.extensionOf(a.id())).append("   (").append(a.name()).append(")\n");
            }
        }
        config.access().users().values().stream()
                .filter(u -> u.role() == org.ctiserver.protocol.access.Role.SUPERVISOR
                        && config.engine().agents().stream().noneMatch(a -> a.id().equals(u.id())))
                .forEach(u -> sb.append("    supervisor / 班长 ").append(u.id()).append("   (").append(u.name())
                        .append(", any extension / 任意分机; groups / 班组 ").append(u.groups()).append(")\n"));
        return sb.append("\n  Stop with Ctrl+C.\n").toString();
    }
}
