package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorConfig;

import java.util.SplittableRandom;

/** Runtime state of one agent phone; each phone draws from its own random stream so calls do not perturb each other. */
final class PhoneState {
    final SimulatorConfig.Phone config;
    final SplittableRandom rng;
    boolean registered;
    /** What keeps this phone busy (an {@link AgentLeg} or an originated {@link Call}), or null when idle. */
    Object active;
    /** Hint state last announced by ExtensionStatus (0 Idle, 1 InUse). */
    int hint;
    /** When the phone last became idle (simulated micros), for longest-idle choices. */
    long idleSince;

    PhoneState(SimulatorConfig.Phone config, SplittableRandom rng) {
        this.config = config;
        this.rng = rng;
        this.registered = config.registered();
    }

    String extension() {
        return config.extension();
    }

    String device() {
        return "Local/" + config.extension() + "@agents";
    }
}
