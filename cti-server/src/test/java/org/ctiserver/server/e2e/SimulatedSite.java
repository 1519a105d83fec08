package org.ctiserver.server.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.awaitility.Awaitility;
import org.ctiserver.core.time.SystemClock;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.PbxSimulator;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.server.CtiServer;
import org.ctiserver.server.config.ConfigLoader;
import org.ctiserver.server.config.ResolvedConfig;
import org.ctiserver.server.demo.DemoAgentBots;
import org.ctiserver.server.demo.DemoSite;

/**
 * A whole site for end-to-end tests: the simulator on a real TCP port, the server connected to it over
 * AMI, and simulated agents acting through the engine. Simulated time runs {@code timeScale} times faster
 * than real time on the PBX side; the server's own timers are configured in real seconds to match.
 */
final class SimulatedSite implements AutoCloseable {
    static final String HASH = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$X1ZZN8Gu1D0PvLdmpmgiSOP+77NQgUlgWDjaXh3iflI=";

    final PbxSimulator pbx;
    final CtiServer server;
    final DemoAgentBots bots;

    private SimulatedSite(PbxSimulator pbx, CtiServer server, DemoAgentBots bots) {
        this.pbx = pbx;
        this.server = server;
        this.bots = bots;
    }

    /**
     * @param yaml      the server configuration (its ami host/port are replaced by the simulator's)
     * @param simulator the simulator without phones; a phone is added for every agent (extension = "2" + id without its first digit)
     * @param humans    agents left out of the bots, with manual phones
     */
    static SimulatedSite start(String yaml, SimulatorConfig.Builder simulator, SimulatorConfig.Phone botPhone,
                               DemoAgentBots.Behaviour behaviour, String... humans) {
        return start(yaml, simulator, botPhone, behaviour, java.util.function.UnaryOperator.identity(), humans);
    }

    /** As above, with the server's AMI settings adjusted (a fault test shortens the reconnect backoff). */
    static SimulatedSite start(String yaml, SimulatorConfig.Builder simulator, SimulatorConfig.Phone botPhone,
                               DemoAgentBots.Behaviour behaviour,
                               java.util.function.UnaryOperator<org.ctiserver.adapter.asterisk.AmiSettings> amiTuning,
                               String... humans) {
        return start(yaml, simulator, botPhone, behaviour, amiTuning, Distribution.fixed(1), humans);
    }

    /** As above, with the simulated seconds the humans' phones ring before they answer. */
    static SimulatedSite start(String yaml, SimulatorConfig.Builder simulator, SimulatorConfig.Phone botPhone,
                               DemoAgentBots.Behaviour behaviour,
                               java.util.function.UnaryOperator<org.ctiserver.adapter.asterisk.AmiSettings> amiTuning,
                               Distribution humanAnswer, String... humans) {
        ResolvedConfig base = ConfigLoader.parse(yaml, "e2e.yaml");
        Map<String, String> bots = new LinkedHashMap<>();
        java.util.Set<String> human = java.util.Set.of(humans);
        for (AgentProfile a : base.engine().agents()) {
            String ext = DemoSite.extensionOf(a.id());
            if (human.contains(a.id())) {
                simulator.phone(new SimulatorConfig.Phone(ext, humanAnswer, 0, Distribution.fixed(3600), true, true));
            } else {
                simulator.phone(new SimulatorConfig.Phone(ext, botPhone.answerDelay(), botPhone.noAnswerProbability(),
                        botPhone.handleTime(), false, true));
                bots.put(a.id(), ext);
            }
        }
        // callers wait until the CTI is connected and its agents are ready, as on a site that opens
        PbxSimulator pbx = PbxSimulator.start(simulator.user(base.ami().username(), base.ami().secret())
                .agentDialContext(base.ami().agentDialContext()).trafficPaused(true).build());
        ResolvedConfig config = base.withHttpPort(0).withAmi(base.ami().at("127.0.0.1", pbx.port()));
        CtiServer server = CtiServer.start(config, SystemClock.INSTANCE, amiTuning);
        DemoAgentBots agentBots = new DemoAgentBots(server.engine(), bots, behaviour, 7).start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.adapter().isLinkUp()
                && server.engine().stats().agents().stream().filter(a -> bots.containsKey(a.agentId()))
                .allMatch(a -> a.state() == AgentState.READY));
        pbx.resumeTraffic();
        return new SimulatedSite(pbx, server, agentBots);
    }

    static DemoAgentBots.Behaviour fastBots() {
        return new DemoAgentBots.Behaviour(Duration.ofMillis(300), Duration.ofMillis(150), 0.02, Duration.ofMillis(400),
                "break", "inquiry");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    @Override
    public void close() {
        bots.close();
        server.close();
        pbx.close();
    }
}
