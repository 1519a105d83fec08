package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the flows of the reference traces against the simulator, the way the lab's test client drove
 * Asterisk (same Originate, same globals, same Redirect/Hangup), and compares: the order of the events whose
 * order Asterisk fixes, the multiset of the racy ones, and the header names of every event type.
 */
@Tag("integration")
class TraceConformanceTest {
    private PbxSimulator sim;
    private AmiTestClient client;

    @BeforeEach
    void start() throws IOException {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).startEpochMillis(1_795_491_068_000L).build());
        client = AmiTestClient.login(sim.port());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void routePointRedirectAnswerAndAgentHangupMatchTrace03() throws IOException {
        global("AGENT_2001_RING", "2");
        global("AGENT_2001_TALK", "3");
        int mark = client.mark();
        String caller = originateCaller("9003", "Carol Caller", "5551003");
        redirect(caller, "2001");
        client.awaitEvent("ExtensionStatus", "Status", "0");
        assertMatches("03-route-redirect.ami", settle(mark));
    }

    @Test
    void agentNoAnswerRequeueMatchesTrace05() throws IOException {
        global("AGENT_2001_NOANSWER", "1");
        global("AGENT_DIAL_TIMEOUT", "5");
        int mark = client.mark();
        String caller = originateCaller("9005", "Eve NoAnswer", "5551005");
        redirect(caller, "2001");
        client.awaitEvent("UserEvent", "UserEvent", "CtiCallRequeued");
        client.awaitFrame(m -> m.isEvent() && client.eventsSince(mark).stream()
                .filter(e -> "MusicOnHoldStart".equals(e.eventName())).count() == 2, java.time.Duration.ofSeconds(10));
        assertThat(client.action("Hangup", "Channel", caller).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent(m -> "Hangup".equals(m.eventName()) && m.get("Channel").endsWith(";2")
                && m.get("Channel").contains("callers"));
        assertMatches("05-agent-no-answer.ami", settle(mark));
    }

    @Test
    void callerAbandonsWhileWaitingMatchesTrace04b() throws IOException {
        global("CALLER_9004_TALK", "3");
        int mark = client.mark();
        String caller = originateCaller("9004", "Dave Abandon", "5551004");
        client.awaitEvent("Hangup", "Channel", caller);
        assertMatches("04b-abandon-waiting-caller-hangup.ami", settle(mark));
    }

    @Test
    void amiHangupOfWaitingCallerMatchesTrace04() throws IOException {
        int mark = client.mark();
        String caller = originateCaller("9004", "Dave Abandon", "5551004");
        assertThat(client.action("Hangup", "Channel", caller).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent("Hangup", "Channel", caller);
        assertMatches("04-abandon-waiting.ami", settle(mark));
    }

    @Test
    void callerHangsUpWhileAgentRingsMatchesTrace06() throws IOException {
        global("AGENT_2001_RING", "30");
        global("CALLER_9006_TALK", "5");
        int mark = client.mark();
        String caller = originateCaller("9006", "Frank Impatient", "5551006");
        redirect(caller, "2001");
        client.awaitEvent(m -> "Hangup".equals(m.eventName()) && m.get("Channel").startsWith("Local/2001")
                && m.get("Channel").endsWith(";2"));
        assertMatches("06-caller-hangs-up-while-ringing.ami", settle(mark));
    }

    @Test
    void callerHangsUpWhileTalkingMatchesTrace06b() throws IOException {
        global("AGENT_2001_RING", "2");
        global("CALLER_9006_TALK", "7");
        int mark = client.mark();
        String caller = originateCaller("9006", "Frank Impatient", "5551006");
        redirect(caller, "2001");
        client.awaitEvent("BridgeDestroy", null, null);
        assertMatches("06b-caller-hangs-up-while-talking.ami", settle(mark));
    }

    private void global(String name, String value) {
        assertThat(client.action("Setvar", "Variable", name, "Value", value).get("Message")).isEqualTo("Variable Set");
        client.awaitEvent("VarSet", "Variable", name);
    }

    /** Originates the caller as the lab's client does; returns the caller's {@code ;1} channel once it waits in MOH. */
    private String originateCaller(String exten, String name, String number) {
        AmiMessage r = client.action("Originate", "Channel", "Local/" + exten + "@callers", "Context", "inbound",
                "Exten", "100", "Priority", "1", "CallerID", "\"" + name + "\" <" + number + ">", "Timeout", "30000",
                "Async", "true");
        assertThat(r.get("Message")).isEqualTo("Originate successfully queued");
        return client.awaitEvent(m -> "MusicOnHoldStart".equals(m.eventName())
                && m.get("Channel").startsWith("Local/" + exten + "@callers")).get("Channel");
    }

    private void redirect(String channel, String agent) {
        AmiMessage r = client.action("Redirect", "Channel", channel, "Context", "agentdial", "Exten", agent,
                "Priority", "1");
        assertThat(r.get("Message")).isEqualTo("Redirect successful");
    }

    private List<AmiMessage> settle(int mark) {
        return TraceAssert.settle(client, mark);
    }

    private static void assertMatches(String traceName, List<AmiMessage> mine) throws IOException {
        TraceAssert.assertMatches(traceName, TraceFile.load(traceName).events(), mine);
        TraceAssert.assertSameChannels(traceName, TraceFile.load(traceName).events(), mine);
    }
}
