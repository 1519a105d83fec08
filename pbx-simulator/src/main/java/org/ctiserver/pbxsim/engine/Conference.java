package org.ctiserver.pbxsim.engine;

import java.util.ArrayList;
import java.util.List;

/** A ConfBridge room ({@code conf,<room>}: ConfBridge(room,cti_bridge,cti_user)) and its softmix bridge. */
final class Conference {
    final String room;
    final Bridge bridge;
    final List<Chan> members = new ArrayList<>();
    final long startedMicros;

    Conference(String room, Bridge bridge, long startedMicros) {
        this.room = room;
        this.bridge = bridge;
        this.startedMicros = startedMicros;
    }
}
