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
}
