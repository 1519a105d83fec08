package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.PhoneStateChanged;
import org.ctiserver.core.pbx.PhoneState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** DeviceStateChange and ExtensionStatus of agents' phones, from Asterisk 22 traces 15 and 21. */
class PhoneStateTranslationTest {

    @Test
    void pjsipRegistration21_registersIdle_thenUnregistersUnavailable() {
        assertThat(AmiTrace.load("21-pjsip-registration").phoneStates()).containsExactly(
                new PhoneStateChanged("2001", PhoneState.IDLE, "PJSIP/2001"),
                new PhoneStateChanged("2001", PhoneState.IDLE, "2001@hints"),
                new PhoneStateChanged("2001", PhoneState.UNAVAILABLE, "PJSIP/2001"),
                new PhoneStateChanged("2001", PhoneState.UNAVAILABLE, "2001@hints"));
        assertThat(AmiTrace.load("21-pjsip-registration").translated()).as("nothing else").isEmpty();
    }

    @Test
    void deviceState15_customAndQueueDevicesAreNoPhones_hintsAreReportedByExten_localPhoneFollowsItsCall() {
        List<PhoneStateChanged> states = AmiTrace.load("15-device-state").phoneStates();
        // Custom:agentNNNN devices give nothing; their hints (agent2001@hints) are reported under their exten
        assertThat(states).filteredOn(p -> p.extension().equals("agent2001")).extracting(PhoneStateChanged::state)
                .containsExactly(PhoneState.IN_USE, PhoneState.IDLE, PhoneState.UNAVAILABLE, PhoneState.RINGING,
                        PhoneState.ON_HOLD, PhoneState.BUSY, PhoneState.IN_USE, PhoneState.IDLE);
        assertThat(states).filteredOn(p -> p.extension().equals("agent2001"))
                .allSatisfy(p -> assertThat(p.source()).isEqualTo("agent2001@hints"));
        // the call to Local/2001@agents: device and hint in use, then idle
        assertThat(states).filteredOn(p -> p.extension().equals("2001")).containsExactly(
                new PhoneStateChanged("2001", PhoneState.IN_USE, "2001@hints"),
                new PhoneStateChanged("2001", PhoneState.IN_USE, "Local/2001@agents"),
                new PhoneStateChanged("2001", PhoneState.IN_USE, "Local/2001@agents"),
                new PhoneStateChanged("2001", PhoneState.IN_USE, "Local/2001@agents"),
                new PhoneStateChanged("2001", PhoneState.IDLE, "Local/2001@agents"),
                new PhoneStateChanged("2001", PhoneState.IDLE, "2001@hints"),
                new PhoneStateChanged("2001", PhoneState.IDLE, "Local/2001@agents"));
        assertThat(states).extracting(PhoneStateChanged::source).noneMatch(s -> s.startsWith("Queue:")
                || s.startsWith("Custom:"));
    }

    @Test
    void deviceStateListItems15_onlyPhones() {
        // the DeviceStateList items of trace 15: queue and custom devices only, so no phone
        AmiTrace trace = AmiTrace.load("15-device-state");
        long items = trace.events().stream()
                .filter(f -> f.eventName().equals("DeviceStateChange") && f.fields().containsKey("ActionID"))
                .peek(f -> assertThat(AmiEventTranslator.translate(f.eventName(), f.fields())).isEmpty())
                .count();
        assertThat(items).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource({
            "NOT_INUSE, IDLE", "INUSE, IN_USE", "BUSY, BUSY", "UNAVAILABLE, UNAVAILABLE", "RINGING, RINGING",
            "RINGINUSE, IN_USE", "ONHOLD, ON_HOLD", "UNKNOWN, UNKNOWN", "INVALID, UNKNOWN", "not_inuse, IDLE",
            "WHATEVER, UNKNOWN"})
    void deviceStates(String state, PhoneState expected) {
        assertThat(AmiEventTranslator.translate("DeviceStateChange", Map.of("Device", "PJSIP/2001", "State", state)))
                .contains(new PhoneStateChanged("2001", expected, "PJSIP/2001"));
    }

    @ParameterizedTest
    @CsvSource({
            "0, Idle, IDLE", "1, InUse, IN_USE", "2, Busy, BUSY", "4, Unavailable, UNAVAILABLE", "8, Ringing, RINGING",
            "9, InUse&Ringing, IN_USE", "16, Hold, ON_HOLD", "17, InUse&Hold, ON_HOLD", "-1, Unknown, UNKNOWN",
            "-2, Removed, UNKNOWN", "'', Idle, IDLE", "'', Unavailable, UNAVAILABLE", "x, InUse, IN_USE",
            "'', '', UNKNOWN"})
    void hintStates(String status, String text, PhoneState expected) {
        assertThat(AmiEventTranslator.translate("ExtensionStatus",
                Map.of("Exten", "2001", "Context", "hints", "Status", status, "StatusText", text)))
                .contains(new PhoneStateChanged("2001", expected, "2001@hints"));
    }

    @ParameterizedTest
    @CsvSource({
            "PJSIP/2001, 2001", "Local/2001@agents, 2001", "SIP/2001, 2001", "IAX2/2001, 2001",
            "PJSIP/agent-7, agent-7", "Local/2001, 2001"})
    void phoneDevices(String device, String extension) {
        assertThat(ChannelNames.deviceExtension(device)).isEqualTo(extension);
    }

    @ParameterizedTest
    @CsvSource({
            "Queue:sales_avail", "Queue:sales_pause_Local/2001@agents", "Custom:agent2001", "Local/9001@callers",
            "Local/5550001@pstn", "PJSIP/", "/2001", "''", "Local/@agents", "Local/9001@callers-1"})
    void noPhones(String device) {
        assertThat(ChannelNames.deviceExtension(device)).isEmpty();
        assertThat(AmiEventTranslator.translate("DeviceStateChange", Map.of("Device", device, "State", "INUSE")))
                .isEmpty();
    }

    @Test
    void extensionStatusWithoutExten_givesNothing() {
        assertThat(AmiEventTranslator.translate("ExtensionStatus", Map.of("Status", "0"))).isEmpty();
        assertThat(AmiEventTranslator.translate("ExtensionStatus", Map.of("Exten", "2001", "Status", "4")))
                .contains(new PhoneStateChanged("2001", PhoneState.UNAVAILABLE, "2001"));
    }

    @Test
    void resyncReadsDeviceStateListItems_phonesOnly() throws Exception {
        Resynchronizer.Lists ami = (action, timeoutMs) -> {
            if (action.name().equals("CoreShowChannels") || action.name().equals("Status")) {
                return List.of();
            }
            assertThat(action.name()).isEqualTo("DeviceStateList");
            return List.of(
                    Map.of("Event", "DeviceStateChange", "Device", "Queue:sales_avail", "State", "INUSE"),
                    Map.of("Event", "DeviceStateChange", "Device", "PJSIP/2001", "State", "UNAVAILABLE"),
                    Map.of("Event", "DeviceStateChange", "Device", "Local/2002@agents", "State", "NOT_INUSE"));
        };
        PbxEvent.ChannelsSnapshot snapshot = Resynchronizer.read(ami, 1000);
        assertThat(snapshot.phones()).containsExactly(
                new PhoneStateChanged("2001", PhoneState.UNAVAILABLE, "PJSIP/2001"),
                new PhoneStateChanged("2002", PhoneState.IDLE, "Local/2002@agents"));
    }

    @Test
    void resyncWithoutDeviceStateList_stillReadsTheChannels() throws Exception {
        Resynchronizer.Lists ami = (action, timeoutMs) -> {
            if (action.name().equals("CoreShowChannels") || action.name().equals("Status")) {
                return List.of();
            }
            throw new AmiTransport.ListRefusedException("Invalid/unknown command: DeviceStateList");
        };
        assertThat(Resynchronizer.read(ami, 1000).phones()).isEmpty();
        assertThat(Optional.of(1)).isPresent();
    }

    @Test
    void resync_aCallerOnHold_isNoCallWaitingAtTheRoutePoint() throws Exception {
        Map<String, String> held = Map.of("Channel", "Local/9007@callers-00000000;1", "Uniqueid", "1.0",
                "Linkedid", "1.0", "Context", "hold", "Exten", "caller", "ChannelStateDesc", "Up",
                "Application", "MusicOnHold", "BridgeId", "");
        Map<String, String> waiting = Map.of("Channel", "Local/9008@callers-00000002;1", "Uniqueid", "2.0",
                "Linkedid", "2.0", "Context", "inbound", "Exten", "100", "ChannelStateDesc", "Up",
                "Application", "MusicOnHold", "BridgeId", "");
        Resynchronizer.Lists ami = (action, timeoutMs) -> switch (action.name()) {
            case "CoreShowChannels" -> List.of(held, waiting);
            // both still carry the route point's variables
            case "Status" -> List.of(Map.of("Uniqueid", "1.0", "Variable(CTI_QUEUE)", "sales"),
                    Map.of("Uniqueid", "2.0", "Variable(CTI_QUEUE)", "sales"));
            default -> List.of();
        };
        PbxEvent.ChannelsSnapshot snapshot = Resynchronizer.read(ami, 1000, java.util.Set.of("hold", "conf"));
        assertThat(snapshot.channels()).hasSize(2);
        assertThat(snapshot.atRoutePoint()).extracting(PbxEvent.CallWaiting::callId).containsExactly("2.0");
        assertThat(Resynchronizer.read(ami, 1000).atRoutePoint()).hasSize(2);
    }
}
