package org.ctiserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.store.CallRecord;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.server.demo.DemoSite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A few hundred calls through the whole product over real TCP: simulator (as Asterisk) → AMI →
 * adapter → engine → Redirect → simulated phones. Afterwards the server's books must equal the PBX's.
 */
@Tag("integration")
class EndToEndIT {
    static final int CALLS = 300;

    static String siteYaml() {
        StringBuilder agents = new StringBuilder();
        // 20 agents: most serve sales, some support, some both; a few lack a skill level or a language,
        // so routing mistakes would show as calls answered by the wrong people
        for (int i = 1; i <= 20; i++) {
            String id = String.valueOf(1000 + i);
            int sales = i % 5 == 0 ? 1 : 2 + i % 8;          // 1005, 1010, ... are below the sales requirement
            String lang = i % 3 == 0 ? "lang.en: 6" : "lang.zh: " + (2 + i % 7);
            String queues = i % 4 == 0 ? "[support]" : i % 4 == 1 ? "[sales, support]" : "[sales]";
            agents.append("  - {id: '").append(id).append("', passwordHash: '").append(SimulatedSite.HASH)
                    .append("', skills: {sales: ").append(sales).append(", support: ").append(3 + i % 5)
                    .append(", ").append(lang).append("}, queues: ").append(queues).append("}\n");
        }
        return """
                site: {name: E2E, timeZone: Asia/Shanghai}
                http: {port: 0}
                ami: {host: 127.0.0.1, port: 5038, username: cti, secret: e2e-secret}
                engine: {ringTimeoutSeconds: 3, statsIntervalMillis: 100}
                queues:
                  - {id: sales, requirement: 'sales:2', serviceLevelSeconds: 0.7, shortAbandonSeconds: 0.1, wrapUpSeconds: 0.2}
                  - {id: support, requirement: 'support:2', serviceLevelSeconds: 1, shortAbandonSeconds: 0.1, wrapUpSeconds: 0}
                notReadyReasons: {break: 休息}
                dispositions: {inquiry: 咨询}
                agents:
                """ + agents;
    }

    @Test
    void hundredsOfCalls_endAnsweredBySkilledAgentsOrAbandoned_andFiguresMatchThePbxLedger() {
        double timeScale = 30;
        SimulatorConfig.Builder sim = SimulatorConfig.builder()
                .host("127.0.0.1").port(0).seed(20261124).timeScale(timeScale)
                .agentDialTimeoutSeconds(15).maxCalls(CALLS)
                .callType(SimulatorConfig.CallType.of("sales-zh", "sales").withSkills("lang.zh:3").withRate(14).withPatience(60))
                .callType(SimulatorConfig.CallType.of("sales-en", "sales").withSkills("lang.en:3").withRate(4).withPatience(60))
                .callType(SimulatorConfig.CallType.of("support", "support").withRate(8).withPatience(90));
        SimulatorConfig.Phone botPhone = new SimulatorConfig.Phone("0", Distribution.uniform(3, 2), 0.05,
                Distribution.lognormal(40, 0.5), false, true);

        try (SimulatedSite site = SimulatedSite.start(siteYaml(), sim, botPhone, SimulatedSite.fastBots())) {
            SimulatorLedger ledger = site.pbx.ledger();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                    ledger.callCount() == CALLS && ledger.activeCalls().isEmpty());
            // the last hang-ups travel over AMI to the engine
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(site.server.engine().stats().queues()).allSatisfy(q -> assertThat(q.waiting()).isZero());
                assertThat(site.server.store().recentCalls(10 * CALLS)).extracting(CallRecord::callId)
                        .containsExactlyInAnyOrderElementsOf(ledger.calls().stream().map(SimulatorLedger.CallEntry::callId).toList());
            });

            Map<String, AgentProfile> agentById = site.server.config().engine().agents().stream()
                    .collect(Collectors.toMap(AgentProfile::id, Function.identity()));
            Map<String, QueueConfig> queueById = site.server.config().engine().queues().stream()
                    .collect(Collectors.toMap(QueueConfig::id, Function.identity()));

            // every call ended answered or abandoned
            List<SimulatorLedger.CallEntry> calls = ledger.calls();
            assertThat(calls).hasSize(CALLS);
            assertThat(calls).allSatisfy(c -> assertThat(c.outcome())
                    .isIn(SimulatorLedger.Outcome.ANSWERED, SimulatorLedger.Outcome.ABANDONED));
            assertThat(calls).filteredOn(c -> c.outcome() == SimulatorLedger.Outcome.ANSWERED).hasSizeGreaterThan(CALLS / 2);

            // each answered call by an agent of its queue who has the skills the queue and the call need
            Map<String, CallRecord> records = site.server.store().recentCalls(10 * CALLS).stream()
                    .collect(Collectors.toMap(CallRecord::callId, Function.identity()));
            for (SimulatorLedger.CallEntry c : calls) {
                CallRecord r = records.get(c.callId());
                assertThat(r).as("server record of %s", c.callId()).isNotNull();
                if (c.outcome() == SimulatorLedger.Outcome.ANSWERED) {
                    assertThat(r.outcome()).as("outcome of %s", c.callId()).isEqualTo(CallOutcome.ANSWERED);
                    AgentProfile agent = agentById.get(r.agentId());
                    assertThat(DemoSite.extensionOf(agent.id())).as("phone that answered %s", c.callId()).isEqualTo(c.answeredBy());
                    SkillRequirement need = queueById.get(c.queue()).requirement().and(SkillRequirement.parse(c.skills()));
                    assertThat(need.isMetBy(agent.skills())).as("%s has %s for %s", agent.id(), need, c.callId()).isTrue();
                    assertThat(agent.queueIds()).contains(c.queue());
                } else {
                    assertThat(r.outcome()).as("outcome of %s", c.callId()).isEqualTo(CallOutcome.ABANDONED);
                }
            }

            // the queue figures equal the PBX's own ledger
            for (QueueSnapshot q : site.server.engine().stats().queues()) {
                SimulatorLedger.QueueTally t = ledger.queue(q.queueId());
                assertThat(q.offered()).as("offered of %s", q.queueId()).isEqualTo(t.offered());
                assertThat(q.answered()).as("answered of %s", q.queueId()).isEqualTo(t.answered());
                assertThat(q.abandoned()).as("abandoned of %s", q.queueId()).isEqualTo(t.abandoned());
                assertThat(q.waiting()).isZero();
            }

            // nobody is left holding a call that no longer exists
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(site.server.engine().stats().agents())
                    .extracting(AgentSnapshot::state)
                    .doesNotContain(AgentState.RESERVED, AgentState.TALKING));
        }
    }
}
