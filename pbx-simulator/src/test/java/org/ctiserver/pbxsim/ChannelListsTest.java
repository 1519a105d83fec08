package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CoreShowChannels, Status and hint lists with one bridged and one waiting call, as in trace 02. */
@Tag("integration")
class ChannelListsTest {
    private PbxSimulator sim;
    private AmiTestClient c;

    @BeforeEach
    void start() throws IOException {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).build());
        c = AmiTestClient.login(sim.port());
    }

    @AfterEach
    void stop() {
        c.close();
        sim.close();
    }

    private String originate(String exten, String name, String number) {
        c.action("Originate", "Channel", "Local/" + exten + "@callers", "Context", "inbound", "Exten", "100",
                "Priority", "1", "CallerID", "\"" + name + "\" <" + number + ">", "Async", "true");
        return c.awaitEvent(m -> "MusicOnHoldStart".equals(m.eventName())
                && m.get("Channel").startsWith("Local/" + exten)).get("Channel");
    }

    @Test
    void coreShowChannelsListsEveryChannelWithTheTraceFields() {
        String bob = originate("9002", "Bob Bridged", "5551002");
        c.action("Redirect", "Channel", bob, "Context", "agentdial", "Exten", "2001", "Priority", "1");
        c.awaitEvent("BridgeEnter", "Channel", bob);
        originate("9001", "Alice Waiting", "5551001");

        String id = c.sendAction("CoreShowChannels");
        AmiMessage r = c.awaitResponse(id);
        assertThat(r.keys()).containsExactly("Response", "ActionID", "EventList", "Message");
        assertThat(r.get("Message")).isEqualTo("Channels will follow");
        AmiMessage done = c.awaitEvent("CoreShowChannelsComplete", "ActionID", id);
        assertThat(done.keys()).containsExactly("Event", "ActionID", "EventList", "ListItems");
        assertThat(done.get("ListItems")).isEqualTo("6");
        List<AmiMessage> items = c.events().stream()
                .filter(e -> "CoreShowChannel".equals(e.eventName()) && id.equals(e.get("ActionID"))).toList();
        assertThat(items).hasSize(6);
        assertThat(items.get(0).keys()).containsExactly("Event", "ActionID", "Channel", "ChannelState",
                "ChannelStateDesc", "CallerIDNum", "CallerIDName", "ConnectedLineNum", "ConnectedLineName", "Language",
                "AccountCode", "Context", "Exten", "Priority", "Uniqueid", "Linkedid", "Application", "ApplicationData",
                "Duration", "BridgeId");
        // Asterisk lists in hash order; the simulator sorts by name so that runs are comparable
        assertThat(items).extracting(m -> m.get("Channel")).isSorted();
        AmiMessage alice = items.stream().filter(m -> m.get("Channel").startsWith("Local/9001")
                && m.get("Channel").endsWith(";1")).findFirst().orElseThrow();
        assertThat(alice.get("Application")).isEqualTo("MusicOnHold");
        assertThat(alice.get("BridgeId")).isEmpty();
        AmiMessage bobItem = items.stream().filter(m -> m.get("Channel").equals(bob)).findFirst().orElseThrow();
        assertThat(bobItem.get("Application")).isEqualTo("Dial");
        assertThat(bobItem.get("ApplicationData")).isEqualTo("Local/2001@agents,15,t");
        assertThat(bobItem.get("BridgeId")).isNotEmpty();
        AmiMessage agent = items.stream().filter(m -> m.get("Channel").startsWith("Local/2001@agents")
                && m.get("Channel").endsWith(";1")).findFirst().orElseThrow();
        assertThat(agent.get("Application")).isEqualTo("AppDial");
        assertThat(agent.get("Exten")).isEmpty();
        assertThat(agent.get("BridgeId")).isEqualTo(bobItem.get("BridgeId"));
        assertThat(agent.get("Linkedid")).isEqualTo(bobItem.get("Uniqueid"));

        String sid = c.sendAction("Status");
        assertThat(c.awaitEvent("StatusComplete", "ActionID", sid).get("Items")).isEqualTo("6");

        AmiMessage hint = c.action("ExtensionState", "Exten", "2001", "Context", "hints");
        assertThat(hint.keys()).containsExactly("Response", "ActionID", "Message", "Exten", "Context", "Hint",
                "Status", "StatusText");
        assertThat(hint.get("StatusText")).isEqualTo("InUse");
        String lid = c.sendAction("ExtensionStateList");
        assertThat(c.awaitEvent("ExtensionStateListComplete", "ActionID", lid).get("ListItems")).isEqualTo("5");
    }
}
