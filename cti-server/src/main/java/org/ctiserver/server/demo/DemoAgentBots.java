package org.ctiserver.server.demo;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.CtiService;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated seat agents for the demo and end-to-end tests: they sign in, go ready, end manual wrap-up
 * with a disposition, come back after ring-no-answer, and now and then take a break. They act through
 * {@link CtiService} like any toolbar; their phones are the simulator's.
 */
public final class DemoAgentBots implements CtiEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoAgentBots.class);

    /**
     * @param backToReadyAfterRona how long a bot stays NOT_READY after ring-no-answer
     * @param wrapUpTime           how long a bot takes for manual wrap-up
     * @param breakProbability     chance of a break after a call
     * @param breakTime            how long a break lasts
     */
    public record Behaviour(Duration backToReadyAfterRona, Duration wrapUpTime, double breakProbability,
                            Duration breakTime, String breakReason, String disposition) {
        public static final Behaviour DEMO = new Behaviour(Duration.ofSeconds(5), Duration.ofSeconds(4), 0.04,
                Duration.ofSeconds(45), "break", "inquiry");
    }

    private final CtiService cti;
    private final Map<String, String> extensionByAgent;
    private final Behaviour behaviour;
    private final ScheduledExecutorService timer;
    // touched only by the timer thread
    private final SplittableRandom random;

    public DemoAgentBots(CtiService cti, Map<String, String> extensionByAgent, Behaviour behaviour, long seed) {
        this.cti = Objects.requireNonNull(cti);
        this.extensionByAgent = Map.copyOf(extensionByAgent);
        this.behaviour = Objects.requireNonNull(behaviour);
        this.random = new SplittableRandom(seed);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-agents");
            t.setDaemon(true);
            return t;
        });
    }

    /** Signs every bot in and makes it ready. */
    public DemoAgentBots start() {
        cti.addListener(this);
        extensionByAgent.forEach((agent, extension) ->
                cti.submit(new AgentCommand.Login(agent, extension))
                        .thenCompose(r -> cti.submit(new AgentCommand.Ready(agent)))
                        .thenAccept(r -> {
                            if (!r.isOk()) {
                                LOG.warn("demo agent {} could not go ready: {} {}", agent, r.error(), r.detail());
                            }
                        }));
        return this;
    }

    @Override
    public void onEvent(CtiEvent event) {
        // engine thread: decide nothing here, hand over to the bots' own thread
        if (event instanceof CtiEvent.AgentStateChanged s && extensionByAgent.containsKey(s.agentId())) {
            if (s.to() == AgentState.NOT_READY && "RONA".equals(s.reason())) {
                later(behaviour.backToReadyAfterRona(), () -> submit(new AgentCommand.Ready(s.agentId())));
            }
        } else if (event instanceof CtiEvent.WrapUpStarted w && extensionByAgent.containsKey(w.agentId())) {
            if (w.deadlineEpochMs() == 0) {
                later(behaviour.wrapUpTime(), () -> finishWrapUp(w.agentId()));
            }
        } else if (event instanceof CtiEvent.WrapUpCompleted c && extensionByAgent.containsKey(c.agentId())
                && c.byDeadline()) {
            later(Duration.ZERO, () -> maybeTakeBreak(c.agentId()));
        }
    }

    private void finishWrapUp(String agentId) {
        boolean pause = random.nextDouble() < behaviour.breakProbability();
        submit(new AgentCommand.CompleteWrapUp(agentId, behaviour.disposition(), "",
                pause ? behaviour.breakReason() : null));
        if (pause) {
            later(behaviour.breakTime(), () -> submit(new AgentCommand.Ready(agentId)));
        }
    }

    private void maybeTakeBreak(String agentId) {
        if (random.nextDouble() < behaviour.breakProbability()) {
            submit(new AgentCommand.NotReady(agentId, behaviour.breakReason()));
            later(behaviour.breakTime(), () -> submit(new AgentCommand.Ready(agentId)));
        }
    }

    private void submit(AgentCommand command) {
        cti.submit(command).thenAccept(r -> {
            if (!r.isOk()) {
                // a bot racing a call (e.g. ready while a new offer arrived) is normal; note it quietly
                LOG.debug("demo agent {}: {} refused: {} {}", command.agentId(), command.getClass().getSimpleName(),
                        r.error(), r.detail());
            }
        });
    }

    private void later(Duration delay, Runnable action) {
        if (!timer.isShutdown()) {
            timer.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        cti.removeListener(this);
        timer.shutdownNow();
    }
}
