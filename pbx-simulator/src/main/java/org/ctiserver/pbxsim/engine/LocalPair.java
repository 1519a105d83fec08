package org.ctiserver.pbxsim.engine;

/**
 * A Local channel pair {@code Local/<exten>@<context>-<n>;1/;2}. The {@code ;1} half is the leg a CTI
 * sees and controls; the {@code ;2} half runs the simulated handset.
 */
final class LocalPair {
    enum Kind { CALLER, AGENT, PSTN, SUPERVISOR, OTHER }

    final Kind kind;
    final String exten;
    final String context;
    final String device;
    Chan one;
    Chan two;
    /** The call (for a dialing pair) or the dialed leg (for a dialed pair) this pair belongs to. */
    Object owner;
    /** The bridge the AMI Bridge action put the {@code ;1} in, or null. */
    Bridge xbridge;
    /** The conference the {@code ;1} is in, or null. */
    Conference conf;

    LocalPair(Kind kind, String exten, String context) {
        this.kind = kind;
        this.exten = exten;
        this.context = context;
        this.device = "Local/" + exten + "@" + context;
    }

    static Kind kindOf(String context) {
        return switch (context) {
            case "callers" -> Kind.CALLER;
            case "agents" -> Kind.AGENT;
            case "pstn" -> Kind.PSTN;
            case "supervisor" -> Kind.SUPERVISOR;
            default -> Kind.OTHER;
        };
    }
}
