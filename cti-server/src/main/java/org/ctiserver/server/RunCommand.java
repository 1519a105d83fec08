package org.ctiserver.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.ctiserver.core.time.SystemClock;
import org.ctiserver.server.config.ConfigException;
import org.ctiserver.server.config.ConfigLoader;
import org.ctiserver.server.config.ResolvedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the server against a real Asterisk, as the configuration file says. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run against the Asterisk named in the configuration.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", required = true, description = "the YAML configuration file")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ResolvedConfig resolved;
        try {
            resolved = ConfigLoader.load(config);
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        }
        CtiServer server = CtiServer.start(resolved, SystemClock.INSTANCE);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "cti-shutdown"));
        LOG.info("wallboard: http://localhost:{}/wallboard  toolbar: http://localhost:{}/agent", server.httpPort(), server.httpPort());
        stopped.await();
        return 0;
    }
}
