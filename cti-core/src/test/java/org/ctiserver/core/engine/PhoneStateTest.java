package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.core.testing.EngineHarness.chan;
import static org.ctiserver.core.testing.EngineHarness.ext;

import java.util.List;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PhoneState;
import org.ctiserver.core.stats.PhoneStatus;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/** Agents' phones: unregistered or busy outside the CTI means no offer; the CTI's own calls do not count. */
class PhoneStateTest {

    private final EngineHarness h = EngineHarness.withDefaultConfig();

    private void phone(String agentId, PhoneState state) {
        h.pbx(new PbxEvent.PhoneStateChanged(ext(agentId), state, "PJSIP/" + ext(agentId)));
    }

    private List<String> routedTo() {
        return h.pbx(PbxCommand.RouteToAgent.class).stream().map(PbxCommand.RouteToAgent::agentExtension).toList();
    }

    @Test
    void unregisteredPhone_getsNoOffer_andGetsTheWaitingCallWhenItRegisters() {
        h.loginReady("a1");
        phone("a1", PhoneState.UNAVAILABLE);
        assertThat(h.state("a1")).as("the CTI state does not change").isEqualTo(AgentState.READY);
        assertThat(h.engine.phoneStatus("a1")).contains(
                new PhoneStatus("a1", ext("a1"), PhoneState.UNAVAILABLE, false, h.clock.epochMillis()));
        assertThat(h.events(CtiEvent.AgentPhoneChanged.class)).last()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(PhoneState.UNAVAILABLE);
                    assertThat(e.offerable()).isFalse();
                });

        h.callWaiting("c1", "sales");
        h.passSeconds(30);
        assertThat(h.offers()).isEmpty();
        assertThat(h.pbx(PbxCommand.RouteToAgent.class)).isEmpty();
        assertThat(h.engine.callState("c1")).contains(CallState.QUEUED);
        assertThat(h.engine.agentsHeldByPhone()).isEqualTo(1);

        phone("a1", PhoneState.IDLE);
        assertThat(h.offers()).containsExactly("c1->a1");
        assertThat(routedTo()).containsExactly(ext("a1"));
        assertThat(h.engine.agentsHeldByPhone()).isZero();
    }

    @Test
    void busyOutsideTheCti_isSkipped_forTheNextAgent() {
        h.loginReady("a1", "a2"); // a1 idle longest: first choice
        phone("a1", PhoneState.IN_USE); // a personal call
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).containsExactly("c1->a2");

        phone("a1", PhoneState.IDLE);
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).containsExactly("c1->a2", "c2->a1");
    }

    @Test
    void busyRingingAndOnHold_allBlock_unknownDoesNot() {
        h.loginReady("a1");
        for (PhoneState busy : List.of(PhoneState.BUSY, PhoneState.RINGING, PhoneState.ON_HOLD)) {
            phone("a1", busy);
            assertThat(h.engine.phoneStatus("a1").orElseThrow().offerable()).as(busy.name()).isFalse();
        }
        phone("a1", PhoneState.UNKNOWN);
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).containsExactly("c1->a1");
    }

    @Test
    void theCtisOwnCall_makingThePhoneBusy_doesNotBlock() {
        h.loginReady("a1", "a2");
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).containsExactly("c1->a1");
        phone("a1", PhoneState.RINGING);
        phone("a1", PhoneState.IN_USE);
        h.answer("c1", "a1");
        phone("a1", PhoneState.IN_USE);
        assertThat(h.engine.phoneStatus("a1").orElseThrow().offerable()).isTrue();
        h.hangup("c1"); // the caller's channel ends the call; the agent's leg is reported idle a moment later
        assertThat(h.state("a1")).isEqualTo(AgentState.WRAP_UP);
        h.passSeconds(10); // wrap-up deadline: READY again while the phone still says IN_USE
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        phone("a1", PhoneState.IN_USE); // a repeat of the same state, as Asterisk sends it
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).as("a1 idle since the end of wrap-up, a2 since login: a2 first")
                .containsExactly("c1->a1", "c2->a2");
        h.callWaiting("c3", "sales");
        assertThat(h.offers()).as("the phone busy with the CTI's call does not hold a1")
                .containsExactly("c1->a1", "c2->a2", "c3->a1");
    }

    @Test
    void aPersonalCallAfterTheCtiCall_blocksAgain() {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        phone("a1", PhoneState.IN_USE);
        h.answer("c1", "a1");
        h.hangup("c1");
        phone("a1", PhoneState.IDLE);
        phone("a1", PhoneState.IN_USE); // during wrap-up, the agent calls someone
        h.passSeconds(10);
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        h.callWaiting("c2", "sales");
        assertThat(h.offers()).containsExactly("c1->a1");
        phone("a1", PhoneState.IDLE);
        assertThat(h.offers()).containsExactly("c1->a1", "c2->a1");
    }

    @Test
    void loginOnAnUnregisteredPhone_isAllowed_reported_andGetsNoCall() {
        h.pbx(new PbxEvent.PhoneStateChanged(ext("a1"), PhoneState.UNAVAILABLE, "PJSIP/" + ext("a1")));
        h.loginReady("a1");
        assertThat(h.state("a1")).isEqualTo(AgentState.READY);
        assertThat(h.events(CtiEvent.AgentPhoneChanged.class)).singleElement().satisfies(e -> {
            assertThat(e.agentId()).isEqualTo("a1");
            assertThat(e.state()).isEqualTo(PhoneState.UNAVAILABLE);
            assertThat(e.offerable()).isFalse();
        });
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).isEmpty();
        phone("a1", PhoneState.IDLE);
        assertThat(h.offers()).containsExactly("c1->a1");
    }

    @Test
    void phonesOfExtensionsNoAgentUses_areIgnored() {
        h.loginReady("a1");
        h.pbx(new PbxEvent.PhoneStateChanged("9001", PhoneState.IN_USE, "Local/9001@callers"));
        h.pbx(new PbxEvent.PhoneStateChanged("", PhoneState.UNAVAILABLE, "Custom:x"));
        h.pbx(new PbxEvent.PhoneStateChanged(null, null, null));
        assertThat(h.events(CtiEvent.AgentPhoneChanged.class)).isEmpty();
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).containsExactly("c1->a1");
    }

    @Test
    void goingNotReadyAndBack_whileUnregistered_staysHeld() {
        h.loginReady("a1");
        phone("a1", PhoneState.UNAVAILABLE);
        h.cmd(new org.ctiserver.core.command.AgentCommand.NotReady("a1", "break"));
        h.ready("a1");
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).isEmpty();
        phone("a1", PhoneState.IDLE);
        assertThat(h.offers()).containsExactly("c1->a1");
    }

    @Test
    void resyncReadsPhoneStates() {
        h.loginReady("a1", "a2");
        h.pbx(new PbxEvent.LinkDown("lost"));
        h.pbx(new PbxEvent.ChannelsSnapshot(List.of(), List.of(), List.of(
                new PbxEvent.PhoneStateChanged(ext("a1"), PhoneState.UNAVAILABLE, "PJSIP/" + ext("a1")),
                new PbxEvent.PhoneStateChanged(ext("a2"), PhoneState.IDLE, "PJSIP/" + ext("a2")))));
        h.pbx(new PbxEvent.LinkUp("Asterisk 22"));
        h.callWaiting("c1", "sales");
        assertThat(h.offers()).containsExactly("c1->a2");
        assertThat(chan("c1")).isNotEmpty();
    }
}
