package org.ctiserver.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.expr.Requirement;

/**
 * {@link LeastFlexibleSelector} on random agents and requirements, against its definition: the pick is eligible;
 * no eligible agent has less spare skill (levels in skills the call does not want); among those with the least,
 * it is the first in the given (longest-idle) order; null exactly when nobody is eligible; and leaving out
 * ineligible agents never changes the pick (the router may hand over only the agents who may be eligible).
 */
class LeastFlexibleSelectorPropertyTest {
    static final String[] SKILLS = {"billing", "tech", "lang.zh", "lang.en"};
    static final String[] REQUIREMENTS = {"true", "billing", "billing >= 6", "lang.zh >= 3 && billing >= 3",
            "lang.en && (billing || tech)", "tech >= 2 && !lang.zh", "lang.zh < 5", "tech == 4 || billing >= 8"};

    record Spec(List<List<Integer>> levels, int requirement) {
    }

    @Provide
    Arbitrary<Spec> specs() {
        Arbitrary<List<Integer>> agent = Arbitraries.integers().between(0, 10).list().ofSize(SKILLS.length);
        return Combinators.combine(agent.list().ofMinSize(0).ofMaxSize(10),
                Arbitraries.integers().between(0, REQUIREMENTS.length - 1)).as(Spec::new);
    }

    @Property(tries = 500)
    void select_picksTheFirstEligibleAgentWithTheLeastSpareSkill(@ForAll("specs") Spec spec) {
        List<Agent> ready = agents(spec);
        Call call = AgentPoliciesTest.call(REQUIREMENTS[spec.requirement()]);
        Requirement need = call.routingRequirement();
        Set<String> wanted = need.wantedSkills();
        List<Agent> eligible = ready.stream().filter(a -> need.isMetBy(a.profile().skills())).toList();

        Agent pick = new LeastFlexibleSelector().select(call, ready);

        if (eligible.isEmpty()) {
            assertThat(pick).isNull();
            return;
        }
        Agent expected = eligible.stream()
                .min(Comparator.comparingInt((Agent a) -> spare(a, wanted)).thenComparingInt(ready::indexOf))
                .orElseThrow();
        assertThat(pick).isSameAs(expected);
        assertThat(need.isMetBy(pick.profile().skills())).isTrue();
        assertThat(new LeastFlexibleSelector().select(call, eligible)).as("without the ineligible agents").isSameAs(pick);
    }

    @Property(tries = 200)
    void select_isDeterministic(@ForAll("specs") Spec spec) {
        List<Agent> ready = agents(spec);
        Call call = AgentPoliciesTest.call(REQUIREMENTS[spec.requirement()]);
        assertThat(new LeastFlexibleSelector().select(call, ready)).isSameAs(new LeastFlexibleSelector().select(call, ready));
    }

    /** Agents in longest-idle order (a0 idle the longest); a level 0 means the agent lacks the skill. */
    static List<Agent> agents(Spec spec) {
        List<Agent> out = new ArrayList<>();
        for (int i = 0; i < spec.levels().size(); i++) {
            Map<String, Integer> skills = new LinkedHashMap<>();
            for (int k = 0; k < SKILLS.length; k++) {
                int level = spec.levels().get(i).get(k);
                if (level > 0) {
                    skills.put(SKILLS[k], level);
                }
            }
            out.add(AgentPoliciesTest.agent("a" + i, skills, 1 + i));
        }
        return out;
    }

    /** The definition, written independently of the selector's own helper. */
    static int spare(Agent a, Set<String> wanted) {
        return a.profile().skills().entrySet().stream().filter(e -> !wanted.contains(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }
}
