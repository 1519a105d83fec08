package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Random Redirects, Hangups and Originates on live calls: every call still ends and no channel is left behind. */
@Tag("integration")
class RandomActionsTest {

    @Test
    void randomActionsLeaveNoDanglingChannels() throws IOException {
        SimulatorConfig config = SimulatorConfig.builder().timeScale(100).seed(5).arrivalRatePerMinute(60).maxCalls(60)
                .autoRoute(true).agentDialTimeoutSeconds(8).routePointMaxWaitSeconds(60).manualMaxTalkSeconds(60)
                .callerTalkSeconds(60)
                .phones(SimulatorConfig.Builder.labPhones("2001-2003"))
                .phone(SimulatorConfig.Phone.lab("2004").withManual(true))
                .phone(SimulatorConfig.Phone.lab("2005").withNoAnswerProbability(0.5).withHandleTime(Distribution.exponential(20)))
                .build();
        Random random = new Random(11);
        try (PbxSimulator sim = PbxSimulator.start(config); AmiTestClient c = AmiTestClient.login(sim.port())) {
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            int errors = 0;
            while (System.nanoTime() < end) {
                Set<String> alive = new LinkedHashSet<>();
                for (AmiMessage e : c.events()) {
                    if ("Newchannel".equals(e.eventName())) {
                        alive.add(e.get("Channel"));
                    } else if ("Hangup".equals(e.eventName())) {
                        alive.remove(e.get("Channel"));
                    }
                }
                if (!alive.isEmpty()) {
                    List<String> names = new ArrayList<>(alive);
                    String ch = names.get(random.nextInt(names.size()));
                    double r = random.nextDouble();
                    AmiMessage resp;
                    if (r < 0.5) {
                        resp = c.action("Redirect", "Channel", ch, "Context", "agentdial",
                                "Exten", "200" + (1 + random.nextInt(6)), "Priority", "1");
                    } else if (r < 0.6) {
                        resp = c.action("Redirect", "Channel", ch, "Context", "inbound", "Exten", "100", "Priority",
                                random.nextBoolean() ? "1" : "requeue");
                    } else if (r < 0.8) {
                        resp = c.action("Hangup", "Channel", ch);
                    } else if (r < 0.9) {
                        resp = c.action("Originate", "Channel", random.nextBoolean() ? "Local/9100@callers" : "Local/5550100@pstn",
                                "Context", random.nextBoolean() ? "inbound" : "agentdial", "Exten",
                                random.nextBoolean() ? "100" : "2002", "Priority", "1", "Async", "true");
                    } else {
                        resp = c.action("CoreShowChannels");
                    }
                    if ("Error".equals(resp.get("Response"))) {
                        errors++;
                    }
                }
            }
            assertThat(errors).as("only stale channel names may fail").isLessThan(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    sim.ledger().callCount() >= 60 && sim.ledger().activeCalls().isEmpty() && sim.channelCount() == 0);
            assertThat(sim.ledger().calls()).allMatch(SimulatorLedger.CallEntry::ended);
            // once everything has ended, each offered call is counted exactly once as answered, abandoned or cleared
            sim.ledger().queues().values().forEach(t ->
                    assertThat(t.answered() + t.abandoned() + t.cleared()).as(t.queue()).isEqualTo(t.offered()));
        }
    }

    /**
     * Random call control on live calls (hold, Bridge, BlindTransfer, conference, recording, spying, DTMF): no action
     * may break the simulation. Held or conferenced channels may wait for ever, as in Asterisk, so a final AMI Hangup
     * of everything must leave no channel behind and every call counted once.
     */
    @Test
    void randomCallControlLeavesNoDanglingChannels() throws IOException {
        // a generous write timeout: this test's client reads slowly on a loaded machine and must not be dropped
        SimulatorConfig config = SimulatorConfig.builder().timeScale(100).seed(9).arrivalRatePerMinute(60).maxCalls(50)
                .writeTimeoutMillis(5000).autoRoute(true).agentDialTimeoutSeconds(8).routePointMaxWaitSeconds(60).manualMaxTalkSeconds(60)
                .callerTalkSeconds(60)
                .phones(SimulatorConfig.Builder.labPhones("2001-2004"))
                .phone(SimulatorConfig.Phone.lab("2005").withManual(true))
                .build();
        Random random = new Random(17);
        try (PbxSimulator sim = PbxSimulator.start(config); AmiTestClient c = AmiTestClient.login(sim.port())) {
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < end) {
                List<String> ones = new ArrayList<>();
                for (String ch : alive(c)) {
                    if (ch.endsWith(";1")) {
                        ones.add(ch);
                    }
                }
                if (ones.size() < 2) {
                    continue;
                }
                String a = ones.get(random.nextInt(ones.size()));
                String b = ones.get(random.nextInt(ones.size()));
                double r = random.nextDouble();
                if (r < 0.15) {
                    c.action("Redirect", "Channel", a, "Context", "hold", "Exten", "caller", "Priority", "1",
                            "ExtraChannel", b, "ExtraContext", "hold", "ExtraExten", "agent", "ExtraPriority", "1");
                } else if (r < 0.25) {
                    c.action("Redirect", "Channel", a, "Context", "hold", "Exten", "caller", "Priority", "1");
                } else if (r < 0.4) {
                    c.action("Bridge", "Channel1", a, "Channel2", b, "Tone", "no");
                } else if (r < 0.5) {
                    c.action("BlindTransfer", "Channel", a, "Context", "agentdial", "Exten", "200" + (1 + random.nextInt(5)));
                } else if (r < 0.6) {
                    c.action("Redirect", "Channel", a, "Context", "conf", "Exten", "8001", "Priority", "1");
                } else if (r < 0.65) {
                    c.action("Redirect", "Channel", a, "Context", "agentdial", "Exten", "200" + (1 + random.nextInt(5)),
                            "Priority", "1");
                } else if (r < 0.7) {
                    c.action("MixMonitor", "Channel", a, "File", "x.wav");
                } else if (r < 0.75) {
                    c.action("StopMixMonitor", "Channel", a);
                } else if (r < 0.8) {
                    c.action("Originate", "Channel", "Local/3001@supervisor", "Application", "ChanSpy", "Data", a + ",q",
                            "Async", "true");
                } else if (r < 0.85) {
                    c.action("Originate", "Channel", "Local/200" + (1 + random.nextInt(5)) + "@agents", "Context",
                            "agentdial", "Exten", "200" + (1 + random.nextInt(5)), "Priority", "1", "Async", "true");
                } else if (r < 0.9) {
                    c.action("PlayDTMF", "Channel", a, "Digit", "1");
                } else {
                    c.action("Hangup", "Channel", a);
                }
            }
            sim.pauseTraffic();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                c.action("Hangup", "Channel", "/.*/");
                return sim.channelCount() == 0;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.ledger().activeCalls().isEmpty());
            assertThat(sim.ledger().calls()).allMatch(SimulatorLedger.CallEntry::ended);
            sim.ledger().queues().values().forEach(t ->
                    assertThat(t.answered() + t.abandoned() + t.cleared()).as(t.queue()).isEqualTo(t.offered()));
            assertThat(c.action("Ping").get("Ping")).isEqualTo("Pong");
            assertThat(c.messages()).noneMatch(m -> m.get("Message", "").startsWith("Simulator error"));
        }
    }

    private static Set<String> alive(AmiTestClient c) {
        Set<String> alive = new LinkedHashSet<>();
        for (AmiMessage e : c.events()) {
            if ("Newchannel".equals(e.eventName())) {
                alive.add(e.get("Channel"));
            } else if ("Hangup".equals(e.eventName())) {
                alive.remove(e.get("Channel"));
            }
        }
        return alive;
    }
}
