package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorConfig;

import java.util.SplittableRandom;

/** Runtime state of one agent phone; each phone draws from its own random stream so calls do not perturb each other. */
final class PhoneState {
    final SimulatorConfig.Phone config;
    final SplittableRandom rng;
    boolean registered;
    /** What keeps this phone busy ({@link AgentLeg}s or originated {@link Call}s: a second line for a consultation). */
    private final java.util.List<Object> uses = new java.util.ArrayList<>(2);
    /** Hint state last announced by ExtensionStatus (0 Idle, 1 InUse). */
    int hint;
    /** When the phone last became idle (simulated micros), for longest-idle choices. */
    long idleSince;

    PhoneState(SimulatorConfig.Phone config, SplittableRandom rng) {
        this.config = config;
        this.rng = rng;
        this.registered = config.registered();
    }

    boolean busy() {
        return !uses.isEmpty();
    }

    void occupy(Object use) {
        if (!uses.contains(use)) {
            uses.add(use);
        }
    }

    /** Returns true when this was the phone's last use (the phone is idle now). */
    boolean free(Object use) {
        return uses.remove(use) && uses.isEmpty();
    }

    String extension() {
        return config.extension();
    }

    String device() {
        return "Local/" + config.extension() + "@agents";
    }
}
