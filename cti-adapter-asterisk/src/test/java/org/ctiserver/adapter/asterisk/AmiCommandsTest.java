package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.Destination;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each engine command against the actions the recorded traces sent (docs/decisions/0007-call-control.md). */
class AmiCommandsTest {

    private static final String CALLER = "Local/9007@callers-00000000;1";
    private static final String AGENT = "Local/2001@agents-00000001;1";

    private static List<AmiAction> plan(PbxCommand c) {
        return AmiCommands.plan(c, "agentdial", AmiContexts.DEFAULTS);
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void hold_isTheDualRedirectOfTrace07() {
        assertThat(plan(new PbxCommand.HoldCall("c1", CALLER, AGENT))).containsExactly(new AmiAction("Redirect",
                headers("Channel", CALLER, "Context", "hold", "Exten", "caller", "Priority", "1",
                        "ExtraChannel", AGENT, "ExtraContext", "hold", "ExtraExten", "agent", "ExtraPriority", "1")));
    }

    @Test
    void resume_isTheBridgeOfTrace07() {
        assertThat(plan(new PbxCommand.BridgeChannels("c1", CALLER, AGENT))).containsExactly(new AmiAction("Bridge",
                headers("Channel1", CALLER, "Channel2", AGENT, "Tone", "no")));
    }

    @Test
    void park_isTheSingleRedirectOfTrace09b() {
        assertThat(plan(new PbxCommand.ParkCaller("c1", CALLER))).containsExactly(
                AmiAction.redirect(CALLER, "hold", "caller", 1));
    }

    @Test
    void hangupChannel_hangsUpThatLeg() {
        assertThat(plan(new PbxCommand.HangupChannel("c1", AGENT))).containsExactly(AmiAction.hangup(AGENT));
    }

    @Test
    void blindTransfer_toAnAgentAsInTrace08_orOut() {
        assertThat(plan(new PbxCommand.Redirect("c1", CALLER, new Destination.AgentPhone("2002")))).containsExactly(
                AmiAction.redirect(CALLER, "agentdial", "2002", 1));
        assertThat(plan(new PbxCommand.Redirect("c1", CALLER, new Destination.External("5550100")))).containsExactly(
                AmiAction.redirect(CALLER, "outbound", "5550100", 1));
    }

    @Test
    void redirect_toADialplanAction_goesToItsContextAndExtension() {
        assertThat(plan(new PbxCommand.Redirect("c1", CALLER, new Destination.Dialplan("cti-voicemail", "8001"))))
                .containsExactly(AmiAction.redirect(CALLER, "cti-voicemail", "8001", 1));
        assertThat(plan(new PbxCommand.Redirect("c1", CALLER,
                new Destination.Dialplan("cti-message", "cti-callback-confirm"))))
                .containsExactly(AmiAction.redirect(CALLER, "cti-message", "cti-callback-confirm", 1));
        assertThatThrownBy(() -> plan(new PbxCommand.Redirect("c1", CALLER,
                new Destination.Dialplan("cti-message", "a,b")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void originate_isTheAsyncOriginateOfTrace14a_withTheRequestIdAndVariables() {
        List<AmiAction> actions = plan(new PbxCommand.Originate("r-1", "r-1", "2001",
                new Destination.External("5550100"), "Agent 2001", "2001",
                Map.of("CTI_CLICK_ID", "k-0001", "CTI_CAMPAIGN", "c42"), 20_000));
        assertThat(actions).containsExactly(new AmiAction("Originate", headers("Channel", "Local/2001@agents",
                "Context", "outbound", "Exten", "5550100", "Priority", "1", "CallerID", "\"Agent 2001\" <2001>",
                "Timeout", "20000", "Async", "true"), headers("CTI_CAMPAIGN", "c42", "CTI_CLICK_ID", "k-0001"), "r-1"));
    }

    @Test
    void consultation_originatesFromTheAgentsPhoneToTheOtherAgent_asInTrace09b() {
        AmiAction a = plan(new PbxCommand.Originate("call-1", "req-9", "2001", new Destination.AgentPhone("2002"),
                "", "", Map.of(), 0)).get(0);
        assertThat(a.headers()).containsEntry("Channel", "Local/2001@agents").containsEntry("Context", "agentdial")
                .containsEntry("Exten", "2002").containsEntry("Timeout", "30000").doesNotContainKey("CallerID");
        assertThat(a.requestId()).isEqualTo("req-9");
    }

    @Test
    void dialCustomer_originatesTheNumberIntoTheAmdContext_asInTrace16() {
        assertThat(plan(new PbxCommand.DialCustomer("r-2", "r-2", "5550701", "5550000", Map.of("LEAD", "7"), 20_000)))
                .containsExactly(new AmiAction("Originate", headers("Channel", "Local/5550701@outbound",
                        "Context", "amd", "Exten", "s", "Priority", "1", "CallerID", "<5550000>", "Timeout", "20000",
                        "Async", "true"), headers("LEAD", "7"), "r-2"));
    }

    @Test
    void conference_dualRedirectOfTheFirstTwo_thenEachOther_asInTrace10() {
        String third = "Local/2002@agents-00000003;1";
        assertThat(plan(new PbxCommand.Conference("c1", "8001", List.of(CALLER, AGENT, third)))).containsExactly(
                new AmiAction("Redirect", headers("Channel", CALLER, "Context", "conf", "Exten", "8001", "Priority", "1",
                        "ExtraChannel", AGENT, "ExtraContext", "conf", "ExtraExten", "8001", "ExtraPriority", "1")),
                AmiAction.redirect(third, "conf", "8001", 1));
        assertThat(plan(new PbxCommand.Conference("c1", "8001", List.of(third))))
                .containsExactly(AmiAction.redirect(third, "conf", "8001", 1));
    }

    @Test
    void record_startPauseResumeStop_asInTrace11() {
        assertThat(plan(new PbxCommand.Record("c1", CALLER, PbxCommand.RecordingAction.START, "cti-c1.wav")))
                .containsExactly(new AmiAction("MixMonitor", headers("Channel", CALLER, "File", "cti-c1.wav",
                        "Options", "b")));
        assertThat(plan(new PbxCommand.Record("c1", CALLER, PbxCommand.RecordingAction.PAUSE, "")))
                .containsExactly(new AmiAction("MixMonitorMute", headers("Channel", CALLER, "Direction", "both",
                        "State", "1")));
        assertThat(plan(new PbxCommand.Record("c1", CALLER, PbxCommand.RecordingAction.RESUME, "")))
                .containsExactly(new AmiAction("MixMonitorMute", headers("Channel", CALLER, "Direction", "both",
                        "State", "0")));
        assertThat(plan(new PbxCommand.Record("c1", CALLER, PbxCommand.RecordingAction.STOP, "")))
                .containsExactly(new AmiAction("StopMixMonitor", headers("Channel", CALLER)));
    }

    @Test
    void spy_originatesChanSpyFromTheSupervisorsPhone_asInTrace12() {
        for (PbxCommand.SpyMode mode : PbxCommand.SpyMode.values()) {
            AmiAction a = plan(new PbxCommand.Spy("c1", "spy-" + mode, "3001", AGENT, mode)).get(0);
            String options = switch (mode) {
                case LISTEN -> "q";
                case WHISPER -> "qw";
                case BARGE -> "qB";
            };
            assertThat(a).isEqualTo(new AmiAction("Originate", headers("Channel", "Local/3001@supervisor",
                    "Application", "ChanSpy", "Data", AGENT + "," + options, "Timeout", "30000", "Async", "true"),
                    Map.of(), "spy-" + mode));
        }
    }

    @Test
    void sendDtmf_onePlayDtmfPerDigit() {
        assertThat(plan(new PbxCommand.SendDtmf("c1", CALLER, "5#a"))).extracting(a -> a.header("Digit"))
                .containsExactly("5", "#", "A");
        assertThat(plan(new PbxCommand.SendDtmf("c1", CALLER, "5")).get(0)).isEqualTo(new AmiAction("PlayDTMF",
                headers("Channel", CALLER, "Digit", "5", "Duration", "200")));
    }

    @Test
    void setVariable_isSetvarOnTheChannel_asInTrace13() {
        assertThat(plan(new PbxCommand.SetVariable("c1", CALLER, "CTI_AGENT_HINT", "2002"))).containsExactly(
                new AmiAction("Setvar", headers("Channel", CALLER, "Variable", "CTI_AGENT_HINT", "Value", "2002")));
    }

    @Test
    void contexts_areConfigurable() {
        AmiContexts mine = AmiContexts.DEFAULTS.withHold("cti-hold").withConference("cti-conf").withAgents("phones")
                .withSupervisor("sup").withOutbound("out").withAmd("cti-amd");
        assertThat(AmiCommands.plan(new PbxCommand.HoldCall("c1", CALLER, AGENT), "route", mine).get(0).headers())
                .containsEntry("Context", "cti-hold").containsEntry("ExtraContext", "cti-hold");
        assertThat(AmiCommands.plan(new PbxCommand.DialCustomer("r", "r", "555", "", Map.of(), 1), "route", mine)
                .get(0).headers()).containsEntry("Channel", "Local/555@out").containsEntry("Context", "cti-amd");
        assertThat(AmiCommands.plan(new PbxCommand.Redirect("c1", CALLER, new Destination.AgentPhone("2002")), "route",
                mine).get(0).headers()).containsEntry("Context", "route");
    }

    @Test
    void variableValues_areEscapedForAsterisksArgumentSplitter() {
        assertThat(AmiCommands.variables(Map.of("NOTE", "a,b \"c\" d\\e"))).containsEntry("NOTE",
                "a\\,b \\\"c\\\" d\\\\e");
    }

    @Test
    void unusableCommands_areRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> plan(new PbxCommand.SendDtmf("c1", CALLER, "12x"))).hasMessageContaining("'x'");
        assertThatThrownBy(() -> plan(new PbxCommand.SendDtmf("c1", CALLER, ""))).hasMessageContaining("no DTMF");
        assertThatThrownBy(() -> plan(new PbxCommand.Conference("c1", "8001", List.of()))).hasMessageContaining("at least one");
        assertThatThrownBy(() -> plan(new PbxCommand.Conference("c1", "80,01", List.of(CALLER))))
                .hasMessageContaining("conference room");
        assertThatThrownBy(() -> plan(new PbxCommand.Redirect("c1", CALLER, new Destination.External("555 0100"))))
                .hasMessageContaining("number");
        assertThatThrownBy(() -> plan(new PbxCommand.HangupChannel("c1", " "))).hasMessageContaining("channel");
        assertThatThrownBy(() -> plan(new PbxCommand.SetVariable("c1", CALLER, "A=B", "x"))).hasMessageContaining("variable");
        assertThatThrownBy(() -> plan(new PbxCommand.Record("c1", CALLER, PbxCommand.RecordingAction.START, "../etc/x")))
                .hasMessageContaining("file name");
        assertThatThrownBy(() -> plan(new PbxCommand.Originate("c", "bad id", "2001", new Destination.AgentPhone("2002"),
                "", "", Map.of(), 0))).hasMessageContaining("request id");
        assertThatThrownBy(() -> plan(new PbxCommand.Originate("c", "r", "2001", null, "", "", Map.of(), 0)))
                .hasMessageContaining("destination");
    }
}
