package org.ctiserver.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ctiserver.core.testing.EngineHarness.agent;
import static org.ctiserver.core.testing.EngineHarness.config;
import static org.ctiserver.core.testing.EngineHarness.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/** Queue figures on a scripted day, and the counters' definitions. */
class StatisticsTest {

    @Test
    void scriptedScenario_givesOfferedAnsweredAbandonedServiceLevelAsaAndAht() {
        EngineHarness h = new EngineHarness(config(
                List.of(queue("sales", "", 0, Duration.ofSeconds(10)), queue("other", "", 0, Duration.ZERO)),
                List.of(agent("s1", Map.of(), "sales"), agent("s2", Map.of(), "sales"), agent("o1", Map.of(), "other"))));
        assertThat(h.queueStats("sales").serviceLevelPercent()).isEqualTo(-1);

        h.login("s1");
        h.ready("s1");
        h.callWaiting("c1", "sales");          // t=0, offered to s1 at once
        h.passSeconds(10);
        h.answer("c1", "s1");                   // t=10: waited 10 s, within 20 s
        h.callWaiting("c2", "sales");          // t=10
        h.passSeconds(3);
        h.callWaiting("c3", "sales");          // t=13
        h.passSeconds(3);
        h.hangup("c3");                         // t=16: waited 3 s, short abandon
        h.passSeconds(4);
        h.callWaiting("c4", "sales");          // t=20
        h.passSeconds(20);
        h.login("s2");
        h.ready("s2");                          // t=40: c2 (oldest) offered to s2
        h.answer("c2", "s2");                   // waited 30 s, outside 20 s
        h.passSeconds(20);
        h.hangup("c4");                         // t=60: waited 40 s, abandoned
        h.passSeconds(10);
        h.hangup("c1");                         // t=70: talk 60 s, wrap-up to t=80
        h.passSeconds(10);
        assertThat(h.state("s1")).isEqualTo(AgentState.READY);
        h.passSeconds(10);
        h.hangup("c2");                         // t=90: talk 50 s, wrap-up to t=100
        h.passSeconds(10);
        h.cmd(new AgentCommand.NotReady("s1", "break"));
        h.cmd(new AgentCommand.NotReady("s2", "meal"));
        h.callWaiting("c5", "sales");          // t=100, nobody ready
        h.passSeconds(12);

        QueueSnapshot q = h.queueStats("sales");
        assertThat(q.offered()).isEqualTo(5);
        assertThat(q.answered()).isEqualTo(2);
        assertThat(q.abandoned()).isEqualTo(2);
        assertThat(q.shortAbandoned()).isEqualTo(1);
        assertThat(q.answeredWithinThreshold()).isEqualTo(1);
        // 1 within / (2 answered + 2 abandoned - 1 short)
        assertThat(q.serviceLevelPercent()).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(q.serviceLevelThresholdSec()).isEqualTo(20);
        assertThat(q.averageSpeedOfAnswerMs()).isEqualTo(20_000);
        // (60 + 10) and (50 + 10)
        assertThat(q.averageHandleTimeMs()).isEqualTo(65_000);
        assertThat(q.waiting()).isEqualTo(1);
        assertThat(q.longestWaitMs()).isEqualTo(12_000);
        assertThat(q.agentsNotReady()).isEqualTo(2);
        assertThat(q.agentsLoggedIn()).isEqualTo(2);
        assertThat(q.agentsReady()).isZero();

        QueueSnapshot other = h.queueStats("other");
        assertThat(other.offered()).isZero();
        assertThat(other.agentsLoggedIn()).isZero();
        assertThat(other.serviceLevelPercent()).isEqualTo(-1);
    }

    @Test
    void snapshot_listsQueuesInConfigOrder_andAgentsById_withAgentsCountedInEveryQueueTheyServe() {
        EngineHarness h = new EngineHarness(config(
                List.of(queue("zeta", "", 0, Duration.ZERO), queue("alpha", "", 0, Duration.ZERO)),
                List.of(agent("b", Map.of(), "zeta", "alpha"), agent("a", Map.of(), "alpha"), agent("c", Map.of(), "zeta"))));
        h.login("b");
        h.ready("b");
        h.login("a");

        StatsSnapshot s = h.engine.snapshot(h.clock.epochMillis());

        assertThat(s.queues()).extracting(QueueSnapshot::queueId).containsExactly("zeta", "alpha");
        assertThat(s.agents()).extracting(AgentSnapshot::agentId).containsExactly("a", "b", "c");
        assertThat(s.sequence()).isEqualTo(h.engine.lastSequence());
        QueueSnapshot zeta = s.queues().get(0);
        QueueSnapshot alpha = s.queues().get(1);
        assertThat(zeta.agentsReady()).isEqualTo(1);
        assertThat(zeta.agentsLoggedIn()).isEqualTo(1);
        assertThat(alpha.agentsReady()).isEqualTo(1);
        assertThat(alpha.agentsNotReady()).isEqualTo(1);
        assertThat(alpha.agentsLoggedIn()).isEqualTo(2);
    }

    @Test
    void counters_serviceLevelCountsAnswersAtTheThresholdAsWithin_andShortAbandonsApart() {
        QueueCounters c = new QueueCounters();
        Duration sl = Duration.ofSeconds(20);
        Duration shortAbandon = Duration.ofSeconds(5);

        c.callAnswered(Duration.ofSeconds(20).toNanos(), sl);
        c.callAnswered(Duration.ofSeconds(20).toNanos() + 1, sl);
        c.callAbandoned(Duration.ofSeconds(5).toNanos() - 1, shortAbandon);
        c.callAbandoned(Duration.ofSeconds(5).toNanos(), shortAbandon);
        c.callCleared();

        assertThat(c.answeredWithinThreshold()).isEqualTo(1);
        assertThat(c.shortAbandoned()).isEqualTo(1);
        assertThat(c.abandoned()).isEqualTo(2);
        // 1 / (2 + 2 - 1); the cleared call is in neither part
        assertThat(c.serviceLevelPercent()).isCloseTo(100.0 / 3, within(1e-9));
    }

    @Test
    void counters_onlyShortAbandons_giveNoServiceLevel() {
        QueueCounters c = new QueueCounters();
        c.callOffered();
        c.callAbandoned(1, Duration.ofSeconds(5));

        assertThat(c.serviceLevelPercent()).isEqualTo(-1);
        assertThat(c.averageSpeedOfAnswerMs()).isZero();
        assertThat(c.averageHandleTimeMs()).isZero();
    }
}
