package org.ctiserver.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentSelectorsTest {

    @Test
    void longestIdle_isRegistered_andTheDefault() {
        assertThat(AgentSelectors.names()).containsExactly(LongestIdleSelector.NAME);
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
