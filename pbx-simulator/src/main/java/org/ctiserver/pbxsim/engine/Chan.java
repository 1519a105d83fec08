package org.ctiserver.pbxsim.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** One simulated channel (one half of a Local pair) with the fields of an Asterisk channel snapshot. */
public final class Chan {
    public static final String UNKNOWN = "<unknown>";
    public static final int DOWN = 0;
    public static final int RING = 4;
    public static final int RINGING = 5;
    public static final int UP = 6;
    public static final int BUSY = 7;

    final String name;
    final String uniqueid;
    String linkedid;
    int state;
    String cidNum = UNKNOWN;
    String cidName = UNKNOWN;
    String connNum = UNKNOWN;
    String connName = UNKNOWN;
    String context;
    String exten;
    int priority = 1;
    String app = "";
    String appData = "";
    final long createdMicros;
    long answeredMicros = -1;
    Bridge bridge;
    /** Path of the MixMonitor recording running on this channel, or null. */
    String recording;
    boolean gone;
    final LocalPair pair;
    final boolean one;
    final Map<String, String> vars = new LinkedHashMap<>();

    Chan(String name, String uniqueid, String linkedid, int state, String context, String exten,
         long createdMicros, LocalPair pair, boolean one) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.linkedid = linkedid;
        this.state = state;
        this.context = context;
        this.exten = exten;
        this.createdMicros = createdMicros;
        this.pair = pair;
        this.one = one;
    }

    public String name() {
        return name;
    }

    public String uniqueid() {
        return uniqueid;
    }

    public String context() {
        return context;
    }

    public String linkedid() {
        return linkedid;
    }

    public boolean isGone() {
        return gone;
    }

    /** The other half of the Local pair. */
    Chan peer() {
        return one ? pair.two : pair.one;
    }

    static String stateDesc(int state) {
        return switch (state) {
            case DOWN -> "Down";
            case 1 -> "Rsrvd";
            case 2 -> "OffHook";
            case 3 -> "Dialing";
            case RING -> "Ring";
            case RINGING -> "Ringing";
            case UP -> "Up";
            case BUSY -> "Busy";
            default -> "Unknown";
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
