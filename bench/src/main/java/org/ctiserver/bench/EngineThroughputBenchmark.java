package org.ctiserver.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.Engine;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEventListener;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxPort;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine throughput on one thread: a simulated busy hour replayed into a fresh {@link Engine}.
 *
 * <p>The input stream is made once per trial by a closed-loop generator (a fresh engine, simulated callers
 * and phones reacting to its PBX commands and events on a virtual clock) that records every input it feeds;
 * the benchmark replays that recording into another fresh engine. The engine is deterministic, so the replay
 * makes the same decisions (checked in setup: same number of events emitted).
 *
 * <p>The hour: 1,000 agents (each with 2 of 5 product skills and 1 of 2 languages, levels 2..9), 5 queues,
 * Poisson arrivals at about 95% of staff capacity (~13,000 calls), IVR requirement {@code lang.zh:3} (70%) or
 * {@code lang.en:3}; the phone rings 3 s and answers (2% ring-no-answer, then the agent goes READY again
 * 30 s later); exponential talk time, mean 240 s; manual wrap-up ended by {@code CompleteWrapUp} after 15 s
 * (5% of them into a 5-minute break, then {@code Ready}); callers' patience exponential, mean 180 s; ticks
 * every 100 ms of virtual time (as {@code EngineRunner} ticks). Inputs: CallWaiting, AgentRinging,
 * AgentAnswered, AgentDialFailed, ChannelHungUp, agent commands and ticks, all counted.
 *
 * <p>One operation = one input; JMH's Throughput mode then reports inputs per second. Agents' log-in and
 * first READY are done in the per-invocation setup (not counted, not timed).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EngineThroughput -prof gc}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class EngineThroughputBenchmark {
    /** Number of inputs in the recorded stream; fixed by the generator's seed (checked in setup). */
    static final int OPS = Stream.EXPECTED_INPUTS;

    @Param({"plain", "ladder"})
    public String routing;

    Stream stream;
    Engine engine;

    @Setup(Level.Trial)
    public void record() {
        stream = Stream.generate(routing);
        if (stream.size() != OPS) {
            throw new IllegalStateException("the generator made " + stream.size() + " inputs, expected " + OPS
                    + " (update Stream.EXPECTED_INPUTS)");
        }
        // replay once and compare with the generator's run: same inputs, same outputs
        Engine check = Stream.newEngine(routing, cmd -> { }, e -> { });
        stream.replay(check);
        if (check.lastSequence() != stream.generatorLastSequence) {
            throw new IllegalStateException("replay diverged: " + check.lastSequence() + " events vs "
                    + stream.generatorLastSequence);
        }
    }

    @Setup(Level.Invocation)
    public void freshEngine() {
        engine = Stream.newEngine(routing, cmd -> { }, e -> { });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long busyHour() {
        stream.replay(engine);
        return engine.lastSequence();
    }

    /** The recorded inputs of one busy hour. */
    static final class Stream {
        /** The stream is cut to this many inputs (a constant for {@code @OperationsPerInvocation}). */
        static final int EXPECTED_INPUTS = 95_000;
        static final int AGENTS = 1_000;
        static final String[] QUEUES = {"q0", "q1", "q2", "q3", "q4"};
        static final long NS = 1_000_000_000L;
        static final long HOUR_NS = 3600 * NS;
        static final long TICK_NS = 100_000_000L;
        static final long EPOCH_ORIGIN_MS = 1_700_000_000_000L;
        /** Marker for a tick input. */
        static final Object TICK = new Object();

        final List<Object> inputs = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        Object[] in;
        long[] at;
        long generatorLastSequence;
        int inputsInHour;

        int size() {
            return in.length;
        }

        static List<AgentProfile> agents() {
            SplittableRandom r = new SplittableRandom(7);
            List<AgentProfile> agents = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                Map<String, Integer> skills = new LinkedHashMap<>();
                int a = r.nextInt(QUEUES.length);
                int b = (a + 1 + r.nextInt(QUEUES.length - 1)) % QUEUES.length;
                skills.put(QUEUES[a], 2 + r.nextInt(8));
                skills.put(QUEUES[b], 2 + r.nextInt(8));
                skills.put(r.nextInt(10) < 7 ? "lang.zh" : "lang.en", 3 + r.nextInt(7));
                agents.add(new AgentProfile(String.format("a%04d", i), "Agent " + i, skills, Set.of()));
            }
            return agents;
        }

        static Engine newEngine(String routing, PbxPort pbx, CtiEventListener sink) {
            List<QueueConfig> queues = new ArrayList<>();
            List<QueueRouting> routings = new ArrayList<>();
            for (String q : QUEUES) {
                queues.add(new QueueConfig(q, q, SkillRequirement.parse(q + ":1"), 0, Duration.ofSeconds(20),
                        Duration.ofSeconds(5), Duration.ZERO));
                routings.add(new QueueRouting(q, List.of(RoutingTarget.of(q + " >= 6", Duration.ofSeconds(20)),
                        RoutingTarget.of(q + " >= 3", Duration.ofSeconds(20)), RoutingTarget.last(q)),
                        "longest-idle", 0.1, 80.0));
            }
            EngineConfig config = new EngineConfig(queues, agents(), Map.of("break", "break"), Map.of(),
                    Duration.ofSeconds(20), Duration.ofSeconds(1));
            Engine engine = switch (routing) {
                case "plain" -> new Engine(config, pbx, new InMemoryStateStore(), sink);
                case "ladder" -> new Engine(config, new RoutingConfig(routings), pbx, new InMemoryStateStore(), sink);
                default -> throw new IllegalArgumentException("routing: plain or ladder, not " + routing);
            };
            for (AgentProfile a : config.agents()) {
                engine.onCommand(new AgentCommand.Login(a.id(), "ext-" + a.id()), 0, EPOCH_ORIGIN_MS);
                engine.onCommand(new AgentCommand.Ready(a.id()), 0, EPOCH_ORIGIN_MS);
            }
            return engine;
        }

        void replay(Engine engine) {
            Object[] in = this.in;
            long[] at = this.at;
            for (int i = 0; i < in.length; i++) {
                long now = at[i];
                long epochMs = EPOCH_ORIGIN_MS + now / 1_000_000;
                Object x = in[i];
                if (x == TICK) {
                    engine.onTick(now, epochMs);
                } else if (x instanceof PbxEvent e) {
                    engine.onPbxEvent(e, now, epochMs);
                } else {
                    engine.onCommand((AgentCommand) x, now, epochMs);
                }
            }
        }

        // ------------------------------------------------------------ the generator

        private record Sched(long atNs, long seq, Object input) {
        }

        private final PriorityQueue<Sched> agenda = new PriorityQueue<>(
                Comparator.comparingLong(Sched::atNs).thenComparingLong(Sched::seq));
        private final List<Object> pbxOut = new ArrayList<>();
        private final List<CtiEvent> ctiOut = new ArrayList<>();
        private long seq;

        private void at(long t, Object input) {
            agenda.add(new Sched(t, seq++, input));
        }

        static Stream generate(String routing) {
            Stream s = new Stream();
            s.run(routing);
            return s;
        }

        private void run(String routing) {
            SplittableRandom r = new SplittableRandom(2024);
            Engine engine = newEngine(routing, pbxOut::add, ctiOut::add);
            double perCallAgentSeconds = 3 + 240 + 15;
            double lambda = 0.95 * AGENTS / perCallAgentSeconds;
            long callNo = 0;
            for (double t = exp(r, 1 / lambda); t * NS < HOUR_NS; t += exp(r, 1 / lambda)) {
                String id = "c" + (callNo++);
                String q = QUEUES[r.nextInt(QUEUES.length)];
                String req = r.nextInt(10) < 7 ? "lang.zh:3" : "lang.en:3";
                long arrive = (long) (t * NS);
                at(arrive, new PbxEvent.CallWaiting(id, "PJSIP/trunk-" + id, q, "13800" + callNo, "", "4008001000",
                        req, Map.of()));
                at(arrive + (long) (exp(r, 180) * NS), new PbxEvent.ChannelHungUp(id, id, "PJSIP/trunk-" + id, 16,
                        "caller left"));
            }
            for (long t = TICK_NS; t < HOUR_NS; t += TICK_NS) {
                at(t, TICK);
            }
            // the callers' patience events double as the abandon: only fed while the call is still unanswered
            Map<String, Boolean> answered = new LinkedHashMap<>();
            while (!agenda.isEmpty()) {
                Sched s = agenda.poll();
                long now = s.atNs();
                Object x = s.input();
                if (x instanceof PbxEvent.ChannelHungUp h && "caller left".equals(h.causeText())) {
                    if (answered.containsKey(h.uniqueId()) || engine.callState(h.uniqueId()).isEmpty()) {
                        continue; // answered (its own hang-up comes later) or already gone
                    }
                }
                if (x instanceof PbxEvent.AgentAnswered a && engine.callState(a.callId()).isEmpty()) {
                    continue; // the caller left while it rang
                }
                if (x instanceof PbxEvent.AgentDialFailed f && engine.callState(f.callId()).isEmpty()) {
                    continue;
                }
                feed(engine, now, x);
                for (int i = 0; i < pbxOut.size(); i++) {
                    if (pbxOut.get(i) instanceof PbxCommand.RouteToAgent rt) {
                        at(now + 50_000_000L, new PbxEvent.AgentRinging(rt.callId(), "PJSIP/" + rt.agentExtension(),
                                rt.agentExtension()));
                        if (r.nextInt(50) == 0) {
                            at(now + 3 * NS, new PbxEvent.AgentDialFailed(rt.callId(), "PJSIP/" + rt.agentExtension(),
                                    rt.agentExtension(), "NOANSWER"));
                            at(now + 33 * NS, new AgentCommand.Ready(rt.agentExtension().substring(4)));
                        } else {
                            at(now + 3 * NS, new PbxEvent.AgentAnswered(rt.callId(), "PJSIP/" + rt.agentExtension(),
                                    rt.agentExtension()));
                        }
                    }
                }
                pbxOut.clear();
                for (int i = 0; i < ctiOut.size(); i++) {
                    CtiEvent ev = ctiOut.get(i);
                    if (ev instanceof CtiEvent.CallConnected c) {
                        answered.put(c.callId(), true);
                        at(now + (long) (exp(r, 240) * NS), new PbxEvent.ChannelHungUp(c.callId(), c.callId(),
                                "PJSIP/trunk-" + c.callId(), 16, "Normal Clearing"));
                    } else if (ev instanceof CtiEvent.WrapUpStarted w) {
                        boolean toBreak = r.nextInt(20) == 0;
                        at(now + 15 * NS, new AgentCommand.CompleteWrapUp(w.agentId(), "", "", toBreak ? "break" : null));
                        if (toBreak) {
                            at(now + 315 * NS, new AgentCommand.Ready(w.agentId()));
                        }
                    }
                }
                ctiOut.clear();
                if (now >= HOUR_NS) {
                    break;
                }
            }
            if (inputs.size() < EXPECTED_INPUTS) {
                throw new IllegalStateException("the hour made only " + inputs.size() + " inputs");
            }
            in = inputs.subList(0, EXPECTED_INPUTS).toArray();
            at = times.subList(0, EXPECTED_INPUTS).stream().mapToLong(Long::longValue).toArray();
            inputsInHour = inputs.size();
            inputs.clear();
            times.clear();
        }

        private void feed(Engine engine, long now, Object x) {
            inputs.add(x);
            times.add(now);
            boolean last = inputs.size() == EXPECTED_INPUTS;
            long epochMs = EPOCH_ORIGIN_MS + now / 1_000_000;
            if (x == TICK) {
                engine.onTick(now, epochMs);
            } else if (x instanceof PbxEvent e) {
                engine.onPbxEvent(e, now, epochMs);
            } else {
                engine.onCommand((AgentCommand) x, now, epochMs);
            }
            if (last) {
                generatorLastSequence = engine.lastSequence();
            }
        }

        private static double exp(SplittableRandom r, double mean) {
            return -mean * Math.log(1 - r.nextDouble());
        }
    }

    /** Prints the stream's make-up (for RESULTS.md): {@code java -cp bench/target/benchmarks.jar ...$Census}. */
    public static final class Census {
        public static void main(String[] args) {
            for (String routing : List.of("plain", "ladder")) {
                Stream s = Stream.generate(routing);
                Map<String, Integer> kinds = new LinkedHashMap<>();
                for (Object x : s.in) {
                    String k = x == Stream.TICK ? "Tick" : x.getClass().getSimpleName();
                    kinds.merge(k, 1, Integer::sum);
                }
                System.out.println(routing + ": the hour makes " + s.inputsInHour + " inputs; the first "
                        + s.size() + " (replayed, " + (s.at[s.size() - 1] / Stream.NS) + " s of virtual time): " + kinds
                        + ", events emitted " + s.generatorLastSequence);
            }
        }
    }
}
