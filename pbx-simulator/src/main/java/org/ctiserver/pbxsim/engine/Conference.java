package org.ctiserver.pbxsim.engine;

import java.util.ArrayList;
import java.util.List;

/** A ConfBridge room ({@code conf,<room>}: ConfBridge(room,cti_bridge,cti_user)) and its softmix bridge. */
final class Conference {
    final String room;
    final Bridge bridge;
    final List<Chan> members = new ArrayList<>();
    final long startedMicros;
    /** The hidden announcer channel's name, as it shows in BRIDGEPEER. */
    final String announcer;
    boolean started;

    Conference(String room, Bridge bridge, long startedMicros, String announcer) {
        this.room = room;
        this.bridge = bridge;
        this.startedMicros = startedMicros;
        this.announcer = announcer;
    }
}
