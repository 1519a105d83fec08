package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.AgentCommand.Target;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.OriginateOutcome;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.testing.EngineHarness;

/**
 * Random interleavings of agents' and supervisors' commands and PBX events (answers, failures, hang-ups, music,
 * bridges, Originate outcomes, consultation legs, resyncs, timers) never leave the engine inconsistent:
 * <ul>
 *   <li>no agent is RESERVED or TALKING without the call that makes it so;</li>
 *   <li>no call ends twice or is stored twice, and every call is counted once: offered = answered + abandoned +
 *       cleared + the calls in progress never answered; a call answered again after a transfer is not counted again;</li>
 *   <li>no agent on an outbound call is offered a call, and no agent that could be offered a call stays idle while a
 *       call of its queues waits.</li>
 * </ul>
 */
class CallControlPropertyTest {
    private static final String[] AGENTS = {"a1", "a2", "a3"};

    record Step(int kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        // the steps that bring agents and calls together come more often, so runs get to the call-control ones
        Arbitrary<Integer> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.of(0, 1, 4, 5, 24)),
                net.jqwik.api.Tuple.of(8, Arbitraries.of(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 27)));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 5)).as(Step::new).list().ofMinSize(1).ofMaxSize(150)
                .withSizeDistribution(net.jqwik.api.RandomDistribution.uniform());
    }

    @Property(tries = 300)
    void randomInterleavings_keepAgentsCallsAndCountersConsistent(@ForAll("steps") List<Step> steps) {
        Run run = new Run();
        run.play(steps);
        // what the runs reached, in jqwik's report: a property whose runs never got there would prove little
        for (CtiEvent e : run.h.events) {
            String what = e instanceof CtiEvent.ConsultChanged x ? "consult " + x.state()
                    : e instanceof CtiEvent.CallTransferred x ? "transferred to " + x.targetKind()
                    : e instanceof CtiEvent.OutboundCallChanged x ? "outbound " + x.state()
                    : e instanceof CtiEvent.CallHoldChanged x ? "held " + x.held() : null;
            if (what != null) {
                Statistics.label("reached").collect(what);
            }
        }
    }

    /** One run: the harness and what the test knows of the PBX side. */
    private static final class Run {
        final EngineHarness h = EngineHarness.withDefaultConfig();
        int callSeq;
        int legSeq;
        /** Originates issued (consultation or outbound) and the line id given to each answered one. */
        final List<PbxCommand.Originate> originates = new ArrayList<>();
        final Map<String, String> lines = new HashMap<>();
        int originatesSeen;
        /** Outbound request id -> agent, while the call is tracked. */
        final Map<String, String> outbound = new HashMap<>();

        void play(List<Step> steps) {
            for (Step s : steps) {
                int before = h.events.size();
                apply(s);
                check(before, s);
            }
        }

        String agent(int i) {
            return AGENTS[i % AGENTS.length];
        }

        /** A call in progress, by index (null when none). */
        String call(int i) {
            List<String> ids = new ArrayList<>();
            for (int n = 1; n <= callSeq; n++) {
                if (h.engine.callState("c" + n).isPresent()) {
                    ids.add("c" + n);
                }
            }
            return ids.isEmpty() ? null : ids.get(i % ids.size());
        }

        void apply(Step s) {
            String a = agent(s.a());
            String c = call(s.b());
            switch (s.kind()) {
                case 0 -> {
                    h.cmd(new AgentCommand.Login(a, EngineHarness.ext(a)));
                    h.cmd(new AgentCommand.Ready(a));
                }
                case 1 -> h.cmd(new AgentCommand.Ready(a));
                case 2 -> h.cmd(new AgentCommand.NotReady(a, "break"));
                case 3 -> h.cmd(new AgentCommand.Logout(a));
                case 4 -> h.callWaiting("c" + (++callSeq), s.b() % 3 == 0 ? "support" : "sales");
                case 5 -> {
                    if (c != null && h.engine.callState(c).orElseThrow() == CallState.OFFERED) {
                        String ag = h.engine.callAgent(c).orElseThrow();
                        h.pbx(new PbxEvent.AgentAnswered(c, "Local/" + EngineHarness.ext(ag) + "@agents-" + (++legSeq)
                                + ";1", EngineHarness.ext(ag)));
                    }
                }
                case 6 -> {
                    if (c != null && h.engine.callState(c).orElseThrow() == CallState.OFFERED) {
                        String ag = h.engine.callAgent(c).orElseThrow();
                        h.dialFailed(c, ag, "NOANSWER");
                        h.requeued(c, ag);
                    }
                }
                case 7 -> {
                    if (c != null) {
                        h.hangup(c);
                    }
                }
                case 8 -> h.cmd(new AgentCommand.Hold(a));
                case 9 -> {
                    if (c != null) {
                        h.pbx(new PbxEvent.MusicOnHold(c, c, EngineHarness.chan(c), s.a() % 2 == 0));
                    }
                }
                case 10 -> {
                    if (c != null) {
                        h.pbx(new PbxEvent.ChannelBridged(c, c, EngineHarness.chan(c), "b", 2));
                    }
                }
                case 11 -> h.cmd(new AgentCommand.Resume(a));
                case 12 -> h.cmd(new AgentCommand.Transfer(a, switch (s.b() % 3) {
                    case 0 -> new Target.Agent(agent(s.b()));
                    case 1 -> new Target.Queue(s.b() % 2 == 0 ? "sales" : "support");
                    default -> new Target.Number("5550100");
                }));
                case 13 -> {
                    boolean ok = h.cmd(new AgentCommand.Consult(a, s.b() % 2 == 0 ? new Target.Agent(agent(s.b() + 1))
                            : new Target.Number("5550199"))).isOk();
                    if (ok && s.b() < 4) {
                        // often the consultation goes on at once as in trace 09b: line up, target rings and answers
                        answerLast(s);
                    }
                }
                case 14 -> originateResult(s);
                case 15 -> lineEvent(s, true);
                case 16 -> h.cmd(new AgentCommand.CompleteTransfer(a));
                case 17 -> h.cmd(new AgentCommand.CancelConsult(a));
                case 18 -> h.cmd(new AgentCommand.Conference(a));
                case 19 -> lineEvent(s, false);
                case 20 -> {
                    if (h.cmd(new AgentCommand.Dial(a, "5550100")).isOk() && s.b() < 3) {
                        answerLast(s);
                    }
                }
                case 21 -> h.engine.onSupervisorCommand(s.b() % 2 == 0
                                ? new SupervisorCommand.ForceNotReady("s1", a, "meal")
                                : new SupervisorCommand.ForceLogout("s1", a), h.clock.nowNs(), h.clock.epochMillis());
                case 22 -> h.passSeconds(1 + s.b() * 4L);
                case 23 -> h.cmd(new AgentCommand.Hangup(a));
                case 24 -> h.cmd(new AgentCommand.CompleteWrapUp(a, "inquiry", "", s.b() % 2 == 0 ? null : "break"));
                case 25 -> resync(s);
                case 26 -> h.cmd(new AgentCommand.Record(a, RecordingAction.values()[s.b() % 4]));
                default -> {
                    if (c != null) {
                        h.pbx(new PbxEvent.PhoneTransferred(c, "x", "2005", s.a() % 2 == 0));
                    }
                }
            }
        }

        private void collectOriginates() {
            List<PbxCommand.Originate> all = h.pbx(PbxCommand.Originate.class);
            for (int i = originatesSeen; i < all.size(); i++) {
                originates.add(all.get(i));
            }
            originatesSeen = all.size();
        }

        /** The newest Originate's line answers and its far end rings and answers. */
        private void answerLast(Step s) {
            collectOriginates();
            PbxCommand.Originate o = originates.get(originates.size() - 1);
            String id = "L" + o.requestId();
            lines.put(o.requestId(), id);
            h.pbx(new PbxEvent.OriginateResult(o.requestId(), id, "line-" + id, OriginateOutcome.ANSWERED, 4));
            h.pbx(new PbxEvent.AgentRinging(id, "far-" + id, "x"));
            h.pbx(new PbxEvent.AgentAnswered(id, "far-" + id, "x"));
        }

        private void originateResult(Step s) {
            collectOriginates();
            List<PbxCommand.Originate> open = originates.stream().filter(o -> !lines.containsKey(o.requestId())).toList();
            if (open.isEmpty()) {
                return;
            }
            PbxCommand.Originate o = open.get(s.a() % open.size());
            if (s.b() % 3 == 2) {
                lines.put(o.requestId(), "");
                h.pbx(new PbxEvent.OriginateResult(o.requestId(), "", "", OriginateOutcome.NO_ANSWER, 3));
            } else {
                String id = "L" + o.requestId();
                lines.put(o.requestId(), id);
                h.pbx(new PbxEvent.OriginateResult(o.requestId(), id, "line-" + id, OriginateOutcome.ANSWERED, 4));
            }
        }

        /** The far end of a line (consulted party or dialed number): rings and answers, fails, or hangs up. */
        private void lineEvent(Step s, boolean progress) {
            List<String> up = lines.values().stream().filter(v -> !v.isEmpty()).sorted().toList();
            if (up.isEmpty()) {
                return;
            }
            String id = up.get(s.a() % up.size());
            String far = "far-" + id;
            if (progress) {
                h.pbx(new PbxEvent.AgentRinging(id, far, "x"));
                if (s.b() % 3 == 0) {
                    h.pbx(new PbxEvent.AgentDialFailed(id, far, "x", "BUSY"));
                } else {
                    h.pbx(new PbxEvent.AgentAnswered(id, far, "x"));
                }
            } else if (s.b() % 2 == 0) {
                h.pbx(new PbxEvent.ChannelHungUp("f" + id, id, far, 16, "Normal Clearing"));
            } else {
                h.pbx(new PbxEvent.ChannelHungUp(id, id, "line-" + id, 16, "Normal Clearing"));
                lines.put(lines.entrySet().stream().filter(e -> e.getValue().equals(id)).findFirst().orElseThrow()
                        .getKey(), "");
            }
        }

        /** A reconnect: the PBX still has every caller (some lose their line when b is odd), no agent leg. */
        private void resync(Step s) {
            List<PbxEvent.ChannelInfo> channels = new ArrayList<>();
            for (int n = 1; n <= callSeq; n++) {
                String c = "c" + n;
                if (h.engine.callState(c).isPresent() && (s.b() % 2 == 0 || n % 2 == 0)) {
                    channels.add(new PbxEvent.ChannelInfo(c, c, EngineHarness.chan(c), "", "", "Up", "", "", ""));
                }
            }
            for (String id : lines.values()) {
                if (!id.isEmpty() && s.a() % 2 == 0) {
                    channels.add(new PbxEvent.ChannelInfo(id, id, "line-" + id, "", "", "Up", "", "", ""));
                }
            }
            h.pbx(new PbxEvent.LinkDown("test"));
            h.pbx(new PbxEvent.ChannelsSnapshot(channels, List.of()));
            h.pbx(new PbxEvent.LinkUp("22"));
        }

        void check(int from, Step step) {
            List<CtiEvent> newEvents = h.events.subList(from, h.events.size());
            for (CtiEvent e : newEvents) {
                if (e instanceof CtiEvent.OutboundCallChanged o) {
                    if (o.state() == CtiEvent.OutboundState.DIALING) {
                        outbound.put(o.requestId(), o.agentId());
                    } else if (o.state() != CtiEvent.OutboundState.CONNECTED) {
                        outbound.remove(o.requestId());
                    }
                } else if (e instanceof CtiEvent.CallOffered o) {
                    assertThat(outbound.values()).as("offered to an agent on an outbound call, at %s", step)
                            .doesNotContain(o.agentId());
                }
            }
            for (String id : AGENTS) {
                AgentSnapshot a = h.agent(id);
                if (a.state() == AgentState.RESERVED || a.state() == AgentState.TALKING) {
                    CallState expected = a.state() == AgentState.RESERVED ? CallState.OFFERED : CallState.TALKING;
                    assertThat(a.callId()).as("%s %s without call after %s", id, a.state(), step).isNotNull();
                    assertThat(h.engine.callState(a.callId())).as("%s's call after %s", id, step).contains(expected);
                    assertThat(h.engine.callAgent(a.callId())).as("%s's call's agent after %s", id, step).contains(id);
                }
            }
            Set<String> ended = new HashSet<>();
            Set<String> connected = new HashSet<>();
            for (CtiEvent e : h.events) {
                if (e instanceof CtiEvent.CallEnded x) {
                    assertThat(ended.add(x.callId())).as("call %s ended twice (at %s)", x.callId(), step).isTrue();
                } else if (e instanceof CtiEvent.CallConnected x) {
                    connected.add(x.callId());
                }
            }
            assertThat(h.store.recentCalls(10_000)).hasSize(ended.size());
            long offered = 0;
            long settled = 0;
            long answered = 0;
            for (QueueSnapshot q : h.engine.snapshot(h.clock.epochMillis()).queues()) {
                offered += q.offered();
                answered += q.answered();
                settled += q.answered() + q.abandoned() + h.engine.countersOf(q.queueId()).cleared();
            }
            assertThat(answered).as("answered once per call, at %s", step).isEqualTo(connected.size());
            long unansweredActive = 0;
            for (int n = 1; n <= callSeq; n++) {
                if (h.engine.callState("c" + n).isPresent() && !connected.contains("c" + n)) {
                    unansweredActive++;
                }
            }
            assertThat(offered).as("every call counted once, at %s", step).isEqualTo(settled + unansweredActive);
            // routing left nothing undone: an agent who could take a call has none waiting in its queues
            for (String id : AGENTS) {
                Agent agent = h.engine.agentById(id);
                if (h.engine.phones().offerable(agent)) {
                    for (String q : agent.servedQueueIds()) {
                        assertThat(h.engine.waitingCallIds(q)).as("%s idle while %s waits, at %s", id, q, step).isEmpty();
                    }
                }
            }
        }
    }
}
