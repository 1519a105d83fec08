package org.ctiserver.server;

import org.ctiserver.server.demo.DemoCommand;
import org.ctiserver.server.routing.SimulateRoutingCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cti-server.jar <demo|run|hash-password|simulate-routing>}. */
@Command(name = "cti-server", mixinStandardHelpOptions = true, version = "cti-server 0.1.0",
        description = "CTI server for Asterisk call centers.",
        subcommands = {DemoCommand.class, RunCommand.class, HashPasswordCommand.class, SimulateRoutingCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.err);
    }
}
