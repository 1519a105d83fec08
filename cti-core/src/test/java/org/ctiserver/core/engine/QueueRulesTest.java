package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.core.testing.EngineHarness.agent;
import static org.ctiserver.core.testing.EngineHarness.chan;
import static org.ctiserver.core.testing.EngineHarness.config;
import static org.ctiserver.core.testing.EngineHarness.ext;
import static org.ctiserver.core.testing.EngineHarness.queue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.BusinessCalendar;
import org.ctiserver.core.queue.OverflowAction;
import org.ctiserver.core.queue.OverflowRule;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.testing.EngineHarness;
import org.ctiserver.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

/** Overflow (max wait, max length, no agents) and opening hours, on a virtual clock. */
class QueueRulesTest {
    // 2023-11-15 06:13:20 in Shanghai, a Wednesday
    private final VirtualClock clock = new VirtualClock(EngineHarness.ORIGIN_EPOCH_MS);
    private final List<CtiEvent> events = new ArrayList<>();
    private final List<PbxCommand> pbx = new ArrayList<>();

    private Engine engine(QueueRules... rules) {
        EngineConfig cfg = config(List.of(queue("sales", "", 0, Duration.ZERO), queue("backup", "", 0, Duration.ZERO)),
                List.of(agent("s1", Map.of(), "sales"), agent("b1", Map.of(), "backup")));
        return new Engine(cfg, RoutingConfig.NONE, List.of(rules), pbx::add, new InMemoryStateStore(), events::add);
    }

    private void call(Engine e, String id) {
        e.onPbxEvent(new PbxEvent.CallWaiting(id, chan(id), "sales", "555", "", "4000", "", Map.of()),
                clock.nowNs(), clock.epochMillis());
    }

    private void login(Engine e, String agent) {
        e.onCommand(new AgentCommand.Login(agent, ext(agent)), clock.nowNs(), clock.epochMillis());
    }

    private void pass(Engine e, long seconds) {
        clock.advance(seconds, TimeUnit.SECONDS);
        e.onTick(clock.nowNs(), clock.epochMillis());
    }

    @Test
    void maxWait_movesTheCallToTheTargetQueue_keepingItsArrival() {
        Engine e = engine(new QueueRules("sales", new OverflowRule(Duration.ofSeconds(30), 0, false,
                OverflowAction.toQueue("backup")), null));
        login(e, "s1");
        login(e, "b1");
        call(e, "c1");
        pass(e, 29);
        assertThat(e.waitingCallIds("sales")).containsExactly("c1");
        pass(e, 1);
        assertThat(e.waitingCallIds("sales")).isEmpty();
        assertThat(e.waitingCallIds("backup")).containsExactly("c1");
        CtiEvent.CallQueued moved = (CtiEvent.CallQueued) events.get(events.size() - 1);
        assertThat(moved.queueId()).isEqualTo("backup");
        assertThat(e.snapshot(clock.epochMillis()).queues().get(1).longestWaitMs()).isEqualTo(30_000);

        // b1 becomes ready and takes it
        e.onCommand(new AgentCommand.Ready("b1"), clock.nowNs(), clock.epochMillis());
        assertThat(pbx).containsExactly(new PbxCommand.RouteToAgent("c1", chan("c1"), ext("b1")));
    }

    @Test
    void maxQueueLength_hangsUpTheExtraCall() {
        Engine e = engine(new QueueRules("sales", new OverflowRule(null, 2, false,
                OverflowAction.hangup("all lines busy")), null));
        login(e, "s1");
        call(e, "c1");
        call(e, "c2");
        call(e, "c3");
        assertThat(e.waitingCallIds("sales")).containsExactly("c1", "c2");
        assertThat(pbx).containsExactly(new PbxCommand.HangupCall("c3", chan("c3")));
        assertThat(e.callState("c3")).isEmpty();
        CtiEvent.CallEnded ended = (CtiEvent.CallEnded) events.get(events.size() - 1);
        assertThat(ended.outcome()).isEqualTo(CtiEvent.CallOutcome.CLEARED);
        assertThat(ended.reason()).contains("full");
    }

    @Test
    void noAgents_atArrivalAndWhenTheLastOneLogsOut() {
        Engine e = engine(new QueueRules("sales", new OverflowRule(null, 0, true, OverflowAction.toQueue("backup")), null));
        call(e, "c1");
        assertThat(e.waitingCallIds("backup")).containsExactly("c1");

        login(e, "s1");
        call(e, "c2");
        assertThat(e.waitingCallIds("sales")).containsExactly("c2");
        e.onCommand(new AgentCommand.Logout("s1"), clock.nowNs(), clock.epochMillis());
        pass(e, 1);
        assertThat(e.waitingCallIds("backup")).containsExactly("c1", "c2");
    }

    @Test
    void calendar_closedOnHolidaysAndOutsideHours_appliesTheClosedAction() {
        ZoneId sh = ZoneId.of("Asia/Shanghai");
        BusinessCalendar cal = new BusinessCalendar(sh,
                Map.of(DayOfWeek.WEDNESDAY, List.of(new BusinessCalendar.Hours(LocalTime.of(8, 0), LocalTime.of(20, 0)))),
                Set.of(LocalDate.of(2023, 11, 16)), OverflowAction.hangup("closed"));
        Engine e = engine(new QueueRules("sales", null, cal));
        login(e, "s1");
        call(e, "early");   // 06:13 Wednesday: closed
        assertThat(pbx).containsExactly(new PbxCommand.HangupCall("early", chan("early")));

        pass(e, 2 * 3600);  // 08:13
        call(e, "open");
        assertThat(e.waitingCallIds("sales")).containsExactly("open");

        pass(e, 12 * 3600); // 20:13: the waiting call gets the closed action too
        assertThat(e.callState("open")).isEmpty();

        assertThat(cal.isOpen(EngineHarness.ORIGIN_EPOCH_MS + Duration.ofHours(26).toMillis())).isFalse(); // holiday
        assertThat(cal.isOpen(EngineHarness.ORIGIN_EPOCH_MS + Duration.ofHours(2).toMillis())).isTrue();
    }
}
