package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the lab's flows the way its test client did (same Originate, globals and actions). */
final class ConformanceSupport {
    final AmiTestClient client;

    ConformanceSupport(AmiTestClient client) {
        this.client = client;
    }

    void global(String name, String value) {
        assertThat(client.action("Setvar", "Variable", name, "Value", value).get("Message")).isEqualTo("Variable Set");
        client.awaitEvent("VarSet", "Variable", name);
    }

    /** Originates the caller as the lab's client does; returns the caller's {@code ;1} once it waits in MOH. */
    String originateCaller(String exten, String name, String number) {
        AmiMessage r = client.action("Originate", "Channel", "Local/" + exten + "@callers", "Context", "inbound",
                "Exten", "100", "Priority", "1", "CallerID", "\"" + name + "\" <" + number + ">", "Timeout", "30000",
                "Async", "true");
        assertThat(r.get("Message")).isEqualTo("Originate successfully queued");
        return client.awaitEvent(m -> "MusicOnHoldStart".equals(m.eventName())
                && m.get("Channel").startsWith("Local/" + exten + "@callers")).get("Channel");
    }

    /** Redirects the caller to an agent and waits until both are bridged; returns the agent's {@code ;1}. */
    String routeAndAnswer(String caller, String agent) {
        redirect(caller, "agentdial", agent);
        return client.awaitEvent(m -> "BridgeEnter".equals(m.eventName()) && m.get("Channel").equals(caller)
                && "2".equals(m.get("BridgeNumChannels")) && "agentdial".equals(m.get("Context"))
                && agent.equals(m.get("Exten"))) != null
                ? agentLegOf(agent) : null;
    }

    String agentLegOf(String agent) {
        List<AmiMessage> enters = client.events().stream().filter(m -> "BridgeEnter".equals(m.eventName())
                && m.get("Channel").startsWith("Local/" + agent + "@agents-")).toList();
        return enters.get(enters.size() - 1).get("Channel");
    }

    void redirect(String channel, String context, String exten) {
        AmiMessage r = client.action("Redirect", "Channel", channel, "Context", context, "Exten", exten,
                "Priority", "1");
        assertThat(r.get("Message")).isEqualTo("Redirect successful");
    }

    List<AmiMessage> settle(int mark) {
        return TraceAssert.settle(client, mark);
    }

    static void assertMatchesPerChannel(String traceName, List<AmiMessage> mine) throws IOException {
        TraceAssert.assertMatchesPerChannel(traceName, TraceFile.load(traceName).events(), mine);
        TraceAssert.assertSameChannels(traceName, TraceFile.load(traceName).events(), mine);
    }

    static void assertMatches(String traceName, List<AmiMessage> mine) throws IOException {
        TraceAssert.assertMatches(traceName, TraceFile.load(traceName).events(), mine);
        TraceAssert.assertSameChannels(traceName, TraceFile.load(traceName).events(), mine);
    }
}
