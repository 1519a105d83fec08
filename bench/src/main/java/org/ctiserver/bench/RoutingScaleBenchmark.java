package org.ctiserver.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.Engine;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.QueueRouting;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.routing.RoutingTarget;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.store.InMemoryStateStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision at scale through the real {@link Engine}: 5,000 agents, 2,000 waiting calls, 50 skills.
 *
 * <p>Population, set up once per trial:
 * <ul>
 *   <li>50 skills: 45 products {@code s00..s44} and 5 languages {@code lang0..lang4}.</li>
 *   <li>4,999 ordinary agents with 3 products and 1 language, levels 1..7 only. {@code idleReady} of them are
 *       READY, the rest TALKING (each on a call of a second queue, {@code other}).</li>
 *   <li>2,000 calls waiting in queue {@code main}; each asks (IVR requirement) for one product at level 8 and
 *       one language at level 3, so no ordinary agent can take any of them (about 220 distinct
 *       requirements). 10% VIP, 10% key account. The youngest one, the <em>controlled call</em>, asks for
 *       {@code s44:8,lang0:3}, which no other call asks for.</li>
 *   <li>The <em>controlled agent</em> {@code x} (s44:10, lang0:10, s43:5) is NOT_READY: the only agent who can
 *       take the controlled call, and it can take no other.</li>
 * </ul>
 *
 * <p>One decision = {@code Ready(x)}: the engine routes and offers exactly the controlled call to x (the
 * controlled one comes last in service order: worst case). The router of 976a100 made a full pass over the
 * 2,000 waiting calls here; the incremental one asks only which waiting call x takes (x against the ~220
 * requirement classes, see {@code Router}).
 * Restore (3 inputs): x does not answer (ring-no-answer: x NOT_READY, call requeued, no routable match), the
 * caller hangs up, a new controlled call arrives. The population is the same after every restore; every
 * decision is checked to have routed the controlled call to x.
 *
 * <p>{@code decision}: the Ready input alone (restore runs in a per-invocation tear-down, outside the timing).
 * {@code decisionAndRestore}: the 4 inputs in line (no per-invocation helpers). The GC profiler's
 * {@code gc.alloc.rate.norm} counts every allocation on the thread in the iteration, so for {@code decision}
 * it includes the restore's too; {@code decisionAndRestore} is the honest allocation figure for the pair.
 *
 * <p>{@code routing=plain}: the engine's original constructor (fixed call order, longest-idle).
 * {@code routing=ladder}: a {@link RoutingConfig} with a 3-step relaxation ladder, longest-idle, aging 0.1/s,
 * default tier bonuses: the call order is the engine's ranking at the instant (aging, tiers, service level).
 * {@code routing=ladder-sl}: the same without aging (as the simulator runs our policies), so calls of one tier
 * tie on priority and every comparison also goes through the service-level criteria of
 * {@link org.ctiserver.core.routing.CallOrder#SERVICE_LEVEL} (within the threshold, queue deficit).
 *
 * <p>Ring timeout is 0 (no RING_TIMEOUT timer per offer): nothing ticks here, so timers would pile up.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RoutingScale -prof gc}
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RoutingScaleBenchmark {
    static final int AGENTS = 5_000;
    static final int WAITING = 2_000;
    static final int PRODUCTS = 45;
    static final int LANGUAGES = 5;
    static final String X = "x";
    static final String X_EXT = "ext-x";
    static final String CONTROLLED_REQUIREMENT = "s44:8,lang0:3";
    static final long EPOCH_ORIGIN_MS = 1_700_000_000_000L;

    @State(Scope.Thread)
    public abstract static class Population {
        @Param({"plain", "ladder", "ladder-sl"})
        public String routing;

        /** Ordinary agents READY (none of them can take a waiting call); the rest are TALKING. */
        @Param({"0", "200"})
        public int idleReady;

        Engine engine;
        long nowNs;
        long controlledSeq;
        String controlledCallId;
        String lastRoutedCall;
        String lastRoutedExt;
        long routes;
        /** Decisions that did not route exactly one call to x (must stay 0). */
        long badDecisions;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(42);
            List<AgentProfile> profiles = new ArrayList<>(AGENTS);
            int ordinary = AGENTS - 1;
            for (int i = 0; i < ordinary; i++) {
                Map<String, Integer> skills = new LinkedHashMap<>();
                while (skills.size() < 3) {
                    skills.put(product(random.nextInt(PRODUCTS)), 1 + random.nextInt(7));
                }
                skills.put("lang" + random.nextInt(LANGUAGES), 1 + random.nextInt(7));
                profiles.add(new AgentProfile(String.format("a%04d", i), "Agent " + i, skills, Set.of()));
            }
            profiles.add(new AgentProfile(X, "Controlled", Map.of("s44", 10, "lang0", 10, "s43", 5), Set.of()));

            QueueConfig main = new QueueConfig("main", "Main", SkillRequirement.NONE, 0, Duration.ofSeconds(20),
                    Duration.ofSeconds(5), Duration.ofSeconds(15));
            QueueConfig other = new QueueConfig("other", "Other", SkillRequirement.NONE, 0, Duration.ofSeconds(20),
                    Duration.ofSeconds(5), Duration.ofSeconds(15));
            EngineConfig config = new EngineConfig(List.of(main, other), profiles, Map.of("break", "break"),
                    Map.of(), Duration.ZERO, Duration.ofSeconds(1));
            InMemoryStateStore store = new InMemoryStateStore();
            if (routing.equals("plain")) {
                engine = new Engine(config, this::onCommand, store, event -> { });
            } else if (routing.equals("ladder") || routing.equals("ladder-sl")) {
                double aging = routing.equals("ladder") ? 0.1 : 0;
                RoutingConfig rc = new RoutingConfig(List.of(new QueueRouting("main", List.of(
                        RoutingTarget.of(anyLanguage(5), Duration.ofSeconds(60)),
                        RoutingTarget.of(anyLanguage(2), Duration.ofSeconds(60)),
                        RoutingTarget.last("any")), "longest-idle", aging, 80.0)));
                engine = new Engine(config, rc, this::onCommand, store, event -> { });
            } else {
                throw new IllegalArgumentException("routing: plain, ladder or ladder-sl, not " + routing);
            }

            for (AgentProfile p : profiles) {
                check(engine.onCommand(new AgentCommand.Login(p.id(), "ext-" + p.id()), tick(), epochMs()));
            }
            // busy agents: each READY alone, takes a call of queue "other" and talks
            for (int i = idleReady; i < ordinary; i++) {
                String id = profiles.get(i).id();
                check(engine.onCommand(new AgentCommand.Ready(id), tick(), epochMs()));
                String call = "busy-" + i;
                engine.onPbxEvent(new PbxEvent.CallWaiting(call, "PJSIP/trunk-" + call, "other", "555" + i, "",
                        "4008001000", "", Map.of()), tick(), epochMs());
                if (!("ext-" + id).equals(lastRoutedExt) || !call.equals(lastRoutedCall)) {
                    throw new IllegalStateException("setup: " + call + " was not routed to " + id);
                }
                engine.onPbxEvent(new PbxEvent.AgentAnswered(call, "PJSIP/ext-" + id, "ext-" + id), tick(), epochMs());
            }
            for (int i = 0; i < idleReady; i++) {
                check(engine.onCommand(new AgentCommand.Ready(profiles.get(i).id()), tick(), epochMs()));
            }
            long routesBefore = routes;
            for (int c = 0; c < WAITING - 1; c++) {
                int p = random.nextInt(PRODUCTS - 1); // never s44: that one is the controlled call's
                String req = product(p) + ":8,lang" + random.nextInt(LANGUAGES) + ":3";
                int t = random.nextInt(10);
                String tier = t == 0 ? "vip" : t == 1 ? "key-account" : "normal";
                String call = "w-" + c;
                engine.onPbxEvent(new PbxEvent.CallWaiting(call, "PJSIP/trunk-" + call, "main", "556" + c, "",
                        "4008001000", req, Map.of(CustomerLookup.CUSTOMER_TIER_KEY, tier)), tick(), epochMs());
            }
            newControlledCall();
            if (routes != routesBefore) {
                throw new IllegalStateException("setup: a waiting call was routed; the population is wrong");
            }
            verifyPopulation();
            // one decision and restore, checked, before any measurement
            decide();
            verifyDecision();
            restore();
            verifyPopulation();
        }

        private static String product(int i) {
            return String.format("s%02d", i);
        }

        private static String anyLanguage(int level) {
            StringBuilder sb = new StringBuilder();
            for (int l = 0; l < LANGUAGES; l++) {
                sb.append(l == 0 ? "" : " || ").append("lang").append(l).append(" >= ").append(level);
            }
            return sb.toString();
        }

        private void onCommand(PbxCommand command) {
            if (command instanceof PbxCommand.RouteToAgent r) {
                routes++;
                lastRoutedCall = r.callId();
                lastRoutedExt = r.agentExtension();
            }
        }

        long tick() {
            nowNs += 100;
            return nowNs;
        }

        long epochMs() {
            return EPOCH_ORIGIN_MS + nowNs / 1_000_000;
        }

        private static void check(CommandResult r) {
            if (!r.isOk()) {
                throw new IllegalStateException("setup command refused: " + r.detail());
            }
        }

        private void newControlledCall() {
            controlledCallId = "ctl-" + (controlledSeq++);
            engine.onPbxEvent(new PbxEvent.CallWaiting(controlledCallId, "PJSIP/trunk-" + controlledCallId, "main",
                    "5559999", "", "4008001000", CONTROLLED_REQUIREMENT, Map.of()), tick(), epochMs());
        }

        /** The measured input: the controlled agent becomes READY; exactly one call gets routed. */
        final CommandResult decide() {
            long before = routes;
            CommandResult r = engine.onCommand(new AgentCommand.Ready(X), tick(), epochMs());
            if (routes != before + 1 || !X_EXT.equals(lastRoutedExt)) {
                badDecisions++;
            }
            return r;
        }

        /** Ring-no-answer (x NOT_READY, call requeued), the caller leaves, a new controlled call waits. */
        final void restore() {
            engine.onPbxEvent(new PbxEvent.AgentDialFailed(controlledCallId, "PJSIP/" + X_EXT, X_EXT, "NOANSWER"),
                    tick(), epochMs());
            engine.onPbxEvent(new PbxEvent.ChannelHungUp(controlledCallId, controlledCallId,
                    "PJSIP/trunk-" + controlledCallId, 16, "Normal Clearing"), tick(), epochMs());
            newControlledCall();
        }

        final void verifyDecision() {
            if (!controlledCallId.equals(lastRoutedCall) || !X_EXT.equals(lastRoutedExt)) {
                throw new IllegalStateException("decision routed " + lastRoutedCall + " to " + lastRoutedExt
                        + ", expected " + controlledCallId + " to " + X_EXT);
            }
        }

        final void verifyPopulation() {
            int waiting = engine.waitingCallIds("main").size();
            AgentState xs = engine.agent(X).orElseThrow().state();
            if (waiting != WAITING || xs == AgentState.READY || xs == AgentState.RESERVED) {
                throw new IllegalStateException("population drifted: " + waiting + " waiting, x " + xs);
            }
        }

        @TearDown(Level.Iteration)
        public void checkIteration() {
            verifyPopulation();
            if (badDecisions != 0) {
                throw new IllegalStateException(badDecisions + " decisions did not route exactly one call to x");
            }
        }
    }

    /** Restore outside the timing, after each invocation. */
    public static class DecisionOnly extends Population {
        @TearDown(Level.Invocation)
        public void restoreAfterDecision() {
            verifyDecision();
            restore();
        }
    }

    /** Restore inside the timing. */
    public static class DecisionPair extends Population {
    }

    @Benchmark
    public CommandResult decision(DecisionOnly s) {
        return s.decide();
    }

    @Benchmark
    public String decisionAndRestore(DecisionPair s) {
        s.decide();
        String routed = s.lastRoutedCall;
        s.restore();
        return routed;
    }
}
