package org.ctiserver.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.server.config.ConfigLoader;
import org.ctiserver.server.config.ResolvedConfig;
import org.junit.jupiter.api.Test;

/** The configurations we ship must load: a newcomer's first run and first real site start from them. */
class ShippedConfigsTest {

    @Test
    void demoConfig_loads_andLeavesThreeAgentsForPeople() {
        ResolvedConfig demo = DemoSite.config();

        assertThat(demo.engine().queues()).extracting(q -> q.id()).containsExactly("sales", "support", "billing");
        assertThat(demo.engine().agents()).filteredOn(a -> DemoSite.isHuman(a.id()))
                .extracting(AgentProfile::id).containsExactly("1901", "1902", "1903");
        assertThat(DemoSite.botExtensions(demo)).hasSize(18).containsEntry("1001", "2001");
        // a supervisor of both groups, so the toolbar's supervisor view has agents to show
        assertThat(demo.access().users().get("1900").role()).isEqualTo(org.ctiserver.protocol.access.Role.SUPERVISOR);
        assertThat(demo.access().users().get("1901").clearance()).isEqualTo("秘密");
    }

    @Test
    void demoSimulator_hasAPhoneForEveryAgent_andServesEveryQueue() {
        ResolvedConfig demo = DemoSite.config();
        SimulatorConfig sim = DemoSite.simulator(demo, 1, 1.0);

        assertThat(sim.phones()).extracting(SimulatorConfig.Phone::extension)
                .containsExactlyInAnyOrderElementsOf(demo.engine().agents().stream().map(a -> DemoSite.extensionOf(a.id())).toList());
        assertThat(sim.phones()).filteredOn(SimulatorConfig.Phone::manual).hasSize(3);
        assertThat(sim.callTypes()).extracting(SimulatorConfig.CallType::queue).contains("sales", "support", "billing");
        assertThat(sim.users()).containsEntry(demo.ami().username(), demo.ami().secret());
        // every demo call type can be answered by someone: each needs a language some agent of its queue has
        for (SimulatorConfig.CallType t : sim.callTypes()) {
            assertThat(demo.engine().agents()).as("agents for %s", t.name()).anySatisfy(a -> {
                assertThat(a.queueIds()).contains(t.queue());
                assertThat(org.ctiserver.core.routing.SkillRequirement.parse(t.skills()).isMetBy(a.skills())).isTrue();
            });
        }
    }

    @Test
    void exampleConfig_loads() {
        ResolvedConfig example = ConfigLoader.load(Path.of("config/example.yaml"));

        assertThat(example.engine().queues()).extracting(q -> q.id()).contains("sales", "support", "vip");
        assertThat(example.passwordHashes()).hasSize(example.engine().agents().size() + 2);
        assertThat(example.access().users().get("lead-a").groups()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(example.access().callDataLevels()).containsEntry("idNumber", "机密");
        assertThat(example.metrics()).isEqualTo(org.ctiserver.server.config.MetricsSettings.DEFAULT);
    }
}
