package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.AgentAnswered;
import org.ctiserver.core.pbx.PbxEvent.AgentDialFailed;
import org.ctiserver.core.pbx.PbxEvent.AgentRinging;
import org.ctiserver.core.pbx.PbxEvent.CallRequeued;
import org.ctiserver.core.pbx.PbxEvent.CallWaiting;
import org.ctiserver.core.pbx.PbxEvent.ChannelHungUp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The translator against real Asterisk 22 traces: every event frame of a trace in, the PbxEvents out. */
class AmiEventTranslatorTest {

    private static final String CALLER_9003 = "Local/9003@callers-00000000;1";
    private static final String AGENT_2001 = "Local/2001@agents-00000001;1";

    @Test
    void routeRedirect03_callWaits_agentRingsAnswers_agentHangsUp() {
        assertThat(AmiTrace.load("03-route-redirect").routing()).containsExactly(
                new CallWaiting("1795491068.0", CALLER_9003, "sales", "5551003", "Carol Caller", "", "",
                        Map.of("IvrLang", "en", "CustomerId", "C5551003")),
                new AgentRinging("1795491068.0", AGENT_2001, "2001"),
                new AgentAnswered("1795491068.0", AGENT_2001, "2001"),
                new ChannelHungUp("1795491068.0", "1795491068.0", CALLER_9003, 16, "Normal Clearing"),
                new ChannelHungUp("1795491068.1", "1795491068.0", "Local/9003@callers-00000000;2", 16, "Normal Clearing"),
                new ChannelHungUp("1795491070.2", "1795491068.0", AGENT_2001, 16, "Normal Clearing"),
                new ChannelHungUp("1795491070.3", "1795491068.0", "Local/2001@agents-00000001;2", 16, "Normal Clearing"));
    }

    @Test
    void abandon04_ctiHangsUpWaitingCall_causeUnknown() {
        assertThat(AmiTrace.load("04-abandon-waiting").routing()).containsExactly(
                new CallWaiting("1795491084.0", "Local/9004@callers-00000000;1", "sales", "5551004", "Dave Abandon",
                        "", "", Map.of("IvrLang", "en", "CustomerId", "C5551004")),
                new ChannelHungUp("1795491084.1", "1795491084.0", "Local/9004@callers-00000000;2", 0, "Unknown"),
                new ChannelHungUp("1795491084.0", "1795491084.0", "Local/9004@callers-00000000;1", 0, "Unknown"));
    }

    @Test
    void abandon04b_callerHangsUpWhileWaiting() {
        assertThat(AmiTrace.load("04b-abandon-waiting-caller-hangup").routing()).containsExactly(
                new CallWaiting("1795491097.0", "Local/9004@callers-00000000;1", "sales", "5551004", "Dave Abandon",
                        "", "", Map.of("IvrLang", "en", "CustomerId", "C5551004")),
                new ChannelHungUp("1795491097.1", "1795491097.0", "Local/9004@callers-00000000;2", 16, "Normal Clearing"),
                new ChannelHungUp("1795491097.0", "1795491097.0", "Local/9004@callers-00000000;1", 16, "Normal Clearing"));
    }

    @Test
    void agentNoAnswer05_dialFailsThenCallIsRequeuedOnTheSameChannel() {
        String caller = "Local/9005@callers-00000000;1";
        assertThat(AmiTrace.load("05-agent-no-answer").routing()).containsExactly(
                new CallWaiting("1795491110.0", caller, "sales", "5551005", "Eve NoAnswer", "", "",
                        Map.of("IvrLang", "en", "CustomerId", "C5551005")),
                new AgentRinging("1795491110.0", AGENT_2001, "2001"),
                new AgentDialFailed("1795491110.0", AGENT_2001, "2001", "NOANSWER"),
                new ChannelHungUp("1795491112.2", "1795491110.0", AGENT_2001, 0, "Unknown"),
                new ChannelHungUp("1795491112.3", "1795491110.0", "Local/2001@agents-00000001;2", 0, "Unknown"),
                new CallRequeued("1795491110.0", caller, "2001", "NOANSWER"),
                new ChannelHungUp("1795491110.0", "1795491110.0", caller, 0, "Unknown"),
                new ChannelHungUp("1795491110.1", "1795491110.0", "Local/9005@callers-00000000;2", 0, "Unknown"));
    }

    @Test
    void callerHangsUpWhileRinging06_dialCancelled() {
        String caller = "Local/9006@callers-00000000;1";
        assertThat(AmiTrace.load("06-caller-hangs-up-while-ringing").routing()).containsExactly(
                new CallWaiting("1795491128.0", caller, "sales", "5551006", "Frank Impatient", "", "",
                        Map.of("IvrLang", "en", "CustomerId", "C5551006")),
                new AgentRinging("1795491128.0", AGENT_2001, "2001"),
                new AgentDialFailed("1795491128.0", AGENT_2001, "2001", "CANCEL"),
                new ChannelHungUp("1795491130.2", "1795491128.0", AGENT_2001, 16, "Normal Clearing"),
                new ChannelHungUp("1795491128.0", "1795491128.0", caller, 16, "Normal Clearing"),
                new ChannelHungUp("1795491128.1", "1795491128.0", "Local/9006@callers-00000000;2", 16, "Normal Clearing"),
                new ChannelHungUp("1795491130.3", "1795491128.0", "Local/2001@agents-00000001;2", 16, "Normal Clearing"));
    }

    @Test
    void callerHangsUpWhileTalking06b() {
        String caller = "Local/9006@callers-00000000;1";
        assertThat(AmiTrace.load("06b-caller-hangs-up-while-talking").routing()).containsExactly(
                new CallWaiting("1795491143.0", caller, "sales", "5551006", "Frank Impatient", "", "",
                        Map.of("IvrLang", "en", "CustomerId", "C5551006")),
                new AgentRinging("1795491143.0", AGENT_2001, "2001"),
                new AgentAnswered("1795491143.0", AGENT_2001, "2001"),
                new ChannelHungUp("1795491143.1", "1795491143.0", "Local/9006@callers-00000000;2", 16, "Normal Clearing"),
                new ChannelHungUp("1795491143.0", "1795491143.0", caller, 16, "Normal Clearing"),
                new ChannelHungUp("1795491145.2", "1795491143.0", AGENT_2001, 16, "Normal Clearing"),
                new ChannelHungUp("1795491145.3", "1795491143.0", "Local/2001@agents-00000001;2", 16, "Normal Clearing"));
    }

    @Test
    void pjsip20_agentExtensionFromTheEndpointChannel() {
        String trunk = "PJSIP/trunk-00000000";
        String agent = "PJSIP/2001-00000001";
        assertThat(AmiTrace.load("20-pjsip-route-redirect").routing()).containsExactly(
                new CallWaiting("1795492004.0", trunk, "sales", "5551003", "Carol Caller", "", "",
                        Map.of("IvrLang", "en", "CustomerId", "C5551003")),
                new AgentRinging("1795492004.0", agent, "2001"),
                new AgentAnswered("1795492004.0", agent, "2001"),
                new ChannelHungUp("1795492004.0", "1795492004.0", trunk, 16, "Normal Clearing"),
                new ChannelHungUp("1795492007.1", "1795492004.0", agent, 16, "Normal Clearing"));
    }

    @Test
    void ivrRoutePoint13_choiceTravelsInData() {
        List<PbxEvent> events = AmiTrace.load("13-dtmf-vars").routing();
        assertThat(events).first().isEqualTo(new CallWaiting("1795491366.0", "Local/9013@callers-00000000;1",
                "support", "5551013", "Mia Dtmf", "", "", Map.of("IvrChoice", "2", "CustomerId", "C5551013")));
    }

    @Test
    void errors17_userEventActionWithoutChannelIsNotACall() {
        assertThat(AmiTrace.load("17-errors").routing())
                .filteredOn(e -> e instanceof CallWaiting)
                .extracting(e -> ((CallWaiting) e).channel())
                .containsExactly("Local/9017@callers-00000000;1");
    }

    @Test
    void registration21_meansNothingYet() {
        assertThat(AmiTrace.load("21-pjsip-registration").routing()).isEmpty();
    }

    @Test
    void originatesOwnDialEventsHaveNoChannelAndAreSkipped() {
        Map<String, String> dialEnd = Map.of("DestChannel", "Local/9003@callers-00000000;1",
                "DestUniqueid", "1795491068.0", "DialStatus", "ANSWER");
        assertThat(AmiEventTranslator.translate("DialEnd", dialEnd)).isEmpty();
        assertThat(AmiEventTranslator.translate("DialState", Map.of("DestChannel", AGENT_2001, "DialStatus", "RINGING")))
                .isEmpty();
    }

    @Test
    void callWaitingFieldsOverrideSnapshotAndSkillsBecomeTheRequirement() {
        Map<String, String> f = new HashMap<>();
        f.put("Channel", "PJSIP/trunk-0000002a");
        f.put("Uniqueid", "1700000000.42");
        f.put("CallerIDNum", "<unknown>");
        f.put("UserEvent", "CtiCallWaiting");
        f.put("queue", "vip"); // header case differs: still read
        f.put("Skills", "mandarin:3,billing:2");
        f.put("DialedNumber", "4008001234");
        f.put("CustomerId", "C9");
        f.put("IvrChoice", "");
        assertThat(AmiEventTranslator.translate("UserEvent", f)).contains(new CallWaiting("1700000000.42",
                "PJSIP/trunk-0000002a", "vip", "", "", "4008001234", "mandarin:3,billing:2", Map.of("CustomerId", "C9")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Newchannel", "VarSet", "BridgeEnter", "Cdr", "DialBegin", "OriginateResponse", "", "userevent"})
    void eventsWithoutMeaningForTheCoreGiveNothing(String name) {
        assertThat(AmiEventTranslator.translate(name, Map.of("Channel", CALLER_9003, "Uniqueid", "1.0"))).isEmpty();
    }

    @Test
    void nullsGiveNothing() {
        assertThat(AmiEventTranslator.translate(null, Map.of())).isEmpty();
        assertThat(AmiEventTranslator.translate("Hangup", null)).isEmpty();
        Map<String, String> withNulls = new HashMap<>();
        withNulls.put(null, "x");
        withNulls.put("Uniqueid", null);
        assertThat(AmiEventTranslator.translate("Hangup", withNulls)).isEmpty();
    }

    @Test
    void hangupCauseThatIsNotANumberIsZero() {
        assertThat(AmiEventTranslator.translate("Hangup", Map.of("Uniqueid", "1.1", "Cause", "x16", "Cause-txt", "?")))
                .contains(new ChannelHungUp("1.1", "", "", 0, "?"));
    }
}
