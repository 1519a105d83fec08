package org.ctiserver.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.pbx.PbxEvent;
import org.junit.jupiter.api.Test;

/**
 * {@link Resynchronizer} on scripted lists (what Asterisk answers is given, in trace 02's field names); the same
 * reads against the simulator over AMI are in {@link ResynchronizerSimulatorIT}.
 */
class ResynchronizerTest {

    private static Map<String, String> caller(String uniqueId, String channel) {
        return Map.of("Channel", channel, "Uniqueid", uniqueId, "Linkedid", uniqueId, "Context", "inbound",
                "Exten", "100", "ChannelStateDesc", "Up", "Application", "MusicOnHold", "BridgeId", "",
                "CallerIDNum", "5551001", "CallerIDName", "Alice");
    }

    private static Map<String, String> status(String uniqueId, String queue) {
        return Map.of("Uniqueid", uniqueId, "Variable(CTI_QUEUE)", queue, "Variable(CUSTOMER_ID)", "C5551001",
                "Variable(IVR_LANG)", "", "Variable(CTI_SKILLS)", "lang.zh:3", "Variable(CTI_DNIS)", "4008");
    }

    @Test
    void read_asksTheVariablesOfEveryChannelInOneStatus_beforeListingTheChannels() throws Exception {
        List<AmiAction> sent = new ArrayList<>();
        Resynchronizer.Lists ami = (action, timeoutMs) -> {
            sent.add(action);
            return switch (action.name()) {
                case "Status" -> List.of(status("1.0", "sales"));
                case "CoreShowChannels" -> List.of(caller("1.0", "Local/9001@callers-00000000;1"));
                default -> List.of();
            };
        };
        PbxEvent.ChannelsSnapshot snapshot = Resynchronizer.read(ami, 1000);

        assertThat(sent).extracting(AmiAction::name).containsExactly("Status", "CoreShowChannels", "DeviceStateList");
        assertThat(sent.get(0).headers()).containsOnly(
                Map.entry("Variables", "CTI_QUEUE,CUSTOMER_ID,IVR_LANG,CTI_SKILLS,CTI_DNIS"));
        assertThat(snapshot.atRoutePoint()).singleElement().satisfies(w -> {
            assertThat(w.callId()).isEqualTo("1.0");
            assertThat(w.channel()).isEqualTo("Local/9001@callers-00000000;1");
            assertThat(w.queueId()).isEqualTo("sales");
            assertThat(w.callerNumber()).isEqualTo("5551001");
            assertThat(w.requirement()).isEqualTo("lang.zh:3");
            assertThat(w.dialedNumber()).isEqualTo("4008");
            assertThat(w.data()).containsExactly(Map.entry("CustomerId", "C5551001"));
        });
    }

    @Test
    void read_callerHungUpBetweenTheLists_isNeitherListedNorAdopted() throws Exception {
        // 1.0 was there for Status, gone for CoreShowChannels; 2.0 stays
        Resynchronizer.Lists ami = (action, timeoutMs) -> switch (action.name()) {
            case "Status" -> List.of(status("1.0", "sales"), status("2.0", "support"));
            case "CoreShowChannels" -> List.of(caller("2.0", "Local/9002@callers-00000002;1"));
            default -> List.of();
        };
        PbxEvent.ChannelsSnapshot snapshot = Resynchronizer.read(ami, 1000);
        assertThat(snapshot.channels()).extracting(PbxEvent.ChannelInfo::uniqueId).containsExactly("2.0");
        assertThat(snapshot.atRoutePoint()).extracting(PbxEvent.CallWaiting::callId, PbxEvent.CallWaiting::queueId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2.0", "support"));
    }

    @Test
    void read_callerArrivedAfterStatus_isListedButLeftToItsOwnCallWaiting() throws Exception {
        Resynchronizer.Lists ami = (action, timeoutMs) -> switch (action.name()) {
            case "Status" -> List.of();
            case "CoreShowChannels" -> List.of(caller("3.0", "Local/9003@callers-00000004;1"));
            default -> List.of();
        };
        PbxEvent.ChannelsSnapshot snapshot = Resynchronizer.read(ami, 1000);
        assertThat(snapshot.channels()).extracting(PbxEvent.ChannelInfo::uniqueId).containsExactly("3.0");
        assertThat(snapshot.atRoutePoint()).isEmpty();
    }

    @Test
    void read_statusRefused_listsTheChannelsWithoutAdoptingAnyCaller() throws Exception {
        Resynchronizer.Lists ami = (action, timeoutMs) -> switch (action.name()) {
            case "Status" -> throw new AmiTransport.ListRefusedException("Permission denied");
            case "CoreShowChannels" -> List.of(caller("4.0", "Local/9004@callers-00000006;1"));
            default -> List.of();
        };
        PbxEvent.ChannelsSnapshot snapshot = Resynchronizer.read(ami, 1000);
        assertThat(snapshot.channels()).extracting(PbxEvent.ChannelInfo::uniqueId).containsExactly("4.0");
        assertThat(snapshot.atRoutePoint()).isEmpty();
    }

    @Test
    void read_channelWithoutTheRoutePointsQueue_isNoCallWaiting() throws Exception {
        Resynchronizer.Lists ami = (action, timeoutMs) -> switch (action.name()) {
            case "Status" -> List.of(Map.of("Uniqueid", "5.0", "Variable(CTI_QUEUE)", ""));
            case "CoreShowChannels" -> List.of(caller("5.0", "Local/9005@callers-00000008;1"));
            default -> List.of();
        };
        assertThat(Resynchronizer.read(ami, 1000).atRoutePoint()).isEmpty();
    }
}
