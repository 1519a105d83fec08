package org.ctiserver.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentSelectorsTest {

    @Test
    void longestIdle_isRegistered_andTheDefault() {
        // the default first; the other policies of the routing issue follow
        assertThat(AgentSelectors.names()).startsWith(LongestIdleSelector.NAME)
                .contains(BestSkillSelector.NAME, LeastOccupiedSelector.NAME, RoundRobinSelector.NAME);
        assertThat(AgentSelectors.createDefault()).isInstanceOf(LongestIdleSelector.class);
        assertThat(AgentSelectors.create("longest-idle").name()).isEqualTo("longest-idle");
    }

    @Test
    void anUnknownPolicy_isRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> AgentSelectors.create("random"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longest-idle");
    }
}
