package org.ctiserver.pbxsim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorConfigTest {

    @Test
    void defaultsMirrorTheLab() {
        SimulatorConfig c = SimulatorConfig.builder().build();
        assertThat(c.port()).isZero();
        assertThat(c.users()).containsEntry("cti", "cti-secret");
        assertThat(c.phones()).extracting(SimulatorConfig.Phone::extension)
                .containsExactly("2001", "2002", "2003", "2004", "2005");
        assertThat(c.callTypes()).extracting(SimulatorConfig.CallType::name).containsExactly("sales");
        assertThat(c.agentDialTimeoutSeconds()).isEqualTo(15);
        assertThat(c.arrivalRatePerMinute()).isZero();
    }

    @Test
    void firstExplicitPhoneOrCallTypeReplacesTheDefaults() {
        SimulatorConfig c = SimulatorConfig.builder()
                .phone(SimulatorConfig.Phone.lab("1001")).phone(SimulatorConfig.Phone.lab("1002"))
                .phone(SimulatorConfig.Phone.lab("1001").withManual(true))
                .callType(SimulatorConfig.CallType.of("vip", "billing")).build();
        assertThat(c.phones()).extracting(SimulatorConfig.Phone::extension).containsExactly("1002", "1001");
        assertThat(c.phones().get(1).manual()).isTrue();
        assertThat(c.callTypes()).extracting(SimulatorConfig.CallType::name).containsExactly("vip");
        assertThat(c.toBuilder().phone(SimulatorConfig.Phone.lab("1003")).build().phones()).hasSize(3);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> SimulatorConfig.builder().timeScale(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatorConfig.builder().callTypes(java.util.List.of()).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
