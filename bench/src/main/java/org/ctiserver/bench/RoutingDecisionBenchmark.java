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
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.Engine;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One routing decision through the real engine: a call arrives at a queue whose agents are READY
 * (with skills of mixed levels), the engine picks the longest-idle agent that has the skills and
 * sends the route command. The call is then abandoned so the agent is READY again for the next
 * invocation; the figure is the time of that pair of inputs.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RoutingDecision -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingDecisionBenchmark {
    private static final String[] SKILLS = {"sales", "support", "billing", "lang.zh", "lang.en", "vip"};

    @Param({"100", "1000"})
    int agents;

    private Engine engine;
    private long nowNs;
    private long callSeq;
    private String routedAgent;
    private final String[] requirements = {"lang.zh:3", "lang.en:3", "lang.zh:5", ""};

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        List<AgentProfile> profiles = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            Map<String, Integer> skills = new LinkedHashMap<>();
            for (String s : SKILLS) {
                if (random.nextInt(3) > 0) {
                    skills.put(s, 1 + random.nextInt(10));
                }
            }
            skills.putIfAbsent("sales", 1 + random.nextInt(10));
            profiles.add(new AgentProfile("a" + i, "Agent " + i, skills, Set.of("sales")));
        }
        QueueConfig sales = new QueueConfig("sales", "Sales", SkillRequirement.parse("sales:2"), 0,
                Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ZERO);
        EngineConfig config = new EngineConfig(List.of(sales), profiles, Map.of("break", "break"),
                Map.of("inquiry", "inquiry"), Duration.ofSeconds(20), Duration.ofMillis(500));
        engine = new Engine(config, this::onCommand, new InMemoryStateStore(), event -> { });
        for (int i = 0; i < agents; i++) {
            engine.onCommand(new AgentCommand.Login("a" + i, "2" + i), tick(), 0);
            engine.onCommand(new AgentCommand.Ready("a" + i), tick(), 0);
        }
    }

    private void onCommand(PbxCommand command) {
        if (command instanceof PbxCommand.RouteToAgent r) {
            routedAgent = r.agentExtension();
        }
    }

    private long tick() {
        nowNs += 1_000;
        return nowNs;
    }

    @Benchmark
    public void routeOneCall(Blackhole bh) {
        String callId = "c" + (callSeq++);
        String requirement = requirements[(int) (callSeq & 3)];
        routedAgent = null;
        engine.onPbxEvent(new PbxEvent.CallWaiting(callId, "PJSIP/trunk-" + callId, "sales", "5551000", "Caller",
                "4008001000", requirement, Map.of()), tick(), 0);
        bh.consume(routedAgent);
        // the caller leaves: the reserved agent is READY again for the next decision
        engine.onPbxEvent(new PbxEvent.ChannelHungUp(callId, callId, "PJSIP/trunk-" + callId, 16, "Normal Clearing"), tick(), 0);
    }
}
