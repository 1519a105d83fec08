package org.ctiserver.adapter.asterisk;

import java.util.Objects;

/**
 * The dialplan contexts the call-control commands send channels to (docs/decisions/0007-call-control.md). The
 * defaults match the sample {@code asterisk/extensions.conf}; the extensions inside them are fixed by the adapter:
 * {@code <hold>,caller} and {@code <hold>,agent}, {@code <amd>,s}, {@code <conference>,<room>},
 * {@code <outbound>,<number>}, and the phones {@code Local/<extension>@<agents>} and
 * {@code Local/<extension>@<supervisor>}.
 *
 * @param hold       where a held caller hears music ({@code caller}) and a held agent leg waits ({@code agent})
 * @param outbound   dials an outside number (blind transfer out, manual and campaign calls)
 * @param amd        runs answering-machine detection on an answered campaign call and reports {@code CtiAmdResult}
 * @param agents     rings an agent's phone as the first leg of an Originate
 * @param supervisor rings a supervisor's phone as the first leg of a spy call
 * @param conference puts a channel into a ConfBridge room named by the extension
 */
public record AmiContexts(String hold, String outbound, String amd, String agents, String supervisor,
                          String conference) {

    public static final AmiContexts DEFAULTS = new AmiContexts("hold", "outbound", "amd", "agents", "supervisor", "conf");

    /** Extension of the hold context that plays music to the caller. */
    public static final String HOLD_CALLER = "caller";
    /** Extension of the hold context where the agent's leg waits in silence. */
    public static final String HOLD_AGENT = "agent";
    /** Extension of the AMD context. */
    public static final String AMD_EXTEN = "s";

    public AmiContexts {
        requireContext(hold, "hold");
        requireContext(outbound, "outbound");
        requireContext(amd, "amd");
        requireContext(agents, "agents");
        requireContext(supervisor, "supervisor");
        requireContext(conference, "conference");
    }

    public AmiContexts withHold(String context) {
        return new AmiContexts(context, outbound, amd, agents, supervisor, conference);
    }

    public AmiContexts withOutbound(String context) {
        return new AmiContexts(hold, context, amd, agents, supervisor, conference);
    }

    public AmiContexts withAmd(String context) {
        return new AmiContexts(hold, outbound, context, agents, supervisor, conference);
    }

    public AmiContexts withAgents(String context) {
        return new AmiContexts(hold, outbound, amd, context, supervisor, conference);
    }

    public AmiContexts withSupervisor(String context) {
        return new AmiContexts(hold, outbound, amd, agents, context, conference);
    }

    public AmiContexts withConference(String context) {
        return new AmiContexts(hold, outbound, amd, agents, supervisor, context);
    }

    /** Whether {@code name} can be a dialplan context (or extension) name: no blanks, commas, bars, '@' or '/'. */
    public static boolean isPlainName(String name) {
        return name != null && !name.isBlank()
                && name.chars().noneMatch(c -> Character.isWhitespace(c) || c == ',' || c == '|' || c == '@'
                || c == '/' || c == ';' || c < 0x20);
    }

    static void requireContext(String value, String field) {
        Objects.requireNonNull(value, () -> field + " context must not be null");
        if (!isPlainName(value)) {
            throw new IllegalArgumentException(field + " context must be a plain context name, was '" + value + "'");
        }
    }
}
