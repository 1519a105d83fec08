package org.ctiserver.pbxsim.engine;

import java.util.ArrayList;
import java.util.List;

/** A bridge: basic two-party ({@code simple_bridge}) as Dial and the Bridge action make, or a ConfBridge ({@code softmix}). */
final class Bridge {
    final String uniqueid;
    final List<Chan> members = new ArrayList<>(2);
    final String type;
    final String technology;
    final String creator;
    final String name;
    /** Members that get no channel events (ConfBridge's announcer {@code CBAnn/<room>}) but count in BridgeNumChannels. */
    int hidden;

    Bridge(String uniqueid) {
        this(uniqueid, "basic", "simple_bridge", Chan.UNKNOWN, Chan.UNKNOWN);
    }

    Bridge(String uniqueid, String type, String technology, String creator, String name) {
        this.uniqueid = uniqueid;
        this.type = type;
        this.technology = technology;
        this.creator = creator;
        this.name = name;
    }

    int numChannels() {
        return members.size() + hidden;
    }

    /** The other member of a two-party bridge, or null. */
    Chan other(Chan c) {
        for (Chan m : members) {
            if (m != c) {
                return m;
            }
        }
        return null;
    }
}
