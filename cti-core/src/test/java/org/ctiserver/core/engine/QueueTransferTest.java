package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.AgentCommand.Target;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.queue.BusinessCalendar;
import org.ctiserver.core.queue.DialplanTargets;
import org.ctiserver.core.queue.OverflowAction;
import org.ctiserver.core.queue.OverflowRule;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/**
 * A call an agent transfers to a queue meets that queue's rules: its maximum wait (from the transfer), and a refusal
 * while the queue is closed, full or without agents. Virtual clock; the harness's default queues and agents.
 */
class QueueTransferTest {
    private static EngineHarness harness(QueueRules... rules) {
        return new EngineHarness(EngineHarness.defaultConfig(), List.of(rules));
    }

    /** a1 answers c1 (sales) at once and talks {@code talkSeconds}; outputs cleared. */
    private static void talking(EngineHarness h, long talkSeconds) {
        h.loginReady("a1");
        h.callWaiting("c1", "sales");
        h.answer("c1", "a1");
        h.passSeconds(talkSeconds);
        h.clearOutputs();
    }

    /** a1 transfers c1 to {@code queueId}, ends the wrap-up and takes a break (so it cannot take c1 back). */
    private static void transferAndBreak(EngineHarness h, String queueId) {
        assertThat(h.cmd(new AgentCommand.Transfer("a1", new Target.Queue(queueId))).isOk()).isTrue();
        assertThat(h.cmd(new AgentCommand.CompleteWrapUp("a1", "inquiry", "", "break")).isOk()).isTrue();
    }

    private static void assertRefused(EngineHarness h, CommandResult r, String... inDetail) {
        assertThat(r.isOk()).as("refused: %s", r).isFalse();
        assertThat(r.error()).isEqualTo(ErrorCode.INVALID_TARGET);
        assertThat(r.detail()).contains(inDetail);
        // nothing changed: the agent still talks to the caller, nothing went to the PBX
        assertThat(h.state("a1")).isEqualTo(AgentState.TALKING);
        assertThat(h.pbx).isEmpty();
        assertThat(h.events(CtiEvent.CallTransferred.class)).isEmpty();
        assertThat(h.queueStats("sales").transferred()).isZero();
    }

    @Test
    void transferToQueueWithMaxWait_appliesItsOverflowAfterItsMaxWait_countedFromTheTransfer() {
        EngineHarness h = harness(
                new QueueRules("sales", new OverflowRule(Duration.ofSeconds(60), 0, false,
                        OverflowAction.hangup("busy")), null),
                new QueueRules("support", new OverflowRule(Duration.ofSeconds(30), 0, false,
                        OverflowAction.voicemail("8001")), null));
        talking(h, 100); // past sales' maximum wait counted from the arrival: it must not matter

        transferAndBreak(h, "support");
        assertThat(h.engine.waitingCallIds("support")).containsExactly("c1");
        h.passSeconds(29);
        assertThat(h.engine.waitingCallIds("support")).containsExactly("c1");
        h.passSeconds(1);

        assertThat(h.engine.waitingCallIds("support")).isEmpty();
        assertThat(h.pbx(PbxCommand.Redirect.class)).singleElement().satisfies(r -> assertThat(r.destination())
                .isEqualTo(new PbxCommand.Destination.Dialplan(DialplanTargets.VOICEMAIL, "8001")));
        assertThat(h.events(CtiEvent.CallDiverted.class)).singleElement()
                .satisfies(d -> assertThat(d.queueId()).isEqualTo("support"));
        // answered once, in sales: it ends answered, and support counts it transferred in, not offered or cleared
        assertThat(h.events(CtiEvent.CallEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(CallOutcome.ANSWERED));
        assertThat(h.engine.actionCounts("support").overflowed("voicemail")).isEqualTo(1);
        assertThat(h.engine.actionCounts("support").transferredIn()).isEqualTo(1);
        assertThat(h.engine.actionCounts("sales").transferredIn()).isZero();
        assertThat(h.queueStats("sales").offered()).isEqualTo(1);
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        assertThat(h.queueStats("sales").transferred()).isEqualTo(1);
        assertThat(h.queueStats("support").offered()).isZero();
        assertThat(h.queueStats("support").answered()).isZero();
    }

    @Test
    void transferredCallMovedOnByAnOverflow_isTransferredInThere_notOfferedNorCleared() {
        EngineHarness h = harness(new QueueRules("support", new OverflowRule(Duration.ofSeconds(30), 0, false,
                OverflowAction.toQueue("vip")), null));
        talking(h, 10);
        transferAndBreak(h, "support");
        h.passSeconds(30);

        assertThat(h.engine.waitingCallIds("vip")).containsExactly("c1");
        assertThat(h.engine.actionCounts("vip").transferredIn()).isEqualTo(1);
        assertThat(h.queueStats("vip").offered()).isZero();
        assertThat(h.queueStats("support").offered()).isZero();
        assertThat(h.engine.snapshot(h.clock.epochMillis()).queues()).allSatisfy(q -> assertThat(q.offered())
                .isEqualTo(q.queueId().equals("sales") ? 1 : 0));
        h.loginReady("v1");
        h.answer("c1", "v1");
        assertThat(h.queueStats("sales").answered()).isEqualTo(1);
        assertThat(h.queueStats("vip").answered()).isZero();
    }

    @Test
    void transferToClosedQueue_isRefused_namingTheQueueAndWhy() {
        // the harness's clock starts on a Wednesday at 06:13 in Shanghai: support opens at 08:00
        BusinessCalendar hours = new BusinessCalendar(ZoneId.of("Asia/Shanghai"),
                Map.of(DayOfWeek.WEDNESDAY, List.of(new BusinessCalendar.Hours(LocalTime.of(8, 0), LocalTime.of(20, 0)))),
                Set.of(), OverflowAction.voicemail("8001"));
        EngineHarness h = harness(new QueueRules("support", null, hours));
        talking(h, 10);

        assertRefused(h, h.cmd(new AgentCommand.Transfer("a1", new Target.Queue("support"))), "support", "closed");

        h.passSeconds(2 * 3600); // 08:13: open
        h.clearOutputs();
        assertThat(h.cmd(new AgentCommand.Transfer("a1", new Target.Queue("support"))).isOk()).isTrue();
        assertThat(h.engine.waitingCallIds("support")).containsExactly("c1");
        assertThat(h.engine.actionCounts("support").transferredIn()).isEqualTo(1);
    }

    @Test
    void transferToFullQueue_isRefused_untilAPlaceIsFree() {
        EngineHarness h = harness(new QueueRules("support", new OverflowRule(null, 1, false,
                OverflowAction.hangup("all lines busy")), null));
        talking(h, 10);
        h.callWaiting("c2", "support"); // nobody READY: it waits, and fills support
        h.clearOutputs();

        assertRefused(h, h.cmd(new AgentCommand.Transfer("a1", new Target.Queue("support"))), "support", "full");
        assertThat(h.engine.waitingCallIds("support")).containsExactly("c2");

        h.hangup("c2");
        h.clearOutputs();
        assertThat(h.cmd(new AgentCommand.Transfer("a1", new Target.Queue("support"))).isOk()).isTrue();
        assertThat(h.engine.waitingCallIds("support")).containsExactly("c1");
    }

    @Test
    void transferToQueueWithoutAgents_isRefused_whenItsRuleSendsSuchCallsAway() {
        EngineHarness h = harness(new QueueRules("vip", new OverflowRule(null, 0, true,
                OverflowAction.toQueue("sales")), null));
        talking(h, 10);

        assertRefused(h, h.cmd(new AgentCommand.Transfer("a1", new Target.Queue("vip"))), "vip", "no agent");

        h.login("v1");
        h.clearOutputs();
        assertThat(h.cmd(new AgentCommand.Transfer("a1", new Target.Queue("vip"))).isOk()).isTrue();
        assertThat(h.engine.waitingCallIds("vip")).containsExactly("c1");
    }
}
