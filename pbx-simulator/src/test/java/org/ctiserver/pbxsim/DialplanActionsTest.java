package org.ctiserver.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.ctiserver.pbxsim.SimulatorLedger.CallEntry;
import org.ctiserver.pbxsim.SimulatorLedger.DialplanAction;
import org.ctiserver.pbxsim.SimulatorLedger.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The CTI's voicemail, message and callback-offer contexts: Redirect there, the caller hung up after, the ledger. */
@Tag("integration")
class DialplanActionsTest {
    private PbxSimulator sim;
    private AmiTestClient c;

    @AfterEach
    void stop() {
        if (c != null) {
            c.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void start() throws IOException {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).build());
        c = AmiTestClient.login(sim.port());
    }

    private String originate(String exten, String number) {
        c.action("Originate", "Channel", "Local/" + exten + "@callers", "Context", "inbound", "Exten", "100",
                "Priority", "1", "CallerID", "\"Test " + exten + "\" <" + number + ">", "Async", "true");
        return c.awaitEvent(m -> "MusicOnHoldStart".equals(m.eventName())
                && m.get("Channel").startsWith("Local/" + exten + "@callers")).get("Channel");
    }

    private String callId(String channel) {
        return c.events().stream().filter(e -> "UserEvent".equals(e.eventName()) && channel.equals(e.get("Channel")))
                .findFirst().orElseThrow().get("CallUid");
    }

    private void redirect(String channel, String context, String exten) {
        assertThat(c.action("Redirect", "Channel", channel, "Context", context, "Exten", exten, "Priority", "1")
                .get("Message")).isEqualTo("Redirect successful");
    }

    private CallEntry awaitEnded(String id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.ledger().call(id).orElseThrow().ended());
        return sim.ledger().call(id).orElseThrow();
    }

    @Test
    void voicemailAndMessage_hangUpAfterwards_andAreRecorded() throws IOException {
        start();
        String vm = originate("9001", "5551001");
        String msg = originate("9002", "5551002");
        redirect(vm, "cti-voicemail", "8001");
        redirect(msg, "cti-message", "cti-all-busy");
        assertThat(awaitEnded(callId(vm)).outcome()).isEqualTo(Outcome.CLEARED);
        assertThat(awaitEnded(callId(msg)).outcome()).isEqualTo(Outcome.CLEARED);
        List<DialplanAction> actions = sim.ledger().dialplanActions();
        assertThat(actions).extracting(DialplanAction::context, DialplanAction::exten, DialplanAction::completed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cti-voicemail", "8001", true),
                        org.assertj.core.groups.Tuple.tuple("cti-message", "cti-all-busy", true));
        assertThat(c.events()).anyMatch(e -> "Newexten".equals(e.eventName()) && vm.equals(e.get("Channel"))
                && "VoiceMail".equals(e.get("Application")) && "8001@default,u".equals(e.get("AppData")));
        assertThat(sim.ledger().queue("sales").answered()).isZero();
    }

    @Test
    void callbackOffer_readsTheKey_thenWaitsForTheCtisRedirect() throws IOException {
        start();
        String caller = originate("9003", "5551003");
        String id = callId(caller);
        redirect(caller, "cti-callback-offer", "cti-callback-offer");
        assertThat(sim.callerPresses(id, "9")).isTrue();
        c.awaitEvent(e -> "DTMFEnd".equals(e.eventName()) && caller.equals(e.get("Channel"))
                && "Received".equals(e.get("Direction")) && "9".equals(e.get("Digit")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "9".equals(sim.ledger().dialplanActions().get(0).digit()));
        // the CTI confirms: the confirmation message, then the hang-up
        redirect(caller, "cti-message", "cti-callback-confirm");
        assertThat(awaitEnded(id).outcome()).isEqualTo(Outcome.CLEARED);
        assertThat(sim.ledger().dialplanActions()).extracting(DialplanAction::context)
                .containsExactly("cti-callback-offer", "cti-message");
    }

    @Test
    void callbackOffer_withoutAKey_hangsUpByItself() throws IOException {
        start();
        String caller = originate("9004", "5551004");
        String id = callId(caller);
        redirect(caller, "cti-callback-offer", "cti-callback-offer");
        assertThat(awaitEnded(id).outcome()).isEqualTo(Outcome.CLEARED);
        DialplanAction a = sim.ledger().dialplanActions().get(0);
        assertThat(a.digit()).isEmpty();
        assertThat(a.completed()).isTrue();
    }
}
