package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording (trace 11), supervision (12), DTMF and variables (13) and AMD (16), replayed as the lab's client drove
 * Asterisk and compared as {@link TraceConformanceTest} does.
 */
@Tag("integration")
class MediaConformanceTest {
    private PbxSimulator sim;
    private AmiTestClient client;
    private ConformanceSupport lab;

    @BeforeEach
    void start() throws IOException {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).startEpochMillis(1_795_491_068_000L).build());
        client = AmiTestClient.login(sim.port());
        lab = new ConformanceSupport(client);
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private static AmiMessage ok(AmiMessage r) {
        assertThat(r.get("Response")).as("%s", r).isEqualTo("Success");
        return r;
    }

    @Test
    void mixMonitorMuteAndStopMatchTrace11() throws IOException {
        int mark = client.mark();
        String caller = lab.originateCaller("9011", "Ken Record", "5551011");
        String agent = lab.routeAndAnswer(caller, "2001");
        String uid = client.events().stream().filter(m -> "Newchannel".equals(m.eventName())
                && caller.equals(m.get("Channel"))).findFirst().orElseThrow().get("Uniqueid");
        String file = "cti-9011-call" + uid + ".wav";
        AmiMessage start = ok(client.action("MixMonitor", "Channel", caller, "File", file, "Options", "b"));
        assertThat(start.get("Message")).isNull();
        ok(client.action("MixMonitorMute", "Channel", caller, "Direction", "both", "State", "1"));
        ok(client.action("MixMonitorMute", "Channel", caller, "Direction", "both", "State", "0"));
        ok(client.action("MixMonitorMute", "Channel", caller, "Direction", "read", "State", "1"));
        ok(client.action("StopMixMonitor", "Channel", caller));
        assertThat(client.action("StopMixMonitor", "Channel", caller).get("Message"))
                .isEqualTo("Could not stop monitoring channel");
        assertThat(client.action("MixMonitorMute", "Channel", caller, "Direction", "both", "State", "1").get("Message"))
                .isEqualTo("Cannot set mute flag");
        assertThat(client.action("MixMonitor", "Channel", "Local/9999@callers-deadbeef;1", "File", "x.wav")
                .get("Message")).isEqualTo("No such channel");
        assertThat(client.action("Hangup", "Channel", agent).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent("ExtensionStatus", "Status", "0");
        List<AmiMessage> mine = lab.settle(mark);
        ConformanceSupport.assertMatches("11-recording.ami", mine);
        assertThat(mine.stream().filter(m -> "MIXMONITOR_FILENAME".equals(m.get("Variable"))).findFirst()
                .orElseThrow().get("Value")).isEqualTo("/var/spool/asterisk/monitor/" + file);
        assertThat(sim.ledger().recordings()).singleElement().satisfies(r -> {
            assertThat(r.uniqueid()).isEqualTo(uid);
            assertThat(r.stopped()).isNotNull();
        });
    }

    @Test
    void chanSpyListenWhisperAndBargeMatchTrace12() throws IOException {
        int mark = client.mark();
        String caller = lab.originateCaller("9012", "Leo Spied", "5551012");
        String agent = lab.routeAndAnswer(caller, "2001");
        for (String mode : new String[] {"q", "qw", "qB"}) {
            String id = client.sendAction("Originate", "Channel", "Local/3001@supervisor", "Application", "ChanSpy",
                    "Data", agent + "," + mode, "CallerID", "\"Supervisor\" <3001>", "Timeout", "30000", "Async", "true");
            ok(client.awaitResponse(id));
            AmiMessage started = client.awaitEvent("OriginateResponse", "ActionID", id);
            assertThat(started.get("Reason")).isEqualTo("4");
            String spyer = started.get("Channel");
            assertThat(client.awaitEvent("ChanSpyStart", "SpyerChannel", spyer).get("SpyeeChannel")).isEqualTo(agent);
            client.awaitEvent("ChanSpyStop", "SpyerChannel", spyer);
            client.awaitEvent("Hangup", "Channel", spyer);
        }
        assertThat(client.action("Hangup", "Channel", caller).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent("ExtensionStatus", "Status", "0");
        // the ringing agent's handset and the bridged hangup race with the caller's side: compared per channel
        ConformanceSupport.assertMatchesPerChannel("12-chanspy.ami", lab.settle(mark));
    }

    @Test
    void amiHangupOfTheSpyEndsChanSpy() {
        String caller = lab.originateCaller("9012", "Leo Spied", "5551012");
        String agent = lab.routeAndAnswer(caller, "2001");
        lab.global("SUPERVISOR_TALK_SECONDS", "600");
        String id = client.sendAction("Originate", "Channel", "Local/3001@supervisor", "Application", "ChanSpy",
                "Data", agent + ",q", "CallerID", "\"Supervisor\" <3001>", "Async", "true");
        client.awaitResponse(id);
        String spyer = client.awaitEvent("OriginateResponse", "ActionID", id).get("Channel");
        client.awaitEvent("ChanSpyStart", "SpyerChannel", spyer);
        assertThat(client.action("Hangup", "Channel", spyer).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent("ChanSpyStop", "SpyerChannel", spyer);
        client.awaitEvent("Hangup", "Channel", spyer.replace(";1", ";2"));
        // the spied call goes on
        assertThat(client.action("Getvar", "Channel", agent, "Variable", "BRIDGEPEER").get("Value")).isEqualTo(caller);
    }

    @Test
    void ivrDtmfPlayDtmfAndVariablesMatchTrace13() throws IOException {
        lab.global("CALLER_9013_DTMF", "2");
        int mark = client.mark();
        ok(client.action("Originate", "Channel", "Local/9013@callers", "Context", "inbound", "Exten", "101",
                "Priority", "1", "CallerID", "\"Mia Dtmf\" <5551013>", "Timeout", "30000", "Async", "true"));
        String caller = client.awaitEvent("MusicOnHoldStart", null, null).get("Channel");
        client.awaitEvent(m -> "Newexten".equals(m.eventName()) && "7".equals(m.get("Priority"))
                && m.get("Channel").endsWith(";2"));
        assertThat(client.action("PlayDTMF", "Channel", caller, "Digit", "5", "Duration", "200").get("Message"))
                .isEqualTo("DTMF successfully queued");
        client.awaitEvent(m -> "DTMFEnd".equals(m.eventName()) && "5".equals(m.get("Digit")));
        ok(client.action("PlayDTMF", "Channel", caller, "Digit", "#", "Duration", "200", "Receive", "true"));
        assertThat(ok(client.action("Setvar", "Channel", caller, "Variable", "CTI_AGENT_HINT", "Value", "2002"))
                .get("Message")).isEqualTo("Variable Set");
        assertThat(client.action("Getvar", "Channel", caller, "Variable", "CTI_AGENT_HINT").get("Value")).isEqualTo("2002");
        assertThat(client.action("Getvar", "Channel", caller, "Variable", "IVR_CHOICE").get("Value")).isEqualTo("2");
        assertThat(client.action("Getvar", "Channel", caller, "Variable", "CALLERID(num)").get("Value")).isEqualTo("5551013");
        assertThat(client.action("Getvar", "Channel", caller, "Variable", "NO_SUCH_VAR").get("Value")).isEmpty();
        ok(client.action("Setvar", "Channel", caller, "Variable", "__CTI_TRACE_ID", "Value", "T-0013"));
        ok(client.action("Setvar", "Variable", "CTI_MODE", "Value", "night"));
        assertThat(client.action("Getvar", "Variable", "CTI_MODE").get("Value")).isEqualTo("night");
        ok(client.action("Setvar", "Channel", caller, "Variable", "CALLERID(name)", "Value", "Mia VIP"));
        client.awaitEvent("NewCallerid", "CallerIDName", "Mia VIP");
        assertThat(client.action("Getvar", "Channel", caller, "Variable", "CTI_TRACE_ID").get("Value")).isEqualTo("T-0013");
        assertThat(client.action("PlayDTMF", "Channel", caller).get("Message")).isEqualTo("No digit specified");
        assertThat(client.action("PlayDTMF", "Channel", "Local/9999@callers-deadbeef;1", "Digit", "1").get("Message"))
                .isEqualTo("Channel not found");
        assertThat(client.action("Hangup", "Channel", caller).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent("Hangup", "Channel", caller.replace(";1", ";2"));
        // the two halves of an AMI hangup race (trace 04 and 13 show both orders): compared per channel
        ConformanceSupport.assertMatchesPerChannel("13-dtmf-vars.ami", lab.settle(mark));
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> assertThat(c.queue()).isEqualTo("support"));
    }

    @Test
    void waitingCallerPressesAKeyThroughTheTestHook() {
        ok(client.action("Originate", "Channel", "Local/9013@callers", "Context", "inbound", "Exten", "101",
                "Priority", "1", "CallerID", "\"Mia Dtmf\" <5551013>", "Async", "true"));
        String caller = client.awaitEvent("VarSet", "Variable", "READSTATUS").get("Channel");
        String callId = client.events().stream().filter(m -> "Newchannel".equals(m.eventName())
                && caller.equals(m.get("Channel"))).findFirst().orElseThrow().get("Uniqueid");
        assertThat(sim.callerPresses(callId, "1")).isTrue();
        AmiMessage waiting = client.awaitEvent("UserEvent", "UserEvent", "CtiCallWaiting");
        assertThat(waiting.get("IvrChoice")).isEqualTo("1");
        assertThat(waiting.get("Queue")).isEqualTo("sales");
        assertThat(client.events()).anyMatch(m -> "DTMFBegin".equals(m.eventName()) && caller.equals(m.get("Channel")));
        assertThat(sim.callerPresses(caller, "9")).isTrue();
        client.awaitEvent(m -> "DTMFEnd".equals(m.eventName()) && "9".equals(m.get("Digit")));
        assertThat(sim.callerPresses("no-such-call", "1")).isFalse();
    }

    @Test
    void amdResultsMatchTrace16() throws IOException {
        int mark = client.mark();
        for (String number : new String[] {"5550701", "5550702", "5550703"}) {
            String id = "amd-" + number;
            ok(client.awaitResponse(client.sendActionWithId(id, "Originate", "Channel", "Local/" + number + "@pstn",
                    "Context", "amd", "Exten", "s", "Priority", "1", "CallerID", "\"Campaign\" <5550000>",
                    "Timeout", "20000", "Async", "true")));
            client.awaitFrame(m -> "Hangup".equals(m.eventName()) && m.get("Channel").startsWith("Local/" + number)
                    && m.get("Channel").endsWith(";2"), Duration.ofSeconds(10));
        }
        ConformanceSupport.assertMatches("16-amd.ami", lab.settle(mark));
        assertThat(sim.ledger().amdResults()).extracting(SimulatorLedger.AmdResult::status)
                .containsExactly("HUMAN", "MACHINE", "MACHINE");
    }

    @Test
    void amdResultIsConfigurablePerNumber() throws IOException {
        sim.close();
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20)
                .pstnNumber("5551234", SimulatorConfig.PstnNumber.amd("MACHINE", "MAXWORDS-4-4", 1.5)).build());
        client.close();
        client = AmiTestClient.login(sim.port());
        ok(client.action("Originate", "Channel", "Local/5551234@pstn", "Context", "amd", "Exten", "s", "Priority", "1",
                "Async", "true"));
        AmiMessage result = client.awaitEvent("UserEvent", "UserEvent", "CtiAmdResult");
        assertThat(result.get("AmdStatus")).isEqualTo("MACHINE");
        assertThat(result.get("AmdCause")).isEqualTo("MAXWORDS-4-4");
    }
}
