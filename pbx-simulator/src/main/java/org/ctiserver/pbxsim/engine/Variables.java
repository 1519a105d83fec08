package org.ctiserver.pbxsim.engine;

/**
 * Getvar and Setvar: channel variables (the {@code __}/{@code _} inheritance prefixes kept as sent), dialplan
 * functions ({@code CALLERID()}, {@code CONNECTEDLINE()}, {@code GLOBAL()}) and globals (trace 13).
 */
final class Variables {
    private final SimEngine eng;
    private final Events ev;

    Variables(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    /** Getvar: a channel variable (null channel = global); null when unset. */
    String get(Chan c, String name) {
        if (c == null) {
            String n = name.startsWith("GLOBAL(") && name.endsWith(")") ? name.substring(7, name.length() - 1) : name;
            return eng.globals.get(n);
        }
        if (name.startsWith("GLOBAL(") && name.endsWith(")")) {
            return eng.globals.get(name.substring(7, name.length() - 1));
        }
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "CALLERID(NUM)" -> c.cidNum;
            case "CALLERID(NAME)" -> c.cidName;
            case "CALLERID(ALL)" -> "\"" + c.cidName + "\" <" + c.cidNum + ">";
            case "CONNECTEDLINE(NUM)" -> c.connNum;
            case "CONNECTEDLINE(NAME)" -> c.connName;
            case "UNIQUEID" -> c.uniqueid;
            case "LINKEDID", "CHANNEL(LINKEDID)" -> c.linkedid;
            case "CHANNEL", "CHANNEL(NAME)" -> c.name;
            case "CONTEXT" -> c.context;
            case "EXTEN" -> c.exten;
            case "BRIDGEPEER" -> c.vars.getOrDefault("BRIDGEPEER", "");
            default -> {
                String v = c.vars.get(name);
                if (v == null) {
                    v = c.vars.get("__" + name);
                }
                if (v == null) {
                    v = c.vars.get("_" + name);
                }
                yield v;
            }
        };
    }

    /** Setvar: globals change the simulated phones' behaviour the way the lab's globals do (AGENT_2001_RING ...). */
    void set(Chan c, String name, String value) {
        if (c == null) {
            String n = name.startsWith("GLOBAL(") && name.endsWith(")") ? name.substring(7, name.length() - 1) : name;
            eng.globals.put(n, value);
            ev.globalVarSet(n, value);
            return;
        }
        if (name.startsWith("GLOBAL(") && name.endsWith(")")) {
            set(null, name, value);
            return;
        }
        if (name.equalsIgnoreCase("CALLERID(name)")) {
            c.cidName = value;
            ev.newCallerid(c);
        } else if (name.equalsIgnoreCase("CALLERID(num)")) {
            c.cidNum = value;
            ev.newCallerid(c);
        } else {
            // the VarSet keeps the inheritance prefix (trace 13: Variable: __CTI_TRACE_ID)
            ev.varSet(c, name, value);
        }
    }
}
