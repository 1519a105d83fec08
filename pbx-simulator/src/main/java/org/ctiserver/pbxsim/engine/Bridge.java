package org.ctiserver.pbxsim.engine;

import java.util.ArrayList;
import java.util.List;

/** A basic two-party bridge ({@code simple_bridge}), as Dial creates on answer. */
final class Bridge {
    final String uniqueid;
    final List<Chan> members = new ArrayList<>(2);

    Bridge(String uniqueid) {
        this.uniqueid = uniqueid;
    }
}
