package org.ctiserver.pbxsim.ami;

import java.util.Locale;

/** Asterisk's event class bits and the parsing of {@code Events}/{@code EventMask} values (manager.c strings_to_mask). */
public final class AmiEventMask {
    public static final int SYSTEM = 1;
    public static final int CALL = 1 << 1;
    public static final int LOG = 1 << 2;
    public static final int VERBOSE = 1 << 3;
    public static final int COMMAND = 1 << 4;
    public static final int AGENT = 1 << 5;
    public static final int USER = 1 << 6;
    public static final int CONFIG = 1 << 7;
    public static final int DTMF = 1 << 8;
    public static final int REPORTING = 1 << 9;
    public static final int CDR = 1 << 10;
    public static final int DIALPLAN = 1 << 11;
    public static final int ORIGINATE = 1 << 12;
    public static final int AGI = 1 << 13;
    public static final int CC = 1 << 14;
    public static final int AOC = 1 << 15;
    public static final int TEST = 1 << 16;
    public static final int SECURITY = 1 << 17;
    public static final int MESSAGE = 1 << 18;
    public static final int ALL = (1 << 19) - 1;
    public static final int NONE = 0;

    private static final String[] NAMES = {"system", "call", "log", "verbose", "command", "agent", "user", "config",
        "dtmf", "reporting", "cdr", "dialplan", "originate", "agi", "cc", "aoc", "test", "security", "message"};

    private AmiEventMask() {
    }

    /**
     * Parses {@code on}/{@code off}/{@code yes}/{@code no}, a number, or a comma list of class names.
     * Unknown names count as nothing, so {@code bogus} gives {@link #NONE} (Asterisk answers {@code Events: Off}).
     */
    public static int parse(String value) {
        if (value == null) {
            return ALL;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return NONE;
        }
        switch (v) {
            case "on", "yes", "true", "y", "t" -> {
                return ALL;
            }
            case "off", "no", "false", "n", "f" -> {
                return NONE;
            }
            default -> {
            }
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.parseInt(v) & ALL;
            } catch (NumberFormatException e) {
                return NONE;
            }
        }
        int mask = NONE;
        for (String part : v.split(",")) {
            String name = part.trim();
            if (name.equals("all")) {
                mask = ALL;
                continue;
            }
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(name)) {
                    mask |= 1 << i;
                }
            }
        }
        return mask;
    }

    /** Class bits of a {@code Privilege:} value like {@code call,all}. */
    public static int ofPrivilege(String privilege) {
        int mask = NONE;
        for (String part : privilege.split(",")) {
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(part)) {
                    mask |= 1 << i;
                }
            }
        }
        return mask;
    }
}
