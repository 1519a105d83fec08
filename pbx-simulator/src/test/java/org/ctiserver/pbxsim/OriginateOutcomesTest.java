package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Originate outcomes and Reason codes of trace 14, and the synchronous Originate ordering rule. */
@Tag("integration")
class OriginateOutcomesTest {
    private PbxSimulator sim;
    private AmiTestClient c;
    private TraceFile trace;

    @BeforeEach
    void start() throws IOException {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).build());
        c = AmiTestClient.login(sim.port());
        trace = TraceFile.load("14-originate-outcomes.ami");
    }

    @AfterEach
    void stop() {
        c.close();
        sim.close();
    }

    private List<AmiMessage> run(String actionId, String... kv) {
        int mark = c.mark();
        AmiMessage r = c.awaitResponse(c.sendActionWithId(actionId, "Originate", kv));
        assertThat(r.get("Message")).isEqualTo("Originate successfully queued");
        c.awaitEvent("OriginateResponse", "ActionID", actionId);
        return TraceAssert.settle(c, mark);
    }

    @Test
    void busyNumberFailsWithReason5() {
        List<AmiMessage> mine = run("orig-b-busy", "Channel", "Local/5550486@pstn", "Context", "agentdial",
                "Exten", "2001", "Priority", "1", "CallerID", "\"Campaign\" <5550000>", "Timeout", "20000", "Async", "true");
        TraceAssert.assertMatches("14 (b)", trace.eventsBetween("orig-b-busy", "orig-c-noanswer"), mine);
    }

    @Test
    void unansweredNumberFailsWithReason3AtTheTimeout() {
        List<AmiMessage> mine = run("orig-c-noanswer", "Channel", "Local/5550404@pstn", "Context", "agentdial",
                "Exten", "2001", "Priority", "1", "CallerID", "\"Campaign\" <5550000>", "Timeout", "5000", "Async", "true");
        TraceAssert.assertMatches("14 (c)", trace.eventsBetween("orig-c-noanswer", "orig-d-congestion"), mine);
    }

    @Test
    void congestionFailsWithReason8() {
        List<AmiMessage> mine = run("orig-d-congestion", "Channel", "Local/5550503@pstn", "Context", "agentdial",
                "Exten", "2001", "Priority", "1", "CallerID", "\"Campaign\" <5550000>", "Timeout", "20000", "Async", "true");
        TraceAssert.assertMatches("14 (d)", trace.eventsBetween("orig-d-congestion", "orig-e1-nosuchexten"), mine);
    }

    @Test
    void nonexistentLocalExtensionFailsWithReason0() {
        List<AmiMessage> mine = run("orig-e1-nosuchexten", "Channel", "Local/999@nosuchcontext", "Context", "agentdial",
                "Exten", "2001", "Priority", "1", "Timeout", "20000", "Async", "true");
        TraceAssert.assertMatches("14 (e1)", trace.eventsBetween("orig-e1-nosuchexten", "orig-e2-badtarget"), mine);
    }

    @Test
    void clickToDialAnswersWithReason4AndBridgesTheExternalNumber() {
        int mark = c.mark();
        c.awaitResponse(c.sendActionWithId("orig-a-answered", "Originate", "Channel", "Local/2001@agents",
                "Context", "outbound", "Exten", "5550100", "Priority", "1", "CallerID", "\"Agent 2001\" <2001>",
                "Timeout", "20000", "Async", "true", "Variable", "CTI_CAMPAIGN=c42", "Variable", "CTI_CLICK_ID=k-0001"));
        AmiMessage ok = c.awaitEvent("OriginateResponse", "ActionID", "orig-a-answered");
        assertThat(ok.get("Response")).isEqualTo("Success");
        assertThat(ok.get("Reason")).isEqualTo("4");
        c.awaitEvent("ExtensionStatus", "Status", "0");
        List<AmiMessage> mine = TraceAssert.settle(c, mark);
        TraceAssert.assertMatches("14 (a)", trace.eventsBetween("orig-a-answered", "orig-b-busy"), mine);
    }

    @Test
    void synchronousOriginateAnswersAfterTheAnswerAndItsEventsFollowTheResponse() {
        int mark = c.mark();
        String id = c.sendAction("Originate", "Channel", "Local/5550100@pstn", "Application", "Wait", "Data", "2",
                "Timeout", "20000");
        AmiMessage r = c.awaitResponse(id);
        assertThat(r.get("Message")).isEqualTo("Originate successfully queued");
        List<AmiMessage> all = c.messages().subList(mark, c.messages().size());
        int responseAt = all.indexOf(r);
        int firstNewchannel = -1;
        for (int i = 0; i < all.size(); i++) {
            if ("Newchannel".equals(all.get(i).eventName())) {
                firstNewchannel = i;
                break;
            }
        }
        assertThat(firstNewchannel).isGreaterThan(responseAt);
        c.awaitEvent(m -> "Hangup".equals(m.eventName()) && m.get("Channel").startsWith("Local/5550100@pstn")
                && m.get("Channel").endsWith(";2"));
        assertThat(c.eventsSince(mark)).noneMatch(m -> "OriginateResponse".equals(m.eventName()));

        AmiMessage busy = c.action("Originate", "Channel", "Local/5550486@pstn", "Application", "Wait", "Data", "2",
                "Timeout", "20000");
        assertThat(busy.get("Response")).isEqualTo("Error");
        assertThat(busy.get("Message")).isEqualTo("Originate failed");
    }

    @Test
    void outcomesAreConfigurablePerNumber() throws IOException {
        c.close();
        sim.close();
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20)
                .pstnNumber("5551111", SimulatorConfig.PstnNumber.of(SimulatorConfig.PstnOutcome.BUSY))
                .pstnNumber("5552222", SimulatorConfig.PstnNumber.of(SimulatorConfig.PstnOutcome.CONGESTION))
                .pstnNumber("5553333", SimulatorConfig.PstnNumber.of(SimulatorConfig.PstnOutcome.NO_ANSWER))
                .pstnNumber("5550486", SimulatorConfig.PstnNumber.of(SimulatorConfig.PstnOutcome.ANSWER)).build());
        c = AmiTestClient.login(sim.port());
        String[][] cases = {{"5551111", "5"}, {"5552222", "8"}, {"5553333", "3"}, {"5550486", "4"}};
        for (String[] k : cases) {
            String id = c.sendAction("Originate", "Channel", "Local/" + k[0] + "@pstn", "Application", "Wait", "Data", "1",
                    "Timeout", "3000", "Async", "true");
            c.awaitResponse(id);
            assertThat(c.awaitEvent("OriginateResponse", "ActionID", id).get("Reason")).as(k[0]).isEqualTo(k[1]);
        }
        AmiMessage sync = c.action("Originate", "Channel", "Local/5551111@pstn", "Application", "Wait", "Data", "1");
        assertThat(sync.get("Message")).isEqualTo("Originate failed");
        AmiMessage bad = c.action("Originate", "Channel", "Local/5551111@pstn", "Context", "nosuchcontext",
                "Exten", "999", "Priority", "1", "Async", "true");
        assertThat(bad.get("Message")).isEqualTo("Extension does not exist.");
    }

    @Test
    void predictiveStyleOriginateConnectsTheCustomerToAnAgent() {
        String id = c.sendAction("Originate", "Channel", "Local/5550100@pstn", "Context", "agentdial", "Exten", "2002",
                "Priority", "1", "CallerID", "\"Campaign\" <5550000>", "Async", "true");
        c.awaitResponse(id);
        assertThat(c.awaitEvent("OriginateResponse", "ActionID", id).get("Reason")).isEqualTo("4");
        AmiMessage enter = c.awaitEvent(m -> "BridgeEnter".equals(m.eventName())
                && m.get("Channel").startsWith("Local/5550100@pstn") && "2".equals(m.get("BridgeNumChannels")));
        assertThat(enter.get("Context")).isEqualTo("agentdial");
        c.awaitEvent("BridgeDestroy", "BridgeUniqueid", enter.get("BridgeUniqueid"));
    }
}
