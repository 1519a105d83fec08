package org.ctiserver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ctiserver.server.config.ConfigLoaderTest.AGENT;
import static org.ctiserver.server.config.ConfigLoaderTest.HASH;
import static org.ctiserver.server.config.ConfigLoaderTest.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;

import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.queue.OverflowAction;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.QueueRouting;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.routing.expr.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingConfigTest {
    static final String AGENTS = AGENT
            + "  - {id: '1002', passwordHash: '" + HASH + "', skills: {billing: 4, general: 6, lang.zh: 5}, queues: [sales]}\n";

    static ResolvedConfig parse(String queues) {
        return ConfigLoader.parse(config(queues, AGENTS), "t.yaml");
    }

    static String problems(String queues) {
        return problemsOf(config(queues, AGENTS));
    }

    static String problemsOf(String yaml) {
        try {
            ConfigLoader.parse(yaml, "t.yaml");
        } catch (ConfigException e) {
            return String.join("\n", e.problems());
        }
        throw new AssertionError("configuration accepted");
    }

    static final String SALES = "  - {id: sales, requirement: 'sales:2'}\n";

    @Test
    void expressionRequirement_becomesTheQueuesSingleTarget() {
        ResolvedConfig c = parse(SALES + "  - {id: billing, requirement: 'lang.zh >= 3 && (billing >= 2 || general >= 5)'}\n");
        assertThat(c.engine().queues().get(1).requirement()).isEqualTo(SkillRequirement.NONE);
        QueueRouting r = c.routing().byQueue().get("billing");
        assertThat(r.targets()).singleElement().satisfies(t ->
                assertThat(t.requirement()).isEqualTo(Requirement.parse("lang.zh >= 3 && (billing >= 2 || general >= 5)")));
        assertThat(r.agentPolicy()).isEqualTo("longest-idle");
        assertThat(c.routing().byQueue()).doesNotContainKey("sales"); // the old form routes as before
    }

    @Test
    void oldForm_withoutRoutingKeys_keepsTheOriginalEngine() {
        ResolvedConfig c = parse(SALES);
        assertThat(c.routing()).isNull();
        assertThat(c.queueRules()).isEmpty();
        assertThat(c.hasRoutingRules()).isFalse();
    }

    @Test
    void badExpression_namesTheQueueKeyThePositionAndWhatWasExpected() {
        assertThat(problems(SALES + "  - {id: billing, requirement: 'lang.zh >= 3 && billing >= x'}\n"))
                .startsWith("queues[1].requirement: at 27: expected a level (1-10) after '>='");
    }

    @Test
    void ladder_policyAgingAndGoal_areBound() {
        ResolvedConfig c = parse(SALES + """
                  - id: billing
                    requirement: 'billing:1'
                    routing:
                      targets:
                        - {require: 'lang.zh >= 4 && billing >= 4', timeoutSeconds: 20}
                        - {require: 'billing >= 2', timeoutSeconds: 40}
                        - {}
                      policy: best-skill
                      agingPerSecond: 0.5
                      serviceLevelGoalPercent: 90
                """);
        QueueRouting r = c.routing().byQueue().get("billing");
        assertThat(r.targets()).hasSize(3);
        assertThat(r.targets().get(0).timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(r.targets().get(2).requirement()).isEqualTo(Requirement.parse("billing >= 1"));
        assertThat(r.targets().get(2).isLast()).isTrue();
        assertThat(r.agentPolicy()).isEqualTo("best-skill");
        assertThat(r.agingPerSecond()).isEqualTo(0.5);
        assertThat(r.serviceLevelGoalPercent()).isEqualTo(90);
    }

    @Test
    void badLadder_namesEachKey() {
        String p = problems(SALES + """
                  - id: billing
                    routing:
                      targets:
                        - {require: 'billing >= 4'}
                        - {require: 'billing >= 2 &&', timeoutSeconds: 40}
                      policy: cleverest
                      agingPerSecond: -1
                """);
        assertThat(p).contains("queues[1].routing.targets[0].timeoutSeconds: missing (every step but the last needs one)")
                .contains("queues[1].routing.targets[1].require: at 15: expected")
                .contains("queues[1].routing.targets[1].timeoutSeconds: the last step holds for good")
                .contains("queues[1].routing.policy: unknown policy 'cleverest' (known: [longest-idle, best-skill")
                .contains("queues[1].routing.agingPerSecond: must be 0..100");
    }

    @Test
    void skillNoAgentHas_isAnErrorNamingTheKey() {
        assertThat(problems(SALES + "  - {id: billing, requirement: 'lang.fr >= 3 || billing'}\n"))
                .isEqualTo("queues[1].requirement: skill 'lang.fr' is held by no agent (agents' skills: [billing, general, lang.zh, sales])");
        assertThat(problems("  - {id: sales, requirement: 'sales:2,lang.jp:1'}\n"))
                .startsWith("queues[0].requirement: skill 'lang.jp' is held by no agent");
    }

    @Test
    void tierBonus_overridesTheDefaults_andUnknownTiersAreNamed() {
        String yaml = config(SALES, AGENTS) + "routing: {tierBonus: {vip: 50, key-account: 15}}\n";
        ResolvedConfig c = ConfigLoader.parse(yaml, "t.yaml");
        assertThat(c.routing().tierBonus()).containsEntry(CustomerTier.VIP, 50).containsEntry(CustomerTier.KEY_ACCOUNT, 15)
                .containsEntry(CustomerTier.NORMAL, 0);
        assertThat(problemsOf(config(SALES, AGENTS) + "routing: {tierBonus: {gold: 5}}\n"))
                .isEqualTo("routing.tierBonus.gold: unknown tier (known: vip, key-account, normal)");
    }

    @Test
    void overflowAndCalendar_areBound() {
        ResolvedConfig c = parse("""
                  - id: sales
                    requirement: 'sales:2'
                    overflow: {maxWaitSeconds: 120, maxQueueLength: 30, whenNoAgents: true, action: {type: queue, target: billing}}
                    calendar:
                      timeZone: Asia/Shanghai
                      weekly: {mon: '08:00-20:00', tue: '08:00-12:00,13:00-24:00', sat: closed}
                      holidays: [2026-10-01, '2026-10-02']
                      closedAction: {type: hangup, message: 我们的营业时间是 8:00-20:00}
                  - {id: billing, requirement: 'billing >= 2'}
                """);
        QueueRules r = c.queueRules().get(0);
        assertThat(r.overflow().maxWait()).isEqualTo(Duration.ofSeconds(120));
        assertThat(r.overflow().maxQueueLength()).isEqualTo(30);
        assertThat(r.overflow().whenNoAgents()).isTrue();
        assertThat(r.overflow().action()).isEqualTo(OverflowAction.toQueue("billing"));
        assertThat(r.calendar().weekly().get(DayOfWeek.TUESDAY)).hasSize(2);
        assertThat(r.calendar().weekly().get(DayOfWeek.SATURDAY)).isEmpty();
        assertThat(r.calendar().holidays()).containsExactlyInAnyOrder(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2));
        assertThat(r.calendar().closedAction().type()).isEqualTo(OverflowAction.Type.HANGUP);
        assertThat(c.hasRoutingRules()).isTrue();
    }

    @Test
    void impossibleCalendarAndBadOverflow_nameTheirKeys() {
        String p = problems("""
                  - id: sales
                    overflow: {maxWaitSeconds: 60, action: {type: queue, target: nowhere}}
                    calendar: {weekly: {mon: closed, sun: closed}, holidays: [2026-13-01]}
                  - id: billing
                    overflow: {action: {type: voicemail}}
                    calendar: {timeZone: Mars/Base, weekly: {mon: '20:00-08:00', fri: '9-17', funday: '08:00-09:00'}}
                """);
        assertThat(p).contains("queues[0].calendar.weekly: the queue is never open (no day has hours)")
                .contains("queues[0].calendar.holidays[0]: '2026-13-01' is not a date (yyyy-mm-dd)")
                .contains("queues[0].overflow.action.target: unknown queue 'nowhere' (queues: [sales, billing])")
                .contains("queues[1].overflow: nothing triggers it")
                .contains("queues[1].calendar.timeZone: 'Mars/Base' is not a time zone")
                .contains("queues[1].calendar.weekly.mon: opening 20:00 is not before closing 08:00")
                .contains("queues[1].calendar.weekly.fri: expected HH:MM-HH:MM (or closed), found '9-17'")
                .contains("queues[1].calendar.weekly.funday: not a day");
        assertThat(problems("  - {id: sales, overflow: {whenNoAgents: true, action: {type: voicemail}}}\n"))
                .isEqualTo("queues[0].overflow.action.type: 'voicemail' is not supported yet (use queue or hangup)");
    }

    @Test
    void customers_csvAndHttpSources(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("customers.csv"), "key,tier,name\n13800000000,vip,王总\n");
        ResolvedConfig c = ConfigLoader.parse(config(SALES, AGENTS) + "customers: {source: 'csv:" + csv
                + "', cache: {maxSize: 500, ttlSeconds: 60}}\n", "t.yaml");
        assertThat(c.customers()).isEqualTo(new CustomerSettings(CustomerSettings.Kind.CSV, csv.toString(), 500,
                Duration.ofSeconds(60), 4, Duration.ofSeconds(2), Duration.ofSeconds(300)));
        assertThat(c.routing()).isNotNull(); // tiers need the routing engine

        assertThat(problemsOf(config(SALES, AGENTS) + "customers: {source: 'http://crm/api/customers', cache: {ttlSeconds: 0}}\n"))
                .contains("customers.source: the URL needs a {key} placeholder")
                .contains("customers.cache.ttlSeconds: must be > 0");
        assertThat(problemsOf(config(SALES, AGENTS) + "customers: {source: 'csv:/nonexistent.csv'}\n"))
                .isEqualTo("customers.source: no readable CSV file at '/nonexistent.csv'");
        assertThat(problemsOf(config(SALES, AGENTS) + "customers: {source: 'http://x/{key}', colour: red}\n"))
                .startsWith("customers.colour: unknown key");
    }

    @Test
    void unknownKeyInsideRouting_isNamed() {
        assertThat(problems("  - {id: sales, routing: {targets: [{require: sales, timeout: 20}]}}\n"))
                .startsWith("queues[0].routing.targets[0].timeout: unknown key");
    }

    @Test
    void shippedConfigurations_stillLoad() throws IOException {
        try (InputStream in = RoutingConfigTest.class.getResourceAsStream("/demo.yaml")) {
            assertThat(ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml").routing()).isNull();
        }
        Path example = Path.of("config/example.yaml");
        assertThat(ConfigLoader.load(example).routing()).isNull();
    }
}
