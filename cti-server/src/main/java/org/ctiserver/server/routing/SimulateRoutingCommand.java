package org.ctiserver.server.routing;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.ctiserver.core.simulation.Policies;
import org.ctiserver.core.simulation.RoutingSimulator;
import org.ctiserver.core.simulation.Scenario;
import org.ctiserver.core.simulation.Scenarios;
import org.ctiserver.core.simulation.SimulationReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replays a scenario or trace through the routing policies on the real engine and prints the comparison. */
@Command(name = "simulate-routing", mixinStandardHelpOptions = true,
        description = "Compare routing policies on a built-in scenario (erlang-c, erlang-a, multiskill, peak) or a trace file.")
public final class SimulateRoutingCommand implements Callable<Integer> {
    public enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "NAME_OR_FILE",
            description = "built-in scenario name or trace file (arrival_seconds,call_type,handle_seconds,patience_seconds[,tier])")
    String scenario;

    @Option(names = "--policy", paramLabel = "P", description = "policy to run (repeatable; default: all of them)")
    List<String> policies = List.of();

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String p : policies) {
            if (!Policies.names().contains(p)) {
                err.println("unknown policy '" + p + "' (known: " + String.join(", ", Policies.names()) + ")");
                return 2;
            }
        }
        Scenario s;
        try {
            s = Scenarios.byNameOrFile(scenario);
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            return 2;
        }
        SimulationReport report = RoutingSimulator.run(s, policies, seed);
        // the report is the command's output
        out.print(format == Format.json ? report.toJson() : report.toTable());
        if (format == Format.json) {
            out.println();
        }
        out.flush();
        return 0;
    }
}
