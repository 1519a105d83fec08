package org.ctiserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PhoneState;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Agents' phones end to end: the simulator unregisters agent 1001's phone (2001); the server hears it over AMI
 * (DeviceStateChange, ExtensionStatus), keeps 1001 READY but offers him no call, and the calls go to the others.
 * When the phone registers again, 1001 gets calls again.
 */
@Tag("integration")
class PhoneRegistrationIT {

    static String yaml() {
        StringBuilder agents = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            agents.append("  - {id: '").append(1000 + i).append("', passwordHash: '").append(SimulatedSite.HASH)
                    .append("', skills: {sales: 5}, queues: [sales]}\n");
        }
        return """
                site: {name: Phones, timeZone: Asia/Shanghai}
                http: {port: 0}
                ami: {host: 127.0.0.1, port: 5038, username: cti, secret: e2e-secret}
                engine: {ringTimeoutSeconds: 3, statsIntervalMillis: 100}
                queues:
                  - {id: sales, requirement: 'sales:2', serviceLevelSeconds: 1, shortAbandonSeconds: 0.1, wrapUpSeconds: 0}
                notReadyReasons: {break: 休息}
                dispositions: {inquiry: 咨询}
                agents:
                """ + agents;
    }

    @Test
    void unregisteredPhone_getsNoCall_callsGoToOthers_andAfterRegisteringItGetsCallsAgain() {
        SimulatorConfig.Builder sim = SimulatorConfig.builder()
                .host("127.0.0.1").port(0).seed(7).timeScale(30).arrivalRatePerMinute(0)
                .agentDialTimeoutSeconds(15)
                .callType(SimulatorConfig.CallType.of("sales", "sales").withPatience(600));
        // answer after 1 s, talk 6 s (simulated): 0.03 s and 0.2 s real
        SimulatorConfig.Phone botPhone = new SimulatorConfig.Phone("0", Distribution.fixed(1), 0, Distribution.fixed(6),
                false, true);
        // bots that never take a break and wrap up at once, so the only thing keeping 1001 from calls is his phone
        var bots = new org.ctiserver.server.demo.DemoAgentBots.Behaviour(Duration.ofMillis(300), Duration.ofMillis(50),
                0.0, Duration.ofMillis(400), "break", "inquiry");
        try (SimulatedSite site = SimulatedSite.start(yaml(), sim, botPhone, bots)) {
            List<CtiEvent> events = new CopyOnWriteArrayList<>();
            site.server.engine().addListener(events::add);
            SimulatorLedger ledger = site.pbx.ledger();

            assertThat(site.pbx.setPhoneRegistered("2001", false)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e ->
                    e instanceof CtiEvent.AgentPhoneChanged p && p.agentId().equals("1001")
                            && p.state() == PhoneState.UNAVAILABLE && !p.offerable()));

            List<String> first = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                first.add(site.pbx.injectCall("sales"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> first.stream().allMatch(id -> ledger.call(id)
                    .map(c -> c.outcome() == SimulatorLedger.Outcome.ANSWERED).orElse(false)));
            assertThat(first).allSatisfy(id -> assertThat(ledger.call(id).orElseThrow().answeredBy())
                    .isIn("2002", "2003"));
            assertThat(events).noneMatch(e -> e instanceof CtiEvent.CallOffered o && o.agentId().equals("1001"));
            assertThat(ledger.calls()).allSatisfy(c -> assertThat(c.lastAgent()).as("no Redirect to 2001")
                    .isNotEqualTo("2001"));
            assertThat(site.server.engine().stats().agents()).filteredOn(a -> a.agentId().equals("1001"))
                    .singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AgentState.READY));

            assertThat(site.pbx.setPhoneRegistered("2001", true)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e ->
                    e instanceof CtiEvent.AgentPhoneChanged p && p.agentId().equals("1001") && p.offerable()));
            List<String> second = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                second.add(site.pbx.injectCall("sales"));
                sleep(100);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> second.stream().allMatch(id -> ledger.call(id)
                    .map(c -> c.outcome() == SimulatorLedger.Outcome.ANSWERED).orElse(false)));
            assertThat(second).as("1001 takes calls again")
                    .anySatisfy(id -> assertThat(ledger.call(id).orElseThrow().answeredBy()).isEqualTo("2001"));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
