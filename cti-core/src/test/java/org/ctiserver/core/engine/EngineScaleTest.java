package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's size (5,000 agents, 2,000 waiting calls) in a unit test: checks that routing at that
 * size stays correct and quick enough to run with every build (no timing assertion: that is the bench's job).
 */
class EngineScaleTest {
    private static final int AGENTS = 5_000;
    private static final int CALLS = 2_000;
    private static final int QUEUES = 10;

    @Test
    void fiveThousandAgents_twoThousandWaitingCalls_areAllServedByEligibleAgents() {
        List<QueueConfig> queues = new ArrayList<>();
        for (int q = 0; q < QUEUES; q++) {
            queues.add(EngineHarness.queue("q" + q, "", q % 3, Duration.ofSeconds(5)));
        }
        List<AgentProfile> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(new AgentProfile(String.format("a%05d", i), "A" + i, Map.of("billing", 1 + i % 10),
                    Set.of("q" + i % QUEUES, "q" + (i + 3) % QUEUES)));
        }
        EngineHarness h = new EngineHarness(EngineHarness.config(queues, agents));
        Map<String, Integer> need = new HashMap<>();
        long started = System.nanoTime();

        // calls first, so they all wait; many need a billing level only some agents have
        for (int c = 0; c < CALLS; c++) {
            int level = 1 + c % 10;
            need.put("c" + c, level);
            h.callWaiting("c" + c, "q" + c % QUEUES, "billing:" + level);
            h.advance(1, TimeUnit.MILLISECONDS);
        }
        assertThat(h.engine.activeCallCount()).isEqualTo(CALLS);
        for (AgentProfile p : agents) {
            h.login(p.id());
        }
        for (AgentProfile p : agents) {
            h.cmd(new AgentCommand.Ready(p.id()));
            h.advance(1, TimeUnit.MILLISECONDS);
        }
        List<CtiEvent.CallOffered> offers = h.events(CtiEvent.CallOffered.class);
        for (CtiEvent.CallOffered o : offers) {
            h.pbx(new PbxEvent.AgentAnswered(o.callId(), "x", EngineHarness.ext(o.agentId())));
        }
        h.passSeconds(1);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(offers).hasSize(CALLS);
        for (CtiEvent.CallOffered o : offers) {
            AgentProfile p = agents.get(Integer.parseInt(o.agentId().substring(1)));
            assertThat(p.skills().get("billing")).isGreaterThanOrEqualTo(need.get(o.callId()));
            assertThat(p.queueIds()).contains(o.queueId());
        }
        assertThat(h.engine.snapshot(h.clock.epochMillis()).agents().stream()
                .filter(a -> a.state() == AgentState.TALKING).count()).isEqualTo(CALLS);
        assertThat(elapsedMs).as("whole run, generous bound").isLessThan(30_000);
    }
}
