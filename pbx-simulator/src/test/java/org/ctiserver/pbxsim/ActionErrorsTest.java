package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The Response texts of trace 17 for bad Redirect, Hangup, Originate, Getvar and Setvar actions. */
@Tag("integration")
class ActionErrorsTest {
    private PbxSimulator sim;
    private AmiTestClient c;
    private String caller;

    @BeforeEach
    void start() throws IOException {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).build());
        c = AmiTestClient.login(sim.port());
        c.action("Originate", "Channel", "Local/9017@callers", "Context", "inbound", "Exten", "100", "Priority", "1",
                "CallerID", "\"Zed Error\" <5551017>", "Timeout", "30000", "Async", "true");
        caller = c.awaitEvent("MusicOnHoldStart", null, null).get("Channel");
    }

    @AfterEach
    void stop() {
        c.close();
        sim.close();
    }

    private String msg(String action, String... kv) {
        AmiMessage r = c.action(action, kv);
        return r.get("Response") + " / " + r.get("Message");
    }

    @Test
    void redirectErrors() {
        assertThat(msg("Redirect", "Context", "agentdial", "Exten", "2001", "Priority", "1"))
                .isEqualTo("Error / Channel not specified");
        assertThat(msg("Redirect", "Channel", caller, "Exten", "2001", "Priority", "1"))
                .isEqualTo("Error / Context not specified");
        assertThat(msg("Redirect", "Channel", caller, "Context", "agentdial", "Exten", "2001"))
                .isEqualTo("Error / Priority not specified");
        assertThat(msg("Redirect", "Channel", "Local/9999@callers-deadbeef;1", "Context", "agentdial", "Exten", "2001",
                "Priority", "1")).isEqualTo("Error / Channel does not exist: Local/9999@callers-deadbeef;1");
        assertThat(msg("Redirect", "Channel", caller, "Context", "agentdial", "Exten", "2001", "Priority", "nolabel"))
                .isEqualTo("Error / Priority is invalid");
    }

    @Test
    void hangupErrorsAndRegex() {
        assertThat(msg("Hangup", "Channel", "Local/9999@callers-deadbeef;1")).isEqualTo("Error / No such channel");
        assertThat(msg("Hangup")).isEqualTo("Error / No channel specified");
        String id = c.sendAction("Hangup", "Channel", "/^Local/9999.*$/");
        AmiMessage r = c.awaitResponse(id);
        assertThat(r.keys()).containsExactly("Response", "ActionID", "EventList", "Message");
        assertThat(r.get("Message")).isEqualTo("Channels hung up will follow");
        AmiMessage done = c.awaitEvent("ChannelsHungupListComplete", "ActionID", id);
        assertThat(done.keys()).containsExactly("Event", "ActionID", "EventList", "ListItems");
        assertThat(done.get("ListItems")).isEqualTo("0");
        assertThat(msg("Hangup", "Channel", caller)).isEqualTo("Success / Channel Hungup");
    }

    @Test
    void originateErrors() {
        assertThat(msg("Originate", "Channel", "Foo/bar", "Context", "agentdial", "Exten", "2001", "Priority", "1"))
                .isEqualTo("Error / Originate failed");
        String id = c.sendAction("Originate", "Channel", "Foo/bar", "Context", "agentdial", "Exten", "2001",
                "Priority", "1", "Async", "true");
        assertThat(c.awaitResponse(id).get("Message")).isEqualTo("Originate successfully queued");
        AmiMessage failure = c.awaitEvent("OriginateResponse", "ActionID", id);
        assertThat(failure.get("Response")).isEqualTo("Failure");
        assertThat(failure.get("Reason")).isEqualTo("0");
        assertThat(failure.get("Uniqueid")).isEqualTo("<unknown>");
        assertThat(msg("Originate", "Channel", "Local2001@agents", "Context", "agentdial", "Exten", "2001", "Priority", "1"))
                .isEqualTo("Error / Invalid channel");
        assertThat(msg("Originate", "Context", "agentdial", "Exten", "2001", "Priority", "1"))
                .isEqualTo("Error / Channel not specified");
        assertThat(msg("Originate", "Channel", "Local/2001@agents", "Exten", "2001"))
                .isEqualTo("Error / Originate with 'Exten' requires 'Context' and 'Priority'");
        assertThat(msg("Originate", "Channel", "Local/2001@agents", "Context", "agentdial", "Exten", "2001",
                "Priority", "nolabel")).isEqualTo("Error / Invalid priority");
        assertThat(msg("Originate", "Channel", "Local/2001@agents", "Context", "agentdial", "Exten", "2001",
                "Priority", "1", "Timeout", "abc")).isEqualTo("Error / Invalid timeout");
        assertThat(msg("Originate", "Channel", "Local/5550100@pstn", "Context", "nosuchcontext", "Exten", "999",
                "Priority", "1", "Timeout", "20000", "Async", "true")).isEqualTo("Error / Extension does not exist.");
    }

    @Test
    void variableErrorsAndRoundTrip() {
        assertThat(msg("Getvar", "Channel", "Local/9999@callers-deadbeef;1", "Variable", "X"))
                .isEqualTo("Error / No such channel");
        assertThat(msg("Getvar")).isEqualTo("Error / No variable specified");
        assertThat(msg("Setvar", "Channel", "Local/9999@callers-deadbeef;1", "Variable", "X", "Value", "1"))
                .isEqualTo("Error / No such channel");
        assertThat(msg("Setvar", "Value", "1")).isEqualTo("Error / No variable specified");
        assertThat(msg("Status", "Channel", "Local/9999@callers-deadbeef;1")).isEqualTo("Error / No such channel");
        assertThat(msg("Setvar", "Channel", caller, "Variable", "CTI_AGENT_HINT", "Value", "2002"))
                .isEqualTo("Success / Variable Set");
        AmiMessage v = c.action("Getvar", "Channel", caller, "Variable", "CTI_AGENT_HINT");
        assertThat(v.keys()).containsExactly("Response", "ActionID", "Variable", "Value");
        assertThat(v.get("Value")).isEqualTo("2002");
        assertThat(c.action("Getvar", "Channel", caller, "Variable", "CUSTOMER_ID").get("Value")).isEqualTo("C5551017");
        assertThat(c.action("Getvar", "Channel", caller, "Variable", "NO_SUCH_VAR").get("Value")).isEmpty();
    }

    @Test
    void userEventActionEchoesItsHeaders() {
        String id = c.sendAction("UserEvent", "UserEvent", "CtiPing", "Foo", "bar");
        assertThat(c.awaitResponse(id).get("Message")).isEqualTo("Event Sent");
        AmiMessage ev = c.awaitEvent("UserEvent", "UserEvent", "CtiPing");
        assertThat(ev.keys()).containsExactly("Event", "Privilege", "Timestamp", "UserEvent", "Foo", "ActionID");
    }
}
