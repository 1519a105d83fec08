package org.ctiserver.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.Engine;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.time.VirtualClock;

/** Drives an {@link Engine} directly on a {@link VirtualClock} and records everything it puts out. */
public final class EngineHarness {
    public static final long ORIGIN_EPOCH_MS = 1_700_000_000_000L;

    public final VirtualClock clock = new VirtualClock(ORIGIN_EPOCH_MS);
    public final List<CtiEvent> events = new ArrayList<>();
    public final List<PbxCommand> pbx = new ArrayList<>();
    public final InMemoryStateStore store = new InMemoryStateStore();
    public final Engine engine;

    public EngineHarness(EngineConfig config) {
        this.engine = new Engine(config, pbx::add, store, events::add);
    }

    /** With overflow rules and opening hours per queue. */
    public EngineHarness(EngineConfig config, List<org.ctiserver.core.queue.QueueRules> rules) {
        this.engine = new Engine(config, org.ctiserver.core.routing.RoutingConfig.NONE, rules, pbx::add, store,
                events::add);
    }

    // ------------------------------------------------------------------ configuration helpers

    public static QueueConfig queue(String id, String requirement, int priority, Duration wrapUp) {
        return new QueueConfig(id, id + " queue", SkillRequirement.parse(requirement), priority,
                Duration.ofSeconds(20), Duration.ofSeconds(5), wrapUp);
    }

    public static AgentProfile agent(String id, Map<String, Integer> skills, String... queues) {
        return new AgentProfile(id, "Agent " + id, skills, Set.of(queues));
    }

    public static EngineConfig config(List<QueueConfig> queues, List<AgentProfile> agents) {
        return new EngineConfig(queues, agents, Map.of("break", "休息", "meal", "就餐"),
                Map.of("inquiry", "咨询", "complaint", "投诉"), Duration.ofSeconds(15), Duration.ofSeconds(1));
    }

    /**
     * sales (wrap-up 10 s), support (manual wrap-up), vip (priority 5, wrap-up 10 s); agents a1..a4 serve
     * sales and support, billing levels 3, 5, 5, 1; v1 serves only vip.
     */
    public static EngineConfig defaultConfig() {
        return config(List.of(
                        queue("sales", "", 0, Duration.ofSeconds(10)),
                        queue("support", "", 0, Duration.ZERO),
                        queue("vip", "", 5, Duration.ofSeconds(10))),
                List.of(agent("a1", Map.of("billing", 3), "sales", "support"),
                        agent("a2", Map.of("billing", 5, "lang.zh", 2), "sales", "support"),
                        agent("a3", Map.of("billing", 5), "sales", "support"),
                        agent("a4", Map.of("billing", 1), "sales", "support"),
                        agent("v1", Map.of(), "vip")));
    }

    public static EngineHarness withDefaultConfig() {
        return new EngineHarness(defaultConfig());
    }

    // ------------------------------------------------------------------ driving

    public void advance(long amount, TimeUnit unit) {
        clock.advance(amount, unit);
    }

    public void advanceSeconds(long seconds) {
        clock.advance(seconds, TimeUnit.SECONDS);
    }

    /** Advances time and ticks (fires due timers). */
    public void passSeconds(long seconds) {
        advanceSeconds(seconds);
        tick();
    }

    public void tick() {
        engine.onTick(clock.nowNs(), clock.epochMillis());
    }

    public void pbx(PbxEvent event) {
        engine.onPbxEvent(event, clock.nowNs(), clock.epochMillis());
    }

    public CommandResult cmd(AgentCommand command) {
        return engine.onCommand(command, clock.nowNs(), clock.epochMillis());
    }

    public static String ext(String agentId) {
        return "ext-" + agentId;
    }

    public void login(String agentId) {
        ok(cmd(new AgentCommand.Login(agentId, ext(agentId))));
    }

    public void ready(String agentId) {
        ok(cmd(new AgentCommand.Ready(agentId)));
    }

    /** Logs in and makes READY, one second apart per agent so the idle order is the argument order. */
    public void loginReady(String... agentIds) {
        for (String id : agentIds) {
            login(id);
            ready(id);
            advanceSeconds(1);
        }
    }

    private static void ok(CommandResult r) {
        if (!r.isOk()) {
            throw new AssertionError("command refused: " + r);
        }
    }

    public void callWaiting(String callId, String queueId) {
        callWaiting(callId, queueId, "");
    }

    public void callWaiting(String callId, String queueId, String requirement) {
        pbx(new PbxEvent.CallWaiting(callId, chan(callId), queueId, "555" + callId, "Caller " + callId, "4000",
                requirement, Map.of("CustomerId", "C-" + callId)));
    }

    public static String chan(String callId) {
        return "Local/" + callId + "@callers;1";
    }

    public void answer(String callId, String agentId) {
        pbx(new PbxEvent.AgentAnswered(callId, "Local/" + ext(agentId) + "@agents;1", ext(agentId)));
    }

    public void dialFailed(String callId, String agentId, String status) {
        pbx(new PbxEvent.AgentDialFailed(callId, "Local/" + ext(agentId) + "@agents;1", ext(agentId), status));
    }

    public void requeued(String callId, String agentId) {
        pbx(new PbxEvent.CallRequeued(callId, chan(callId), ext(agentId), "NOANSWER"));
    }

    public void hangup(String callId) {
        pbx(new PbxEvent.ChannelHungUp(callId, callId, chan(callId), 16, "Normal Clearing"));
    }

    // ------------------------------------------------------------------ looking

    public AgentSnapshot agent(String id) {
        return engine.agent(id).orElseThrow();
    }

    public AgentState state(String agentId) {
        return agent(agentId).state();
    }

    public QueueSnapshot queueStats(String queueId) {
        return engine.snapshot(clock.epochMillis()).queues().stream()
                .filter(q -> q.queueId().equals(queueId)).findFirst().orElseThrow();
    }

    public <T extends CtiEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    public <T extends PbxCommand> List<T> pbx(Class<T> type) {
        return pbx.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /** Offers so far as "callId->agentId", in order. */
    public List<String> offers() {
        return events(CtiEvent.CallOffered.class).stream().map(o -> o.callId() + "->" + o.agentId())
                .collect(Collectors.toList());
    }

    public void clearOutputs() {
        events.clear();
        pbx.clear();
    }
}
