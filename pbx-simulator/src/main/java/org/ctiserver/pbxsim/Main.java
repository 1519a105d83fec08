package org.ctiserver.pbxsim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code java -jar pbx-simulator.jar --port 5038 ...}: runs the simulator until the process is stopped. */
public final class Main {
    static {
        // the library jar must not carry a logback.xml (it would clash with the embedding application's)
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "pbx-simulator-logback.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        try {
            config = CommandLine.parse(args);
        } catch (CommandLine.HelpRequested e) {
            System.out.println(CommandLine.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("pbx-simulator: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        PbxSimulator sim = PbxSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pbx-sim-stats");
            t.setDaemon(true);
            return t;
        });
        stats.scheduleAtFixedRate(() -> logStats(sim), 60, 60, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            stats.shutdownNow();
            sim.close();
            stopped.countDown();
        }, "pbx-sim-shutdown"));
        stopped.await();
    }

    private static void logStats(PbxSimulator sim) {
        SimulatorLedger l = sim.ledger();
        l.queues().values().forEach(q -> LOG.info("queue {}: offered {}, answered {}, abandoned {}, cleared {}",
                q.queue(), q.offered(), q.answered(), q.abandoned(), q.cleared()));
        LOG.info("{} calls in progress, {} AMI clients, {} events sent", l.activeCalls().size(),
                sim.connectionCount(), l.eventsEmitted());
    }
}
