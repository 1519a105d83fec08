package org.ctiserver.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of states, legal or not, through the one transition method. */
class AgentTransitionTest {

    /** The table as the design states it, written out independently of {@link AgentState}. */
    private static final Map<AgentState, Set<AgentState>> LEGAL = Map.of(
            AgentState.LOGGED_OUT, EnumSet.of(AgentState.NOT_READY),
            AgentState.NOT_READY, EnumSet.of(AgentState.NOT_READY, AgentState.READY, AgentState.LOGGED_OUT),
            AgentState.READY, EnumSet.of(AgentState.NOT_READY, AgentState.RESERVED, AgentState.LOGGED_OUT),
            AgentState.RESERVED, EnumSet.of(AgentState.TALKING, AgentState.READY, AgentState.NOT_READY),
            AgentState.TALKING, EnumSet.of(AgentState.WRAP_UP, AgentState.NOT_READY),
            AgentState.WRAP_UP, EnumSet.of(AgentState.READY, AgentState.NOT_READY, AgentState.LOGGED_OUT));

    /** A legal path from LOGGED_OUT to each state. */
    private static final Map<AgentState, List<AgentState>> PATH = Map.of(
            AgentState.LOGGED_OUT, List.of(),
            AgentState.NOT_READY, List.of(AgentState.NOT_READY),
            AgentState.READY, List.of(AgentState.NOT_READY, AgentState.READY),
            AgentState.RESERVED, List.of(AgentState.NOT_READY, AgentState.READY, AgentState.RESERVED),
            AgentState.TALKING, List.of(AgentState.NOT_READY, AgentState.READY, AgentState.RESERVED, AgentState.TALKING),
            AgentState.WRAP_UP, List.of(AgentState.NOT_READY, AgentState.READY, AgentState.RESERVED, AgentState.TALKING,
                    AgentState.WRAP_UP));

    record Seen(AgentState from, AgentState to, String reason, long nowNs, long epochMs) {
    }

    static Stream<Arguments> legalPairs() {
        return allPairs().filter(a -> LEGAL.get((AgentState) a.get()[0]).contains((AgentState) a.get()[1]));
    }

    static Stream<Arguments> illegalPairs() {
        return allPairs().filter(a -> !LEGAL.get((AgentState) a.get()[0]).contains((AgentState) a.get()[1]));
    }

    private static Stream<Arguments> allPairs() {
        List<Arguments> out = new ArrayList<>();
        for (AgentState from : AgentState.values()) {
            for (AgentState to : AgentState.values()) {
                out.add(Arguments.of(from, to));
            }
        }
        return out.stream();
    }

    private final List<Seen> seen = new ArrayList<>();

    private Agent agentIn(AgentState state) {
        Agent agent = new Agent(new AgentProfile("a1", "Agent 1", Map.of(), Set.of()), List.of(),
                (a, from, nowNs, epochMs) -> seen.add(new Seen(from, a.state(), a.reason(), nowNs, epochMs)));
        for (AgentState s : PATH.get(state)) {
            assertThat(agent.transition(s, "break", 1, 1).isOk()).isTrue();
        }
        assertThat(agent.state()).isEqualTo(state);
        seen.clear();
        return agent;
    }

    @ParameterizedTest(name = "{0} -> {1} is legal")
    @MethodSource("legalPairs")
    void transition_listedInTable_isAppliedRecordedAndReported(AgentState from, AgentState to) {
        Agent agent = agentIn(from);

        CommandResult r = agent.transition(to, "meal", 5_000_000_000L, 1_700_000_005_000L);

        assertThat(r.isOk()).isTrue();
        assertThat(from.canGoTo(to)).isTrue();
        assertThat(agent.state()).isEqualTo(to);
        assertThat(agent.stateSinceNs()).isEqualTo(5_000_000_000L);
        assertThat(agent.stateSinceEpochMs()).isEqualTo(1_700_000_005_000L);
        assertThat(agent.reason()).isEqualTo(to == AgentState.NOT_READY ? "meal" : "");
        assertThat(seen).containsExactly(new Seen(from, to, agent.reason(), 5_000_000_000L, 1_700_000_005_000L));
        if (to == AgentState.READY) {
            assertThat(agent.idleSinceNs()).isEqualTo(5_000_000_000L);
        }
    }

    @ParameterizedTest(name = "{0} -> {1} is refused")
    @MethodSource("illegalPairs")
    void transition_notInTable_isRefusedWithoutEffect(AgentState from, AgentState to) {
        Agent agent = agentIn(from);
        long sinceNs = agent.stateSinceNs();

        CommandResult r = agent.transition(to, "meal", 9, 9);

        assertThat(from.canGoTo(to)).isFalse();
        assertThat(r.error()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
        assertThat(r.detail()).contains("from " + from + " to " + to);
        assertThat(agent.state()).isEqualTo(from);
        assertThat(agent.stateSinceNs()).isEqualTo(sinceNs);
        assertThat(seen).isEmpty();
    }

    @Test
    void allowedNext_matchesTheTable_andIsACopy() {
        for (AgentState s : AgentState.values()) {
            assertThat(s.allowedNext()).isEqualTo(LEGAL.get(s));
        }
        AgentState.READY.allowedNext().clear();
        assertThat(AgentState.READY.canGoTo(AgentState.RESERVED)).isTrue();
    }

    @Test
    void isLoggedIn_isFalseOnlyForLoggedOut() {
        for (AgentState s : AgentState.values()) {
            assertThat(s.isLoggedIn()).isEqualTo(s != AgentState.LOGGED_OUT);
        }
    }

    @Test
    void snapshot_carriesTheRuntimeFields() {
        Agent agent = agentIn(AgentState.NOT_READY);
        agent.setExtension("2001");
        agent.setCurrentCallId("c1");
        agent.countCallHandled();

        var s = agent.snapshot();

        assertThat(s.agentId()).isEqualTo("a1");
        assertThat(s.name()).isEqualTo("Agent 1");
        assertThat(s.state()).isEqualTo(AgentState.NOT_READY);
        assertThat(s.reason()).isEqualTo("break");
        assertThat(s.extension()).isEqualTo("2001");
        assertThat(s.callId()).isEqualTo("c1");
        assertThat(s.callsHandled()).isEqualTo(1);
    }
}
