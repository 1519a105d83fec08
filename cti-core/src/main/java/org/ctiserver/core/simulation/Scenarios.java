package org.ctiserver.core.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.ctiserver.core.routing.RoutingTarget;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.routing.expr.Requirement;

/** Built-in scenarios by name, and trace files (format in docs/routing.md). */
public final class Scenarios {
    private static final Map<String, Supplier<Scenario>> BUILT_IN;

    static {
        Map<String, Supplier<Scenario>> m = new LinkedHashMap<>();
        // about 200,000 calls: the sample mean of the wait converges slowly (busy periods correlate waits)
        m.put("erlang-c", () -> erlangC(10, 7.0 / 180, 180, 1430 * 3600.0, 3600));
        m.put("erlang-a", () -> erlangA(10, 11.0 / 180, 180, 120, 101 * 3600.0, 3600));
        m.put("multiskill", Scenarios::multiskill);
        m.put("peak", Scenarios::peak);
        BUILT_IN = Collections.unmodifiableMap(m);
    }

    private Scenarios() {
    }

    public static Set<String> names() {
        return BUILT_IN.keySet();
    }

    /** A built-in scenario by name, else a trace file by path. */
    public static Scenario byNameOrFile(String nameOrFile) {
        Supplier<Scenario> s = BUILT_IN.get(nameOrFile);
        if (s != null) {
            return s.get();
        }
        Path p = Path.of(nameOrFile);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no built-in scenario '" + nameOrFile + "' (known: " + names()
                    + ") and no such file");
        }
        try {
            return fromTrace(p.getFileName().toString(), Files.readAllLines(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** One queue, one skill, Poisson arrivals, exponential handling, callers who never leave. */
    public static Scenario erlangC(int agents, double lambda, double meanHandle, double duration, double warmup) {
        CallType t = new CallType("sales", "sales", List.of(RoutingTarget.last("sales")), 1, meanHandle, 0, 0, 0);
        return new Scenario("erlang-c", "M/M/" + agents + ": compare with Erlang C", List.of(t),
                List.of(new AgentGroup("agent", agents, Map.of("sales", 5))), RateProfile.constant(lambda), List.of(),
                duration, warmup, 20, 0);
    }

    /** As {@link #erlangC} with exponential patience: compare with Erlang A. */
    public static Scenario erlangA(int agents, double lambda, double meanHandle, double meanPatience, double duration,
                                   double warmup) {
        CallType t = new CallType("sales", "sales", List.of(RoutingTarget.last("sales")), 1, meanHandle, 0,
                meanPatience, 0);
        return new Scenario("erlang-a", "M/M/" + agents + "+M: compare with Erlang A", List.of(t),
                List.of(new AgentGroup("agent", agents, Map.of("sales", 5))), RateProfile.constant(lambda), List.of(),
                duration, warmup, 20, 0);
    }

    /**
     * Three languages by two products; 60 agents with one or two languages and one or two products at mixed
     * levels (drawn once from a fixed seed); 10% VIP callers; lognormal talk times; 15 s wrap-up. The ladder
     * (5 s for the best, 10 s for the good, then anyone with both skills) reaches its last step before the 20 s
     * service-level threshold, as a ladder serving an 80/20 goal must (docs/routing.md).
     */
    public static Scenario multiskill() {
        String[] langs = {"zh", "en", "ja"};
        double[] langShare = {0.6, 0.3, 0.1};
        String[] products = {"billing", "tech"};
        double[] productShare = {0.55, 0.45};
        double[] handle = {240, 360};
        List<CallType> types = new ArrayList<>();
        for (int l = 0; l < langs.length; l++) {
            for (int p = 0; p < products.length; p++) {
                String lang = "lang." + langs[l];
                String prod = products[p];
                types.add(new CallType(langs[l] + "-" + prod, prod, List.of(
                        RoutingTarget.of(lang + " >= 4 && " + prod + " >= 6", java.time.Duration.ofSeconds(5)),
                        RoutingTarget.of(lang + " >= 3 && " + prod + " >= 3", java.time.Duration.ofSeconds(10)),
                        RoutingTarget.last(lang + " && " + prod)),
                        langShare[l] * productShare[p], handle[p], 0.8, 180, 0.1));
            }
        }
        SplittableRandom r = new SplittableRandom(42);
        List<AgentGroup> agents = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, Integer> skills = new LinkedHashMap<>();
            // language pools roughly follow demand; some agents are bilingual (zh + en or zh + ja)
            String lang = i < 34 ? "zh" : i < 52 ? "en" : "ja";
            skills.put("lang." + lang, 3 + r.nextInt(8) % 8);
            if (i % 5 == 0 && !lang.equals("zh")) {
                skills.put("lang.zh", 2 + r.nextInt(6));
            } else if (i % 7 == 0 && lang.equals("zh")) {
                skills.put(i % 2 == 0 ? "lang.en" : "lang.ja", 2 + r.nextInt(5));
            }
            String first = products[i % 2];
            skills.put(first, 2 + r.nextInt(9));
            if (i % 3 == 0) {
                skills.put(products[(i + 1) % 2], 1 + r.nextInt(6));
            }
            skills.replaceAll((k, v) -> Math.min(10, v));
            agents.add(new AgentGroup(String.format("a%02d", i), 1, skills));
        }
        // offered load about 88% of the staff
        double meanHandle = 0.55 * 240 + 0.45 * 360 + 15;
        double lambda = 0.88 * 60 / meanHandle;
        return new Scenario("multiskill", "3 languages x 2 products, 60 agents with 1-3 skills, 10% VIP",
                types, agents, RateProfile.constant(lambda), List.of(), 6 * 3600, 1800, 20, 15);
    }

    /**
     * Two products; arrivals rise to 1.5x the staffed capacity for 30 minutes, then fall back. The first step
     * (level 5) holds 10 s, half the service-level threshold.
     */
    public static Scenario peak() {
        List<CallType> types = List.of(
                new CallType("sales", "sales", List.of(RoutingTarget.of("sales >= 5", java.time.Duration.ofSeconds(10)),
                        RoutingTarget.last("sales")), 0.5, 240, 0.6, 120, 0.1),
                new CallType("service", "service", List.of(RoutingTarget.of("service >= 5", java.time.Duration.ofSeconds(10)),
                        RoutingTarget.last("service")), 0.5, 240, 0.6, 120, 0.1));
        List<AgentGroup> agents = List.of(
                new AgentGroup("sales", 18, Map.of("sales", 7, "service", 2)),
                new AgentGroup("service", 18, Map.of("service", 7, "sales", 2)),
                new AgentGroup("blend", 14, Map.of("sales", 5, "service", 5)));
        double capacity = 50.0 / 240;
        RateProfile rate = new RateProfile(List.of(new double[] {0, 0.75 * capacity}, new double[] {3600, 0.75 * capacity},
                new double[] {4500, 1.5 * capacity}, new double[] {6300, 1.5 * capacity}, new double[] {7200, 0.75 * capacity}));
        return new Scenario("peak", "rises to 1.5x staffed load for 30 min at 75-105 min, then falls", types, agents,
                rate, List.of(), 3 * 3600, 1800, 20, 0);
    }

    /**
     * A trace: {@code arrival_seconds,call_type,handle_seconds,patience_seconds[,tier]} per line; a first line
     * that is not numeric is a header; {@code #} starts a comment. Directives (comments):
     * {@code # agents COUNT skill:level,...}, {@code # type NAME EXPRESSION}, {@code # sl SECONDS},
     * {@code # wrapup SECONDS}. Without {@code # type} a type's requirement is the skill of its name; without
     * {@code # agents}, agents with every type's skill at level 5 are staffed for 80% in 20 s (Erlang C).
     */
    public static Scenario fromTrace(String name, List<String> lines) {
        List<TraceCall> calls = new ArrayList<>();
        Map<String, String> typeExpr = new LinkedHashMap<>();
        List<AgentGroup> agents = new ArrayList<>();
        double sl = 20;
        double wrapUp = 0;
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] d = line.substring(1).strip().split("\\s+", 3);
                try {
                    switch (d[0].toLowerCase(Locale.ROOT)) {
                        case "agents" -> agents.add(new AgentGroup("g" + agents.size(), Integer.parseInt(d[1]),
                                SkillRequirement.parse(d.length > 2 ? d[2] : "").minLevels()));
                        case "type" -> typeExpr.put(d[1], Requirement.parse(d[2]).toString());
                        case "sl" -> sl = Double.parseDouble(d[1]);
                        case "wrapup" -> wrapUp = Double.parseDouble(d[1]);
                        default -> { }
                    }
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": bad directive: " + e.getMessage(), e);
                }
                continue;
            }
            String[] f = line.split(",");
            if (calls.isEmpty() && !f[0].strip().matches("[0-9.eE+-]+")) {
                continue; // header
            }
            if (f.length < 4) {
                throw new IllegalArgumentException(name + ":" + lineNo
                        + ": expected arrival_seconds,call_type,handle_seconds,patience_seconds[,tier]");
            }
            try {
                String patience = f[3].strip();
                double pat = patience.isEmpty() || patience.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY
                        : Double.parseDouble(patience);
                calls.add(new TraceCall(Double.parseDouble(f[0].strip()), f[1].strip(), Double.parseDouble(f[2].strip()),
                        pat, f.length > 4 ? f[4].strip() : "normal"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": not a number: " + e.getMessage(), e);
            }
        }
        if (calls.isEmpty()) {
            throw new IllegalArgumentException(name + ": no calls in the trace");
        }
        Map<String, double[]> stats = new LinkedHashMap<>();
        double end = 0;
        for (TraceCall c : calls) {
            stats.computeIfAbsent(c.callType(), k -> new double[2]);
            stats.get(c.callType())[0]++;
            stats.get(c.callType())[1] += c.handleSeconds();
            end = Math.max(end, c.arrivalSeconds());
        }
        List<CallType> types = new ArrayList<>();
        stats.forEach((t, st) -> {
            String expr = typeExpr.getOrDefault(t, t);
            Requirement req = Requirement.parse(expr);
            String main = req.wantedSkills().stream().findFirst().orElse(t);
            types.add(new CallType(t, main, List.of(RoutingTarget.last(req)), st[0], st[1] / st[0], 1, 1, 0));
        });
        double duration = Math.nextUp(end);
        if (agents.isEmpty()) {
            double totalHandle = stats.values().stream().mapToDouble(st -> st[1]).sum();
            double lambda = calls.size() / Math.max(1, duration);
            double mu = calls.size() / totalHandle;
            Map<String, Integer> all = new LinkedHashMap<>();
            for (CallType t : types) {
                for (String skill : t.targets().get(0).requirement().wantedSkills()) {
                    all.put(skill, 5);
                }
            }
            agents.add(new AgentGroup("agent", ErlangC.agentsFor(lambda, mu, sl, 0.8), all));
        }
        return new Scenario(name, "trace of " + calls.size() + " calls", types, agents, null, calls, duration, 0, sl, wrapUp);
    }
}
