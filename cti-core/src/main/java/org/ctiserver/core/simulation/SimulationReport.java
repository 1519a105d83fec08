package org.ctiserver.core.simulation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@link RoutingSimulator#run}: per policy, totals and per call type; beside them the
 * Erlang C / Erlang A figures when the scenario is single-skill with Poisson arrivals and exponential handling.
 */
public record SimulationReport(String scenario, long seed, double durationSeconds, double warmupSeconds,
                               double serviceLevelSeconds, int agents, List<PolicyResult> policies,
                               ErlangFigures erlang) {
    /**
     * JSON schema version; bumped on any incompatible change (documented in docs/routing.md). Fields added at
     * the end of an object are compatible.
     */
    public static final int SCHEMA_VERSION = 1;

    public SimulationReport {
        policies = List.copyOf(policies);
    }

    /**
     * Figures of calls that arrived in the measured window. Percentages 0..100, times in seconds.
     *
     * @param serviceLevelPercent answered within the threshold / offered
     * @param occupancyPercent    busy (offered, talking, wrap-up) / staffed agent time in the window; NaN per type
     * @param p99WaitSeconds      99th percentile of the wait of answered calls: the tail a call order may trade
     *                            for service level
     * @param maxWaitSeconds      the longest wait of an answered call
     */
    public record Metrics(long offered, long answered, long abandoned, double abandonedPercent,
                          double serviceLevelPercent, double asaSeconds, double p90WaitSeconds,
                          double occupancyPercent, double p99WaitSeconds, double maxWaitSeconds) {
    }

    public record PolicyResult(String policy, String description, Metrics total, Map<String, Metrics> byCallType) {
        public PolicyResult {
            byCallType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byCallType));
        }
    }

    /** Analytic figures for the same load; NaN where the model gives none (Erlang C has no abandonment). */
    public record ErlangFigures(String model, double lambdaPerSecond, double muPerSecond, double thetaPerSecond,
                                int agents, double serviceLevelPercent, double asaSeconds, double abandonedPercent,
                                double occupancyPercent) {
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "scenario %s  seed %d  %d agents  measured %.0f-%.0f s  SL threshold %.0f s%n",
                scenario, seed, agents, warmupSeconds, durationSeconds, serviceLevelSeconds));
        String header = String.format(Locale.ROOT, "%-24s %-14s %8s %8s %8s %7s %7s %8s %8s %8s %8s %7s%n", "policy",
                "call type", "offered", "answered", "abandon", "aband%", "SL%", "ASA s", "p90 s", "p99 s", "max s", "occ%");
        sb.append(header);
        sb.append("-".repeat(header.length() - 1)).append('\n');
        for (PolicyResult p : policies) {
            row(sb, p.policy(), "(all)", p.total());
            for (Map.Entry<String, Metrics> e : p.byCallType().entrySet()) {
                if (p.byCallType().size() > 1) {
                    row(sb, "", e.getKey(), e.getValue());
                }
            }
        }
        if (erlang != null) {
            sb.append(String.format(Locale.ROOT, "%-24s %-14s %8s %8s %8s %7s %7s %8s %8s %8s %8s %7s%n", erlang.model(),
                    "(analytic)", "", "", "", fmt(erlang.abandonedPercent(), 2), fmt(erlang.serviceLevelPercent(), 1),
                    fmt(erlang.asaSeconds(), 1), "", "", "", fmt(erlang.occupancyPercent(), 1)));
            sb.append(String.format(Locale.ROOT, "  (λ=%.5f/s, μ=%.5f/s, θ=%s, n=%d)%n", erlang.lambdaPerSecond(),
                    erlang.muPerSecond(), Double.isNaN(erlang.thetaPerSecond()) ? "-" : fmt(erlang.thetaPerSecond(), 5),
                    erlang.agents()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String policy, String type, Metrics m) {
        sb.append(String.format(Locale.ROOT, "%-24s %-14s %8d %8d %8d %7s %7s %8s %8s %8s %8s %7s%n", policy, type,
                m.offered(), m.answered(), m.abandoned(), fmt(m.abandonedPercent(), 2), fmt(m.serviceLevelPercent(), 1),
                fmt(m.asaSeconds(), 1), fmt(m.p90WaitSeconds(), 1), fmt(m.p99WaitSeconds(), 1),
                fmt(m.maxWaitSeconds(), 1), fmt(m.occupancyPercent(), 1)));
    }

    private static String fmt(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Stable JSON (fixed field order, 4 decimals, NaN as null); schema in docs/routing.md. */
    public String toJson() {
        JsonWriter w = new JsonWriter().beginObject()
                .field("schema", SCHEMA_VERSION)
                .field("scenario", scenario)
                .field("seed", seed)
                .field("durationSeconds", durationSeconds)
                .field("warmupSeconds", warmupSeconds)
                .field("serviceLevelSeconds", serviceLevelSeconds)
                .field("agents", agents);
        w.name("policies").beginArray();
        for (PolicyResult p : policies) {
            w.beginObject().field("policy", p.policy()).field("description", p.description());
            w.name("total");
            metrics(w, p.total());
            w.name("byCallType").beginObject();
            for (Map.Entry<String, Metrics> e : p.byCallType().entrySet()) {
                w.name(e.getKey());
                metrics(w, e.getValue());
            }
            w.endObject().endObject();
        }
        w.endArray();
        w.name("erlang");
        if (erlang == null) {
            w.value((String) null);
        } else {
            w.beginObject().field("model", erlang.model()).field("lambdaPerSecond", erlang.lambdaPerSecond())
                    .field("muPerSecond", erlang.muPerSecond()).field("thetaPerSecond", erlang.thetaPerSecond())
                    .field("agents", erlang.agents()).field("serviceLevelPercent", erlang.serviceLevelPercent())
                    .field("asaSeconds", erlang.asaSeconds()).field("abandonedPercent", erlang.abandonedPercent())
                    .field("occupancyPercent", erlang.occupancyPercent()).endObject();
        }
        return w.endObject().toString();
    }

    private static void metrics(JsonWriter w, Metrics m) {
        w.beginObject().field("offered", m.offered()).field("answered", m.answered()).field("abandoned", m.abandoned())
                .field("abandonedPercent", m.abandonedPercent()).field("serviceLevelPercent", m.serviceLevelPercent())
                .field("asaSeconds", m.asaSeconds()).field("p90WaitSeconds", m.p90WaitSeconds())
                .field("occupancyPercent", m.occupancyPercent()).field("p99WaitSeconds", m.p99WaitSeconds())
                .field("maxWaitSeconds", m.maxWaitSeconds()).endObject();
    }
}
