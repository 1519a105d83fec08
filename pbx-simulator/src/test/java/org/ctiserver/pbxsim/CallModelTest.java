package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.SimulatorLedger.CallEntry;
import org.ctiserver.pbxsim.SimulatorLedger.EndReason;
import org.ctiserver.pbxsim.SimulatorLedger.Outcome;
import org.ctiserver.pbxsim.ami.AmiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Call flows beyond the traces (busy, unavailable phone, transfer, manual phone) and the ledger's counting rules. */
@Tag("integration")
class CallModelTest {
    private PbxSimulator sim;
    private AmiTestClient c;

    private void start(SimulatorConfig.Builder b) throws IOException {
        sim = PbxSimulator.start(b.timeScale(20).build());
        c = AmiTestClient.login(sim.port());
    }

    @AfterEach
    void stop() {
        if (c != null) {
            c.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private String originate(String exten, String number) {
        c.action("Originate", "Channel", "Local/" + exten + "@callers", "Context", "inbound", "Exten", "100",
                "Priority", "1", "CallerID", "\"Test " + exten + "\" <" + number + ">", "Async", "true");
        return c.awaitEvent(m -> "MusicOnHoldStart".equals(m.eventName())
                && m.get("Channel").startsWith("Local/" + exten + "@callers")).get("Channel");
    }

    private void redirect(String channel, String ext) {
        assertThat(c.action("Redirect", "Channel", channel, "Context", "agentdial", "Exten", ext, "Priority", "1")
                .get("Message")).isEqualTo("Redirect successful");
    }

    private void global(String name, String value) {
        c.action("Setvar", "Variable", name, "Value", value);
    }

    private CallEntry entry(String channel) {
        String id = c.events().stream().filter(e -> "UserEvent".equals(e.eventName()) && channel.equals(e.get("Channel")))
                .findFirst().orElseThrow().get("CallUid");
        return sim.ledger().call(id).orElseThrow();
    }

    private CallEntry awaitEnded(String channel) {
        await().atMost(Duration.ofSeconds(10)).until(() -> entry(channel).ended());
        return entry(channel);
    }

    @Test
    void answeredAbandonedAndClearedAreCountedPerQueue() throws IOException {
        start(SimulatorConfig.builder().callTypes(java.util.List.of(SimulatorConfig.CallType.of("sales", "sales"),
                SimulatorConfig.CallType.of("impatient", "support").withPatience(2))));
        global("AGENT_2001_TALK", "3");
        String answered = originate("9001", "5551001");
        redirect(answered, "2001");
        CallEntry a = awaitEnded(answered);
        assertThat(a.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(a.answeredBy()).isEqualTo("2001");
        assertThat(a.endReason()).isEqualTo(EndReason.AGENT_HANGUP);
        assertThat(a.answeredAt()).isAfter(a.arrivalTime());

        String cleared = originate("9002", "5551002");
        c.action("Hangup", "Channel", cleared);
        assertThat(awaitEnded(cleared).outcome()).isEqualTo(Outcome.CLEARED);

        String id = sim.injectCall("impatient");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.ledger().call(id).orElseThrow().ended());
        CallEntry ab = sim.ledger().call(id).orElseThrow();
        assertThat(ab.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(ab.endReason()).isEqualTo(EndReason.CALLER_HANGUP);
        assertThat(ab.generated()).isTrue();

        assertThat(sim.ledger().queue("sales")).isEqualTo(new SimulatorLedger.QueueTally("sales", 2, 1, 0, 1));
        assertThat(sim.ledger().queue("support")).isEqualTo(new SimulatorLedger.QueueTally("support", 1, 0, 1, 0));
        assertThat(sim.ledger().eventCount("UserEvent")).isEqualTo(3);
        assertThat(sim.ledger().eventsEmitted()).isGreaterThan(100);
    }

    @Test
    void phoneAlreadyInACallGivesBusyAndRequeues() throws IOException {
        start(SimulatorConfig.builder());
        global("AGENT_2001_RING", "60");
        String first = originate("9001", "5551001");
        redirect(first, "2001");
        c.awaitEvent("DialState", "DialStatus", "RINGING");
        String second = originate("9002", "5551002");
        redirect(second, "2001");
        assertThat(c.awaitEvent("DialEnd", "Channel", second).get("DialStatus")).isEqualTo("BUSY");
        AmiMessage requeued = c.awaitEvent(m -> "CtiCallRequeued".equals(m.get("UserEvent"))
                && second.equals(m.get("Channel")));
        assertThat(requeued.get("DialStatus")).isEqualTo("BUSY");
        assertThat(requeued.get("LastAgent")).isEqualTo("2001");
        assertThat(entry(second).outcome()).isEqualTo(Outcome.WAITING);
        assertThat(entry(first).outcome()).isEqualTo(Outcome.RINGING);
    }

    @Test
    void unknownOrUnregisteredPhoneGivesChanunavail() throws IOException {
        start(SimulatorConfig.builder());
        String caller = originate("9001", "5551001");
        redirect(caller, "2999");
        AmiMessage r = c.awaitEvent(m -> "CtiCallRequeued".equals(m.get("UserEvent")));
        assertThat(r.get("DialStatus")).isEqualTo("CHANUNAVAIL");
        assertThat(c.events()).noneMatch(m -> "DialBegin".equals(m.eventName()) && caller.equals(m.get("Channel")));

        assertThat(sim.setPhoneRegistered("2002", false)).isTrue();
        assertThat(c.action("ExtensionState", "Exten", "2002", "Context", "hints").get("StatusText"))
                .isEqualTo("Unavailable");
        int mark = c.mark();
        redirect(caller, "2002");
        c.awaitFrame(m -> m.isEvent() && "CtiCallRequeued".equals(m.get("UserEvent"))
                && c.eventsSince(mark).contains(m), Duration.ofSeconds(5));
        assertThat(c.eventsSince(mark)).anyMatch(m -> "CHANUNAVAIL".equals(m.get("DialStatus")));
    }

    @Test
    void redirectOfABridgedCallerTransfersItToAnotherAgent() throws IOException {
        start(SimulatorConfig.builder());
        String caller = originate("9001", "5551001");
        redirect(caller, "2001");
        AmiMessage first = c.awaitEvent(m -> "BridgeEnter".equals(m.eventName()) && caller.equals(m.get("Channel")));
        redirect(caller, "2002");
        c.awaitEvent("BridgeDestroy", "BridgeUniqueid", first.get("BridgeUniqueid"));
        AmiMessage second = c.awaitEvent(m -> "BridgeEnter".equals(m.eventName()) && caller.equals(m.get("Channel"))
                && !first.get("BridgeUniqueid").equals(m.get("BridgeUniqueid")));
        assertThat(second.get("Exten")).isEqualTo("2002");
        CallEntry e = entry(caller);
        assertThat(e.outcome()).isEqualTo(Outcome.TALKING);
        assertThat(e.answeredBy()).isEqualTo("2001");
        assertThat(e.offers()).isEqualTo(2);
        assertThat(e.lastAgent()).isEqualTo("2002");
        assertThat(sim.ledger().queue("sales").answered()).isEqualTo(1);
    }

    @Test
    void callWaitingCarriesSkillsAndDialedNumberOfTheCallType() throws IOException {
        start(SimulatorConfig.builder().callTypes(java.util.List.of(SimulatorConfig.CallType.of("vip", "billing")
                .withSkills("lang.zh:3,billing:2").withDialedNumber("4008001234").withIvrLang("zh").withPatience(0))));
        String id = sim.injectCall("vip");
        AmiMessage w = c.awaitEvent("UserEvent", "CallUid", id);
        assertThat(w.keys().subList(w.keys().indexOf("UserEvent"), w.size())).containsExactly("UserEvent", "Queue",
                "CallerNumber", "CallerName", "IvrLang", "CustomerId", "Skills", "DialedNumber", "CallUid");
        assertThat(w.get("Queue")).isEqualTo("billing");
        assertThat(w.get("Skills")).isEqualTo("lang.zh:3,billing:2");
        assertThat(w.get("IvrLang")).isEqualTo("zh");
        assertThat(sim.ledger().call(id).orElseThrow().skills()).isEqualTo("lang.zh:3,billing:2");
    }

    @Test
    void manualPhoneAnswersButNeverHangsUpByItself() throws IOException {
        start(SimulatorConfig.builder().manualMaxTalkSeconds(20)
                .phone(SimulatorConfig.Phone.lab("2003").withManual(true).withHandleTime(Distribution.fixed(1))));
        String id = sim.injectCall("sales");
        String caller = c.awaitEvent("UserEvent", "CallUid", id).get("Channel");
        c.awaitEvent("MusicOnHoldStart", "Channel", caller);
        redirect(caller, "2003");
        c.awaitEvent(m -> "BridgeEnter".equals(m.eventName()) && caller.equals(m.get("Channel")));
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> sim.ledger().call(id).orElseThrow().outcome() == Outcome.TALKING);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.ledger().call(id).orElseThrow().ended());
        CallEntry e = sim.ledger().call(id).orElseThrow();
        assertThat(e.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(e.endReason()).isEqualTo(EndReason.CALLER_HANGUP);
        assertThat(Duration.between(e.answeredAt(), e.endedAt())).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void amiHangupOfTheAgentLegEndsTheCall() throws IOException {
        start(SimulatorConfig.builder());
        String caller = originate("9001", "5551001");
        redirect(caller, "2001");
        AmiMessage enter = c.awaitEvent(m -> "BridgeEnter".equals(m.eventName())
                && m.get("Channel").startsWith("Local/2001@agents"));
        assertThat(c.action("Hangup", "Channel", enter.get("Channel")).get("Message")).isEqualTo("Channel Hungup");
        CallEntry e = awaitEnded(caller);
        assertThat(e.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(e.endReason()).isEqualTo(EndReason.AMI_HANGUP);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.channelCount() == 0);
    }
}
