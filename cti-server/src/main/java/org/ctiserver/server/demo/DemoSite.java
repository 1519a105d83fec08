package org.ctiserver.server.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.server.config.ConfigLoader;
import org.ctiserver.server.config.ResolvedConfig;

/**
 * The demo call center: the bundled {@code demo.yaml} (queues, agents) and the simulated PBX traffic
 * that fits it. Agents 1001..1018 are simulated on phones 2001..2018; agents 1901..1903 are left for
 * people, on phones 2901..2903 that answer by themselves and wait for the agent to hang up.
 */
public final class DemoSite {
    public static final String RESOURCE = "/demo.yaml";
    public static final String HUMAN_PASSWORD = "demo1234";
    public static final String HUMAN_AGENT_PREFIX = "19";

    private DemoSite() {
    }

    public static ResolvedConfig config() {
        try (InputStream in = DemoSite.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Phone extension of each demo agent: 1001 -> 2001, 1901 -> 2901. */
    public static String extensionOf(String agentId) {
        return "2" + agentId.substring(1);
    }

    public static boolean isHuman(String agentId) {
        return agentId.startsWith(HUMAN_AGENT_PREFIX);
    }

    /** Simulated agents and their phones. */
    public static Map<String, String> botExtensions(ResolvedConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (AgentProfile a : config.engine().agents()) {
            if (!isHuman(a.id())) {
                out.put(a.id(), extensionOf(a.id()));
            }
        }
        return out;
    }

    /**
     * The simulated PBX for the demo: about 18 calls a minute over three queues, Chinese and English callers.
     *
     * @param rateFactor multiplies every arrival rate (1 = the demo's normal load)
     */
    public static SimulatorConfig simulator(ResolvedConfig config, long seed, double rateFactor) {
        ResolvedConfig.AmiEndpoint ami = config.ami();
        SimulatorConfig.Builder b = SimulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .user(ami.username(), ami.secret())
                .seed(seed)
                .timeScale(1)
                // callers start once the CTI is connected (see DemoCommand)
                .trafficPaused(true)
                .agentDialContext(ami.agentDialContext())
                .agentDialTimeoutSeconds(15)
                .manualMaxTalkSeconds(900)
                .callType(SimulatorConfig.CallType.of("sales-zh", "sales").withSkills("lang.zh:3").withIvrLang("zh")
                        .withRate(7 * rateFactor).withPatience(90).withDialedNumber("4008001000").withCallerNumberPattern("13#########"))
                .callType(SimulatorConfig.CallType.of("sales-en", "sales").withSkills("lang.en:3").withIvrLang("en")
                        .withRate(1.5 * rateFactor).withPatience(90).withDialedNumber("4008001001"))
                .callType(SimulatorConfig.CallType.of("support-zh", "support").withSkills("lang.zh:3").withIvrLang("zh")
                        .withRate(5.5 * rateFactor).withPatience(120).withDialedNumber("4008002000").withCallerNumberPattern("13#########"))
                .callType(SimulatorConfig.CallType.of("billing-zh", "billing").withSkills("lang.zh:3").withIvrLang("zh")
                        .withRate(4 * rateFactor).withPatience(60).withDialedNumber("4008003000").withCallerNumberPattern("15#########"));
        for (AgentProfile a : config.engine().agents()) {
            String ext = extensionOf(a.id());
            if (isHuman(a.id())) {
                b.phone(new SimulatorConfig.Phone(ext, Distribution.fixed(1.5), 0, Distribution.fixed(900), true, true));
            } else {
                b.phone(new SimulatorConfig.Phone(ext, Distribution.uniform(2.5, 1.5), 0.03,
                        Distribution.lognormal(35, 0.5), false, true));
            }
        }
        return b.build();
    }
}
