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
 * Call control flows of the reference traces 07 to 09b (hold, resume, blind and consultative transfer),
 * replayed as the lab's client drove Asterisk and compared as {@link TraceConformanceTest} does.
 */
@Tag("integration")
class CallControlConformanceTest {
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

    @Test
    void holdByDualRedirectAndResumeByBridgeMatchTrace07() throws IOException {
        int mark = client.mark();
        String caller = lab.originateCaller("9007", "Grace Hold", "5551007");
        String agent = lab.routeAndAnswer(caller, "2001");
        AmiMessage hold = client.action("Redirect", "Channel", caller, "Context", "hold", "Exten", "caller",
                "Priority", "1", "ExtraChannel", agent, "ExtraContext", "hold", "ExtraExten", "agent", "ExtraPriority", "1");
        assertThat(hold.get("Message")).isEqualTo("Dual Redirect successful");
        client.awaitEvent(m -> "Newexten".equals(m.eventName()) && agent.equals(m.get("Channel"))
                && "Wait".equals(m.get("Application")));
        AmiMessage resume = client.action("Bridge", "Channel1", caller, "Channel2", agent, "Tone", "no");
        assertThat(resume.get("Message")).isEqualTo("Channels have been bridged");
        client.awaitEvent("NewConnectedLine", "Channel", caller);
        assertThat(client.action("Hangup", "Channel", agent).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent("ExtensionStatus", "Status", "0");
        ConformanceSupport.assertMatches("07-hold-resume.ami", lab.settle(mark));
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> {
            assertThat(c.answeredBy()).isEqualTo("2001");
            assertThat(c.ended()).isTrue();
        });
    }

    @Test
    void holdWithTheAgentLegNamedFirstHoldsBothAndResumesAgain() {
        String caller = lab.originateCaller("9007", "Grace Hold", "5551007");
        String agent = lab.routeAndAnswer(caller, "2001");
        AmiMessage hold = client.action("Redirect", "Channel", agent, "Context", "hold", "Exten", "agent",
                "Priority", "1", "ExtraChannel", caller, "ExtraContext", "hold", "ExtraExten", "caller", "ExtraPriority", "1");
        assertThat(hold.get("Message")).isEqualTo("Dual Redirect successful");
        client.awaitEvent("MusicOnHoldStart", "Channel", caller);
        client.awaitEvent(m -> "Newexten".equals(m.eventName()) && agent.equals(m.get("Channel"))
                && "Wait".equals(m.get("Application")));
        assertThat(client.action("Bridge", "Channel1", caller, "Channel2", agent).get("Message"))
                .isEqualTo("Channels have been bridged");
        client.awaitEvent("MusicOnHoldStop", "Channel", caller);
        // hold again after the resume, then the caller hangs up on hold
        client.action("Redirect", "Channel", caller, "Context", "hold", "Exten", "caller", "Priority", "1",
                "ExtraChannel", agent, "ExtraContext", "hold", "ExtraExten", "agent", "ExtraPriority", "1");
        client.awaitFrame(m -> client.events().stream().filter(e -> "MusicOnHoldStart".equals(e.eventName())
                && caller.equals(e.get("Channel"))).count() == 3, java.time.Duration.ofSeconds(10));
        assertThat(client.action("Hangup", "Channel", caller).get("Message")).isEqualTo("Channel Hungup");
        assertThat(client.action("Hangup", "Channel", agent).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent("ExtensionStatus", "Status", "0");
        assertThat(sim.channelCount()).isZero();
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> {
            assertThat(c.ended()).isTrue();
            assertThat(c.transfers()).isZero();
        });
    }

    @Test
    void redirectOfBridgedCallerToAnotherAgentMatchesTrace08() throws IOException {
        lab.global("AGENT_2002_TALK", "3");
        int mark = client.mark();
        String caller = lab.originateCaller("9008", "Heidi Transfer", "5551008");
        lab.routeAndAnswer(caller, "2001");
        lab.redirect(caller, "agentdial", "2002");
        client.awaitEvent(m -> "Hangup".equals(m.eventName()) && m.get("Channel").equals(caller));
        client.awaitEvent(m -> "ExtensionStatus".equals(m.eventName()) && "2002".equals(m.get("Exten"))
                && "0".equals(m.get("Status")));
        ConformanceSupport.assertMatchesPerChannel("08-blind-transfer.ami", lab.settle(mark));
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> {
            assertThat(c.answeredBy()).isEqualTo("2001");
            assertThat(c.transfers()).isEqualTo(1);
        });
        assertThat(sim.ledger().queue("sales").answered()).isEqualTo(1);
    }

    @Test
    void blindTransferActionMatchesTrace08b() throws IOException {
        lab.global("AGENT_2002_TALK", "3");
        int mark = client.mark();
        String caller = lab.originateCaller("9008", "Heidi Transfer", "5551008");
        String agent = lab.routeAndAnswer(caller, "2001");
        AmiMessage r = client.action("BlindTransfer", "Channel", agent, "Context", "agentdial", "Exten", "2002");
        assertThat(r.get("Message")).isEqualTo("Transfer succeeded");
        client.awaitEvent(m -> "Hangup".equals(m.eventName()) && m.get("Channel").equals(caller));
        client.awaitEvent(m -> "ExtensionStatus".equals(m.eventName()) && "2002".equals(m.get("Exten"))
                && "0".equals(m.get("Status")));
        ConformanceSupport.assertMatchesPerChannel("08b-blind-transfer-action.ami", lab.settle(mark));
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> assertThat(c.transfers()).isEqualTo(1));
    }

    @Test
    void consultationByHoldOriginateAndBridgeMatchesTrace09b() throws IOException {
        lab.global("AGENT_2001_RING", "1");
        // 8 s in the lab; longer here so that a loaded machine still bridges before 2002 hangs up (only Wait's data differs)
        lab.global("AGENT_2002_TALK", "40");
        int mark = client.mark();
        String caller = lab.originateCaller("9009", "Ivan Attended", "5551009");
        String firstLeg = lab.routeAndAnswer(caller, "2001");
        lab.redirect(caller, "hold", "caller");
        client.awaitEvent(m -> "Hangup".equals(m.eventName()) && m.get("Channel").equals(firstLeg.replace(";1", ";2")));
        String consulted = consult("2001", "2002");
        AmiMessage done = client.action("Bridge", "Channel1", caller, "Channel2", consulted, "Tone", "no");
        assertThat(done.get("Message")).isEqualTo("Channels have been bridged");
        AmiMessage last = client.awaitEvent(m -> "Hangup".equals(m.eventName())
                && m.get("Channel").equals(caller.replace(";1", ";2")));
        String callerUid = client.events().stream()
                .filter(m -> "Newchannel".equals(m.eventName()) && caller.equals(m.get("Channel")))
                .findFirst().orElseThrow().get("Uniqueid");
        assertThat(last.get("Linkedid")).isEqualTo(callerUid);
        // quirk 25: the consulted leg hangs up with the caller's Linkedid, its ;2 half with the consultation's own
        AmiMessage consultedNew = client.events().stream()
                .filter(m -> "Newchannel".equals(m.eventName()) && consulted.equals(m.get("Channel"))).findFirst().orElseThrow();
        assertThat(client.events().stream().filter(m -> "Hangup".equals(m.eventName()) && consulted.equals(m.get("Channel")))
                .findFirst().orElseThrow().get("Linkedid")).isEqualTo(callerUid);
        assertThat(client.events().stream().filter(m -> "Hangup".equals(m.eventName())
                && consulted.replace(";1", ";2").equals(m.get("Channel"))).findFirst().orElseThrow().get("Linkedid"))
                .isEqualTo(consultedNew.get("Linkedid"));
        // the second line's ;1/;2 go Up in either order (trace 14 a shows the other one): compared per channel
        ConformanceSupport.assertMatchesPerChannel("09b-consult-transfer-ami.ami", lab.settle(mark));
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> {
            assertThat(c.answeredBy()).isEqualTo("2001");
            assertThat(c.transfers()).isEqualTo(1);
        });
        assertThat(sim.ledger().transfers()).singleElement().satisfies(t -> {
            assertThat(t.fromAgent()).isEqualTo("2001");
            assertThat(t.to()).isEqualTo("2002");
        });
        assertThat(sim.ledger().queue("sales").answered()).isEqualTo(1);
        assertThat(sim.channelCount()).isZero();
    }

    @Test
    void cancelledConsultationBridgesTheCallerBackToTheConsultingAgent() {
        lab.global("AGENT_2001_RING", "1");
        lab.global("AGENT_2001_TALK", "30");
        String caller = lab.originateCaller("9009", "Ivan Attended", "5551009");
        lab.routeAndAnswer(caller, "2001");
        lab.redirect(caller, "hold", "caller");
        String consulted = consult("2001", "2002");
        String consulting = client.events().stream().filter(m -> "OriginateResponse".equals(m.eventName())
                && "orig-consult".equals(m.get("ActionID"))).findFirst().orElseThrow().get("Channel");
        AmiMessage back = client.action("Bridge", "Channel1", caller, "Channel2", consulting, "Tone", "no");
        assertThat(back.get("Message")).isEqualTo("Channels have been bridged");
        client.awaitEvent(m -> "Hangup".equals(m.eventName()) && consulted.equals(m.get("Channel")));
        assertThat(client.action("Hangup", "Channel", consulted).get("Message")).isEqualTo("No such channel");
        // the consulting agent's line hangs up after its talk time: the caller's call ends with it
        client.awaitEvent(m -> "Hangup".equals(m.eventName()) && caller.equals(m.get("Channel")));
        client.awaitFrame(m -> sim.channelCount() == 0, java.time.Duration.ofSeconds(10));
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> {
            assertThat(c.transfers()).isZero();
            assertThat(c.outcome()).isEqualTo(SimulatorLedger.Outcome.ANSWERED);
        });
    }

    @Test
    void conferenceByDualAndSingleRedirectMatchesTrace10() throws IOException {
        lab.global("AGENT_2001_RING", "1");
        int mark = client.mark();
        String caller = lab.originateCaller("9010", "Judy Conf", "5551010");
        String agent = lab.routeAndAnswer(caller, "2001");
        String consulted = consult("2001", "2002");
        AmiMessage both = client.action("Redirect", "Channel", caller, "Context", "conf", "Exten", "8001",
                "Priority", "1", "ExtraChannel", agent, "ExtraContext", "conf", "ExtraExten", "8001", "ExtraPriority", "1");
        assertThat(both.get("Message")).isEqualTo("Dual Redirect successful");
        client.awaitEvent("ConfbridgeJoin", "Channel", agent);
        lab.redirect(consulted, "conf", "8001");
        client.awaitEvent("ConfbridgeJoin", "Channel", consulted);

        String listId = client.sendAction("ConfbridgeList", "Conference", "8001");
        assertThat(client.awaitResponse(listId).get("EventList")).isEqualTo("start");
        AmiMessage complete = client.awaitEvent("ConfbridgeListComplete", "ActionID", listId);
        assertThat(complete.get("ListItems")).isEqualTo("3");
        String roomsId = client.sendAction("ConfbridgeListRooms");
        client.awaitResponse(roomsId);
        assertThat(client.awaitEvent("ConfbridgeListRooms", "ActionID", roomsId).get("Parties")).isEqualTo("3");
        assertThat(client.action("ConfbridgeList", "Conference", "9999").get("Message")).isEqualTo("No active conferences.");

        for (String party : new String[] {consulted, caller, agent}) {
            assertThat(client.action("Hangup", "Channel", party).get("Message")).isEqualTo("Channel Hungup");
            client.awaitEvent(m -> "Hangup".equals(m.eventName()) && party.replace(";1", ";2").equals(m.get("Channel")));
        }
        client.awaitEvent("DeviceStateChange", "State", "UNKNOWN");
        // live events only (list items have no Privilege); the parties' threads interleave: compared per channel
        List<AmiMessage> mine = lab.settle(mark).stream().filter(m -> m.get("Privilege") != null).toList();
        TraceAssert.assertMatchesPerChannel("10", TraceFile.load("10-conference.ami").events().stream()
                .filter(m -> m.get("Privilege") != null).toList(), mine);
        TraceAssert.assertSameChannels("10", TraceFile.load("10-conference.ami").events(), mine);
        // the list items of ConfbridgeList and ConfbridgeListRooms have the trace's headers
        List<AmiMessage> myItems = client.events().stream().filter(m -> m.eventName().startsWith("ConfbridgeList")
                && m.get("Privilege") == null).toList();
        List<AmiMessage> refItems = TraceFile.load("10-conference.ami").events().stream()
                .filter(m -> m.eventName().startsWith("ConfbridgeList")).toList();
        assertThat(TraceFile.headerShapes(myItems)).isEqualTo(TraceFile.headerShapes(refItems));
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> {
            assertThat(c.answeredBy()).isEqualTo("2001");
            assertThat(c.transfers()).isZero();
            assertThat(c.endReason()).isEqualTo(SimulatorLedger.EndReason.AMI_HANGUP);
        });
        assertThat(client.action("ConfbridgeListRooms").get("Message")).isEqualTo("No active conferences.");
    }

    @Test
    void callerParkedOnHoldIsTransferredToAnotherAgentAndCountedOnce() {
        lab.global("AGENT_2001_RING", "1");
        lab.global("AGENT_2002_RING", "1");
        String caller = lab.originateCaller("9020", "Olga Queue", "5551020");
        lab.routeAndAnswer(caller, "2001");
        lab.redirect(caller, "hold", "caller");
        client.awaitEvent("ExtensionStatus", "Status", "0");
        lab.routeAndAnswer(caller, "2002");
        assertThat(sim.ledger().calls()).singleElement().satisfies(c -> {
            assertThat(c.answeredBy()).isEqualTo("2001");
            assertThat(c.transfers()).isEqualTo(1);
            assertThat(c.offers()).isEqualTo(2);
        });
        assertThat(sim.ledger().queue("sales").answered()).isEqualTo(1);
    }

    @Test
    void manualPhoneAnswersAnOriginateFromItsOwnExtension() throws IOException {
        sim.close();
        client.close();
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20)
                .phone(SimulatorConfig.Phone.lab("2001").withManual(true)).phone(SimulatorConfig.Phone.lab("2002")).build());
        client = AmiTestClient.login(sim.port());
        lab = new ConformanceSupport(client);
        String consulted = consult("2001", "2002");
        String second = client.events().stream().filter(m -> "OriginateResponse".equals(m.eventName()))
                .findFirst().orElseThrow().get("Channel");
        assertThat(second).startsWith("Local/2001@agents-");
        // the second line ends when the consulted party does (Dial returns)
        assertThat(client.action("Hangup", "Channel", consulted).get("Message")).isEqualTo("Channel Hungup");
        client.awaitEvent("Hangup", "Channel", second);
        assertThat(sim.channelCount()).isZero();
    }

    /** The agent's second line calls another agent (Originate from the agent's own extension); returns the consulted leg. */
    private String consult(String from, String to) {
        AmiMessage r = client.awaitResponse(client.sendActionWithId("orig-consult", "Originate",
                "Channel", "Local/" + from + "@agents", "Context", "agentdial", "Exten", to, "Priority", "1",
                "CallerID", "\"Agent " + from + "\" <" + from + ">", "Timeout", "30000", "Async", "true"));
        assertThat(r.get("Message")).isEqualTo("Originate successfully queued");
        client.awaitEvent(m -> "BridgeEnter".equals(m.eventName()) && m.get("Channel").startsWith("Local/" + from + "@agents-")
                && "agentdial".equals(m.get("Context")) && "2".equals(m.get("BridgeNumChannels")));
        return lab.agentLegOf(to);
    }
}
