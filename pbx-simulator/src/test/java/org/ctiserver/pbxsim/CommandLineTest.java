package org.ctiserver.pbxsim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    @Test
    void parsesTheDocumentedFlags() {
        SimulatorConfig c = CommandLine.parse("--port", "5038", "--seed", "7", "--user", "cti", "--secret", "s3",
                "--rate", "12", "--agents", "2001-2020", "--manual-agents", "2001,2099", "--time-scale", "20",
                "--call-type", "vip/billing/lang.zh:3,billing:2/2/90/zh", "--auto-route", "--handle-time", "exp:120");
        assertThat(c.port()).isEqualTo(5038);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.users()).containsEntry("cti", "s3");
        assertThat(c.arrivalRatePerMinute()).isEqualTo(12);
        assertThat(c.timeScale()).isEqualTo(20);
        assertThat(c.autoRoute()).isTrue();
        assertThat(c.phones()).hasSize(21);
        assertThat(c.phones()).filteredOn(SimulatorConfig.Phone::manual).extracting(SimulatorConfig.Phone::extension)
                .containsExactly("2001", "2099");
        assertThat(c.phones().get(5).handleTime()).isEqualTo(Distribution.exponential(120));
        SimulatorConfig.CallType t = c.callTypes().get(0);
        assertThat(t.name()).isEqualTo("vip");
        assertThat(t.queue()).isEqualTo("billing");
        assertThat(t.skills()).isEqualTo("lang.zh:3,billing:2");
        assertThat(t.weight()).isEqualTo(2);
        assertThat(t.meanPatienceSeconds()).isEqualTo(90);
        assertThat(t.ivrLang()).isEqualTo("zh");
    }

    @Test
    void pstnOutcomesComeFromTheLabDefaultsAndThePstnFlag() {
        SimulatorConfig lab = CommandLine.parse();
        assertThat(lab.pstnNumber("5550486").outcome()).isEqualTo(SimulatorConfig.PstnOutcome.BUSY);
        assertThat(lab.pstnNumber("5550404").outcome()).isEqualTo(SimulatorConfig.PstnOutcome.NO_ANSWER);
        assertThat(lab.pstnNumber("5550503").outcome()).isEqualTo(SimulatorConfig.PstnOutcome.CONGESTION);
        assertThat(lab.pstnNumber("5550702").amdStatus()).isEqualTo("MACHINE");
        assertThat(lab.pstnNumber("5551234").outcome()).isEqualTo(SimulatorConfig.PstnOutcome.ANSWER);
        SimulatorConfig c = CommandLine.parse("--pstn", "5551234=busy", "--pstn", "5550486=answer", "--pstn", "5559999=machine");
        assertThat(c.pstnNumber("5551234").outcome()).isEqualTo(SimulatorConfig.PstnOutcome.BUSY);
        assertThat(c.pstnNumber("5550486").outcome()).isEqualTo(SimulatorConfig.PstnOutcome.ANSWER);
        assertThat(c.pstnNumber("5559999").amdStatus()).isEqualTo("MACHINE");
        assertThat(c.pstnNumber("5550404").outcome()).isEqualTo(SimulatorConfig.PstnOutcome.NO_ANSWER);
        assertThatThrownBy(() -> CommandLine.parse("--pstn", "5551234=maybe")).hasMessageContaining("--pstn outcome");
        assertThatThrownBy(() -> CommandLine.parse("--pstn", "5551234")).hasMessageContaining("NUMBER=OUTCOME");
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> CommandLine.parse("--port", "x")).hasMessageContaining("--port");
        assertThatThrownBy(() -> CommandLine.parse("--nope", "1")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> CommandLine.parse("--help")).isInstanceOf(CommandLine.HelpRequested.class);
        assertThat(CommandLine.expandExtensions("2001-2003,2010")).containsExactly("2001", "2002", "2003", "2010");
    }
}
