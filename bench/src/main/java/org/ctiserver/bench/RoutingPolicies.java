package org.ctiserver.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ctiserver.core.simulation.RoutingSimulator;
import org.ctiserver.core.simulation.Scenarios;
import org.ctiserver.core.simulation.SimulationReport;

/**
 * Runs the core routing simulator over every policy for the given scenarios (default {@code multiskill} and
 * {@code peak}) and prints each report's table, then one summary line per scenario and policy.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.ctiserver.bench.RoutingPolicies [--seed N] [SCENARIO...]}
 */
public final class RoutingPolicies {
    private RoutingPolicies() {
    }

    public static void main(String[] args) {
        long seed = 42;
        List<String> scenarios = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seed") && i + 1 < args.length) {
                seed = Long.parseLong(args[++i]);
            } else {
                scenarios.add(args[i]);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios = List.of("multiskill", "peak");
        }
        List<SimulationReport> reports = new ArrayList<>();
        for (String name : scenarios) {
            long start = System.nanoTime();
            SimulationReport report = RoutingSimulator.run(Scenarios.byNameOrFile(name), List.of(), seed);
            reports.add(report);
            System.out.print(report.toTable());
            System.out.printf(Locale.ROOT, "(%s: %.1f s of wall time for %d policies)%n%n", name,
                    (System.nanoTime() - start) / 1e9, report.policies().size());
        }
        System.out.printf(Locale.ROOT, "%-12s %-24s %7s %8s %8s %8s %8s %8s %7s%n", "scenario", "policy", "SL%", "ASA s",
                "p90 s", "p99 s", "max s", "aband%", "occ%");
        for (SimulationReport r : reports) {
            for (SimulationReport.PolicyResult p : r.policies()) {
                SimulationReport.Metrics m = p.total();
                System.out.printf(Locale.ROOT, "%-12s %-24s %7.1f %8.1f %8.1f %8.1f %8.1f %8.2f %7.1f%n", r.scenario(),
                        p.policy(), m.serviceLevelPercent(), m.asaSeconds(), m.p90WaitSeconds(), m.p99WaitSeconds(),
                        m.maxWaitSeconds(), m.abandonedPercent(), m.occupancyPercent());
            }
        }
    }
}
