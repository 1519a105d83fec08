package org.ctiserver.adapter.asterisk;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmiSettingsTest {

    private final AmiSettings base = AmiSettings.of("pbx.example", 5038, "cti", "s3cret");

    @Test
    void defaults() {
        assertThat(base.agentDialContext()).isEqualTo("agentdial");
        assertThat(base.reconnectBackoffMin()).isLessThanOrEqualTo(base.reconnectBackoffMax());
        assertThat(base.eventHandoffCapacity()).isPositive();
    }

    @Test
    void messagesNameTheField() {
        assertThatThrownBy(() -> AmiSettings.of(" ", 5038, "cti", "x")).hasMessageContaining("host");
        assertThatThrownBy(() -> AmiSettings.of("h", 0, "cti", "x")).hasMessageContaining("port");
        assertThatThrownBy(() -> AmiSettings.of("h", 65_536, "cti", "x")).hasMessageContaining("port");
        assertThatThrownBy(() -> AmiSettings.of("h", 1, null, "x")).hasMessageContaining("username");
        assertThatThrownBy(() -> AmiSettings.of("h", 1, "cti", "")).hasMessageContaining("secret");
        assertThatThrownBy(() -> base.withAgentDialContext("agent dial")).hasMessageContaining("agentDialContext");
        assertThatThrownBy(() -> base.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> base.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-1)))
                .hasMessageContaining("actionTimeout");
        assertThatThrownBy(() -> base.withPing(null, Duration.ofSeconds(1))).hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> base.withPing(Duration.ofSeconds(1), Duration.ZERO)).hasMessageContaining("pingDeadline");
        assertThatThrownBy(() -> base.withReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("reconnectBackoffMax");
        assertThatThrownBy(() -> base.withEventHandoffCapacity(0)).hasMessageContaining("eventHandoffCapacity");
    }

    @Test
    void toStringHidesTheSecret() {
        assertThat(base.toString()).doesNotContain("s3cret").contains("cti@pbx.example:5038");
    }

    @Test
    void contexts_defaultToTheSampleDialplan_andRefuseNamesThatBreakAnAction() {
        assertThat(base.contexts()).isEqualTo(new AmiContexts("hold", "outbound", "amd", "agents", "supervisor", "conf"));
        assertThat(base.withContexts(AmiContexts.DEFAULTS.withHold("cti-hold")).contexts().hold()).isEqualTo("cti-hold");
        assertThat(base.withContexts(AmiContexts.DEFAULTS.withHold("cti-hold")).withTransport(AmiSettings.Transport.NETTY)
                .contexts().hold()).isEqualTo("cti-hold");
        for (String bad : new String[] {"", " ", "a b", "a,b", "a|b", "a@b", "a/b", "a;b"}) {
            assertThatThrownBy(() -> AmiContexts.DEFAULTS.withConference(bad)).hasMessageContaining("conference");
        }
        assertThatThrownBy(() -> base.withContexts(null)).hasMessageContaining("contexts");
    }
}
