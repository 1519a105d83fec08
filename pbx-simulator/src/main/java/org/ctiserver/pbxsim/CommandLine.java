package org.ctiserver.pbxsim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns command-line flags into a {@link SimulatorConfig}. Hand-written to keep the jar free of extra libraries. */
public final class CommandLine {

    public static final String USAGE = String.join("\n",
            "Usage: java -jar pbx-simulator.jar [options]",
            "  An AMI server that behaves like Asterisk 22 with simulated callers and agent phones.",
            "",
            "  --host ADDR              bind address (default 0.0.0.0)",
            "  --port N                 AMI port (default 5038, 0 = any free port)",
            "  --user NAME --secret S   AMI account (default cti / cti-secret)",
            "  --seed N                 random seed (default 1)",
            "  --time-scale X           simulated seconds per real second (default 1)",
            "  --start-epoch-ms N       simulated clock origin (default: now)",
            "  --rate R                 generated calls per minute, shared by call types (default 0 = none)",
            "  --max-calls N            stop generating after N calls (default 0 = no limit)",
            "  --paused                 start with the traffic generator paused",
            "  --auto-route             route waiting calls to idle phones without a CTI server (baseline)",
            "  --call-type SPEC         NAME/QUEUE[/SKILLS[/WEIGHT[/PATIENCE[/LANG]]]], repeatable",
            "                           e.g. vip/billing/lang.zh:3,billing:2/1/90/zh",
            "  --patience S             mean patience of the default call type (default 60, 0 = infinite)",
            "  --agents LIST            agent phone extensions, e.g. 2001-2020,2030 (default 2001-2020)",
            "  --manual-agents LIST     phones of human users: answer, never hang up by themselves",
            "  --answer-delay DIST      agent answer delay (default uniform:3:2)",
            "  --handle-time DIST       agent talk time (default lognormal:180:0.5)",
            "  --no-answer P            probability that a phone does not answer (default 0)",
            "  --dial-timeout S         agent Dial timeout (default 15)",
            "  --route-context C        route point context (default inbound; extension --route-exten, 100)",
            "  --agentdial-context C    context a Redirect sends calls to for an agent (default agentdial)",
            "  --pstn NUMBER=OUTCOME    how Local/NUMBER@pstn behaves, repeatable: answer, busy, noanswer, congestion,",
            "                           human or machine (AMD result); default 5550486 busy, 5550404 noanswer,",
            "                           5550503 congestion, 5550701 human, 5550702/5550703 machine, others answer",
            "  --help                   this text",
            "",
            "  DIST is N | fixed:N | exp:MEAN | lognormal:MEAN:SIGMA | uniform:MEAN:HALFWIDTH (seconds)");

    private CommandLine() {
    }

    /** Parses flags; throws IllegalArgumentException with a message for the user on bad input. */
    public static SimulatorConfig parse(String... args) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("paused") || name.equals("help") || name.equals("auto-route")) {
                value = "true";
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after --" + name);
                }
                value = args[++i];
            }
            flags.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        SimulatorConfig.Builder b = SimulatorConfig.builder().host("0.0.0.0").port(5038);
        Distribution answer = Distribution.uniform(3, 2);
        Distribution handle = Distribution.lognormal(180, 0.5);
        double noAnswer = 0;
        String agents = "2001-2020";
        String manual = "";
        String user = "cti";
        String secret = "cti-secret";
        double patience = 60;
        List<SimulatorConfig.CallType> types = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : flags.entrySet()) {
            String v = e.getValue().get(e.getValue().size() - 1);
            switch (e.getKey()) {
                case "host" -> b.host(v);
                case "port" -> b.port(integer(e.getKey(), v));
                case "user" -> user = v;
                case "secret" -> secret = v;
                case "seed" -> b.seed(Long.parseLong(v));
                case "time-scale" -> b.timeScale(number(e.getKey(), v));
                case "start-epoch-ms" -> b.startEpochMillis(Long.parseLong(v));
                case "rate" -> b.arrivalRatePerMinute(number(e.getKey(), v));
                case "max-calls" -> b.maxCalls(integer(e.getKey(), v));
                case "paused" -> b.trafficPaused(true);
                case "auto-route" -> b.autoRoute(true);
                case "patience" -> patience = number(e.getKey(), v);
                case "agents" -> agents = v;
                case "manual-agents" -> manual = v;
                case "answer-delay" -> answer = Distribution.parse(v);
                case "handle-time" -> handle = Distribution.parse(v);
                case "no-answer" -> noAnswer = number(e.getKey(), v);
                case "dial-timeout" -> b.agentDialTimeoutSeconds(number(e.getKey(), v));
                case "route-context" -> b.routePointContext(v);
                case "route-exten" -> b.routePointExten(v);
                case "agentdial-context" -> b.agentDialContext(v);
                case "call-type" -> {
                    for (String spec : e.getValue()) {
                        types.add(callType(spec));
                    }
                }
                case "pstn" -> {
                    for (String spec : e.getValue()) {
                        int eq = spec.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--pstn wants NUMBER=OUTCOME, got " + spec);
                        }
                        b.pstnNumber(spec.substring(0, eq).trim(), pstnNumber(spec.substring(eq + 1).trim()));
                    }
                }
                case "help" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option --" + e.getKey());
            }
        }
        if (types.isEmpty()) {
            types.add(SimulatorConfig.CallType.of("sales", "sales").withPatience(patience));
        }
        List<String> manualList = manual.isEmpty() ? List.of() : expandExtensions(manual);
        List<SimulatorConfig.Phone> phones = new ArrayList<>();
        List<String> all = new ArrayList<>(expandExtensions(agents));
        for (String m : manualList) {
            if (!all.contains(m)) {
                all.add(m);
            }
        }
        for (String ext : all) {
            phones.add(new SimulatorConfig.Phone(ext, answer, noAnswer, handle, manualList.contains(ext), true));
        }
        return b.users(Map.of(user, secret)).callTypes(types).phones(phones).build();
    }

    static SimulatorConfig.PstnNumber pstnNumber(String outcome) {
        return switch (outcome.toLowerCase(java.util.Locale.ROOT)) {
            case "answer" -> SimulatorConfig.PstnNumber.of(SimulatorConfig.PstnOutcome.ANSWER);
            case "busy" -> SimulatorConfig.PstnNumber.of(SimulatorConfig.PstnOutcome.BUSY);
            case "noanswer", "no-answer" -> SimulatorConfig.PstnNumber.of(SimulatorConfig.PstnOutcome.NO_ANSWER);
            case "congestion" -> SimulatorConfig.PstnNumber.of(SimulatorConfig.PstnOutcome.CONGESTION);
            case "human" -> SimulatorConfig.PstnNumber.amd("HUMAN", "HUMAN-800-800", 2.3);
            case "machine" -> SimulatorConfig.PstnNumber.amd("MACHINE", "LONGGREETING-1500-1500", 2.0);
            default -> throw new IllegalArgumentException("unknown --pstn outcome " + outcome
                    + " (answer, busy, noanswer, congestion, human, machine)");
        };
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    public static final class HelpRequested extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested");
        }
    }

    static SimulatorConfig.CallType callType(String spec) {
        String[] p = spec.split("/", -1);
        if (p.length < 2 || p.length > 6 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new IllegalArgumentException("bad --call-type " + spec + " (NAME/QUEUE[/SKILLS[/WEIGHT[/PATIENCE[/LANG]]]])");
        }
        SimulatorConfig.CallType t = SimulatorConfig.CallType.of(p[0], p[1]);
        if (p.length > 2) {
            t = t.withSkills(p[2]);
        }
        if (p.length > 3 && !p[3].isEmpty()) {
            t = t.withWeight(number("call-type weight", p[3]));
        }
        if (p.length > 4 && !p[4].isEmpty()) {
            t = t.withPatience(number("call-type patience", p[4]));
        }
        if (p.length > 5 && !p[5].isEmpty()) {
            t = t.withIvrLang(p[5]);
        }
        return t;
    }

    /** {@code 2001-2003,2010} to [2001, 2002, 2003, 2010]. */
    public static List<String> expandExtensions(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            int dash = s.indexOf('-');
            if (dash > 0) {
                String from = s.substring(0, dash);
                long a = Long.parseLong(from);
                long z = Long.parseLong(s.substring(dash + 1));
                if (z < a || z - a > 10_000) {
                    throw new IllegalArgumentException("bad extension range " + s);
                }
                for (long x = a; x <= z; x++) {
                    out.add(String.format("%0" + from.length() + "d", x));
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static double number(String flag, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " needs a number, got " + v);
        }
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " needs an integer, got " + v);
        }
    }
}
