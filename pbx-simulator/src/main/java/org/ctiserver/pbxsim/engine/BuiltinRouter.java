package org.ctiserver.pbxsim.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Optional stand-in for a CTI server: offers waiting calls, oldest first, to idle registered phones, longest
 * idle first, with the same Redirect a CTI would send. For demos and benchmarks of the PBX side alone and for
 * deterministic end-to-end runs; off by default.
 */
final class BuiltinRouter {
    private final SimEngine eng;
    private final boolean enabled;
    private boolean scheduled;

    BuiltinRouter(SimEngine eng, boolean enabled) {
        this.eng = eng;
        this.enabled = enabled;
    }

    /** Something changed (a call waits, a phone is free): route on a fresh timer, not inside the current flow. */
    void poke() {
        if (enabled && !scheduled) {
            scheduled = true;
            eng.clock.afterMicros(0, this::dispatch);
        }
    }

    private void dispatch() {
        scheduled = false;
        List<PhoneState> idle = new ArrayList<>();
        for (PhoneState p : eng.phones.values()) {
            if (p.registered && !p.busy()) {
                idle.add(p);
            }
        }
        idle.sort(Comparator.comparingLong(p -> p.idleSince));
        int next = 0;
        for (Call call : List.copyOf(eng.liveCalls.values())) {
            if (next >= idle.size()) {
                return;
            }
            if (call.where == Call.Where.ROUTE_POINT) {
                eng.calls.redirect(call.one(), eng.config.agentDialContext(), idle.get(next++).extension(), 1);
            }
        }
    }
}
