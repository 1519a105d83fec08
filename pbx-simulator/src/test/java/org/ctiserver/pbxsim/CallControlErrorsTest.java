package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The Response texts of trace 17 for bad call-control actions, on a caller waiting at the route point. */
@Tag("integration")
class CallControlErrorsTest {
    private static final String GONE = "Local/9999@callers-deadbeef;1";
    private PbxSimulator sim;
    private AmiTestClient c;
    private String caller;

    @BeforeEach
    void start() throws IOException {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).build());
        c = AmiTestClient.login(sim.port());
        caller = new ConformanceSupport(c).originateCaller("9017", "Zed Error", "5551017");
    }

    @AfterEach
    void stop() {
        c.close();
        sim.close();
    }

    private String message(String action, String... kv) {
        return c.action(action, kv).get("Message");
    }

    @Test
    void blindTransferOfAnUnbridgedChannelIsInvalidAndSaysSo() throws IOException {
        int mark = c.mark();
        AmiMessage r = c.action("BlindTransfer", "Channel", caller, "Context", "agentdial", "Exten", "2002");
        assertThat(r.get("Response")).isEqualTo("Error");
        assertThat(r.get("Message")).isEqualTo("Transfer invalid");
        AmiMessage ev = c.awaitEvent("BlindTransfer", "Result", "Invalid");
        AmiMessage ref = TraceFile.load("17-errors.ami").events().stream()
                .filter(m -> "BlindTransfer".equals(m.eventName())).findFirst().orElseThrow();
        assertThat(ev.keys()).isEqualTo(ref.keys());
        assertThat(ev.get("TransfererChannel")).isEqualTo(caller);
        assertThat(c.eventsSince(mark)).noneMatch(m -> "Hangup".equals(m.eventName()));
        assertThat(message("BlindTransfer", "Channel", GONE, "Context", "agentdial", "Exten", "2002"))
                .isEqualTo("Channel specified does not exist");
    }

    @Test
    void bridgeRecordingDtmfAndConferenceErrors() {
        assertThat(message("Bridge", "Channel1", caller, "Channel2", GONE)).isEqualTo("Channel2 does not exist: " + GONE);
        assertThat(message("Bridge", "Channel1", GONE, "Channel2", caller)).isEqualTo("Channel1 does not exist: " + GONE);
        assertThat(message("MixMonitor", "Channel", GONE, "File", "x.wav")).isEqualTo("No such channel");
        assertThat(message("StopMixMonitor", "Channel", caller)).isEqualTo("Could not stop monitoring channel");
        assertThat(message("MixMonitorMute", "Channel", caller, "Direction", "both", "State", "1"))
                .isEqualTo("Cannot set mute flag");
        assertThat(message("MixMonitorMute", "Channel", caller, "Direction", "sideways", "State", "1"))
                .isEqualTo("Invalid direction specified. Must be read, write or both");
        assertThat(message("PlayDTMF", "Channel", caller)).isEqualTo("No digit specified");
        assertThat(message("PlayDTMF", "Channel", GONE, "Digit", "1")).isEqualTo("Channel not found");
        assertThat(message("ConfbridgeList", "Conference", "9999")).isEqualTo("No active conferences.");
        assertThat(message("Redirect", "Channel", caller, "Context", "hold", "Exten", "caller", "Priority", "1",
                "ExtraChannel", GONE)).isEqualTo("ExtraChannel does not exist: " + GONE);
        // the waiting caller was left alone by all of these
        assertThat(c.action("Getvar", "Channel", caller, "Variable", "CTI_QUEUE").get("Value")).isEqualTo("sales");
        assertThat(sim.channelCount()).isEqualTo(2);
    }

    @Test
    void bridgeOfARouteCallerWithItselfOrAnUnansweredLegFails() {
        assertThat(message("Bridge", "Channel1", caller, "Channel2", caller)).isEqualTo("Unable to bridge channels");
        assertThat(message("Bridge", "Channel1", caller, "Channel2", caller.replace(";1", ";2")))
                .isEqualTo("Unable to bridge channels");
    }
}
