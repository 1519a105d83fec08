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
import org.ctiserver.core.queue.CallbackRule;
import org.ctiserver.core.queue.OverflowAction;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.CallOrder;
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
    void callOrder_defaultsToServiceLevel_andWaitIsBound() {
        assertThat(ConfigLoader.parse(config(SALES, AGENTS) + "routing: {tierBonus: {vip: 50}}\n", "t.yaml")
                .routing().callOrder()).isEqualTo(CallOrder.SERVICE_LEVEL);
        assertThat(ConfigLoader.parse(config(SALES, AGENTS) + "routing: {callOrder: wait}\n", "t.yaml")
                .routing().callOrder()).isEqualTo(CallOrder.WAIT);
        assertThat(ConfigLoader.parse(config(SALES, AGENTS) + "routing: {callOrder: service-level}\n", "t.yaml")
                .routing().callOrder()).isEqualTo(CallOrder.SERVICE_LEVEL);
    }

    @Test
    void callOrder_unknownValue_namesTheKeyTheValueAndTheKnownOnes() {
        assertThat(problemsOf(config(SALES, AGENTS) + "routing: {callOrder: fifo}\n"))
                .isEqualTo("routing.callOrder: unknown call order 'fifo' (known: service-level, wait)");
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
                .isEqualTo("queues[0].overflow.action.mailbox: missing: the voicemail box, e.g. '8001'");
    }

    @Test
    void callbackAndDialplanActions_areBound() {
        ResolvedConfig c = parse("""
                  - id: sales
                    callback: {key: '9', maxAttempts: 2, retryIntervalSeconds: 90}
                    overflow: {maxWaitSeconds: 60, action: {type: callback, sound: sales-callback-offer}}
                    calendar:
                      weekly: {mon: '08:00-20:00'}
                      closedAction: {type: voicemail, mailbox: '8001'}
                  - id: billing
                    overflow: {maxQueueLength: 5, action: {type: hangup, message: all busy, sound: cti-all-busy}}
                """);
        QueueRules sales = c.queueRules().get(0);
        assertThat(sales.callback()).isEqualTo(new CallbackRule("9", 2, Duration.ofSeconds(90), "cti-callback-confirm"));
        assertThat(sales.overflow().action()).isEqualTo(OverflowAction.callbackOffer("sales-callback-offer"));
        assertThat(sales.calendar().closedAction()).isEqualTo(OverflowAction.voicemail("8001"));
        OverflowAction billing = c.queueRules().get(1).overflow().action();
        assertThat(billing.playsMessage()).isTrue();
        assertThat(billing.parameter()).isEqualTo("cti-all-busy");
        assertThat(billing.message()).isEqualTo("all busy");

        // a callback section alone is enough (key at the route point, defaults for the rest)
        QueueRules keyOnly = parse("  - {id: sales, callback: {key: '#'}}\n").queueRules().get(0);
        assertThat(keyOnly.callback()).isEqualTo(new CallbackRule("#", 3, Duration.ofSeconds(300), "cti-callback-confirm"));
    }

    @Test
    void badCallbackAndActions_nameTheirKeys() {
        String p = problems("""
                  - id: sales
                    callback: {key: '12', maxAttempts: 0, retryIntervalSeconds: 0, confirmation: 'a b'}
                  - id: billing
                    overflow: {maxWaitSeconds: 60, action: {type: callback}}
                  - id: support
                    overflow: {maxWaitSeconds: 60, action: {type: hangup, sound: '../etc/passwd'}}
                    calendar: {weekly: {mon: '08:00-20:00'}, closedAction: {type: voicemail, mailbox: '80 01'}}
                """);
        assertThat(p).contains("queues[0].callback.key: must be one key of 0-9, * or #, found '12'")
                .contains("queues[0].callback.maxAttempts: must be 1..20, found 0")
                .contains("queues[0].callback.retryIntervalSeconds: must be 1..86400 seconds, found 0.0")
                .contains("queues[0].callback.confirmation: must be a sound file name")
                .contains("queues[1].overflow.action.type: 'callback' needs the queue's callback section")
                .contains("queues[2].overflow.action.sound: must be a sound file name")
                .contains("queues[2].calendar.closedAction.mailbox: must be a mailbox");
        assertThat(problems("  - {id: sales, callback: {maxAttempts: 2}}\n"))
                .isEqualTo("queues[0].callback.key: missing: the DTMF key that asks for a callback (0-9, * or #)");
        assertThat(problems("  - {id: sales, callback: {key: '9', colour: red}}\n"))
                .startsWith("queues[0].callback.colour: unknown key");
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
