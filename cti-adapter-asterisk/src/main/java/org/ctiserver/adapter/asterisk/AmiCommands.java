package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The AMI actions that carry out an engine command, in the order they are sent (each one after the previous one's
 * success): the mapping of docs/decisions/0007-call-control.md. Pure: no I/O, no state. A command that cannot be
 * expressed (an empty channel, a DTMF digit Asterisk does not know, a context-breaking name) is refused with an
 * {@link IllegalArgumentException} before anything is sent; the adapter reports it as {@code CommandFailed}.
 */
final class AmiCommands {

    /** How long each PlayDTMF digit sounds, as in trace 13. */
    static final int DTMF_DURATION_MS = 200;
    /** How long a phone may ring for an Originate whose command gives no timeout. */
    static final long DEFAULT_ORIGINATE_TIMEOUT_MS = 30_000;

    private AmiCommands() {
    }

    /** The actions for {@code command}; never empty. */
    static List<AmiAction> plan(PbxCommand command, String agentDialContext, AmiContexts contexts) {
        List<AmiAction> actions = actions(command, agentDialContext, contexts);
        for (AmiAction a : actions) {
            a.headers().forEach(AmiCommands::requireOneLine);
            a.variables().forEach(AmiCommands::requireOneLine);
        }
        return actions;
    }

    /** A line break would end the header early and let the rest be read as more headers, or end the action. */
    private static void requireOneLine(String key, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(key + " must be one line of text");
        }
    }

    private static List<AmiAction> actions(PbxCommand command, String agentDialContext, AmiContexts contexts) {
        if (command instanceof PbxCommand.RouteToAgent c) {
            // priority 1 of <agentDialContext>,<agent extension>: the dialplan dials the agent and requeues on failure
            return List.of(AmiAction.redirect(channel(c.channel()), agentDialContext,
                    name(c.agentExtension(), "agent extension"), 1));
        } else if (command instanceof PbxCommand.HangupCall c) {
            return List.of(AmiAction.hangup(channel(c.channel())));
        } else if (command instanceof PbxCommand.HangupChannel c) {
            return List.of(AmiAction.hangup(channel(c.channel())));
        } else if (command instanceof PbxCommand.HoldCall c) {
            return List.of(dualRedirect(channel(c.callerChannel()), contexts.hold(), AmiContexts.HOLD_CALLER,
                    channel(c.agentChannel()), contexts.hold(), AmiContexts.HOLD_AGENT));
        } else if (command instanceof PbxCommand.ParkCaller c) {
            return List.of(AmiAction.redirect(channel(c.callerChannel()), contexts.hold(), AmiContexts.HOLD_CALLER, 1));
        } else if (command instanceof PbxCommand.BridgeChannels c) {
            return List.of(bridge(channel(c.channel1()), channel(c.channel2())));
        } else if (command instanceof PbxCommand.Redirect c) {
            Target t = target(c.destination(), agentDialContext, contexts);
            return List.of(AmiAction.redirect(channel(c.callerChannel()), t.context(), t.exten(), 1));
        } else if (command instanceof PbxCommand.Originate c) {
            return List.of(originate(c, agentDialContext, contexts));
        } else if (command instanceof PbxCommand.DialCustomer c) {
            return List.of(dialCustomer(c, contexts));
        } else if (command instanceof PbxCommand.Conference c) {
            return conference(c, contexts);
        } else if (command instanceof PbxCommand.Record c) {
            return List.of(record(c));
        } else if (command instanceof PbxCommand.Spy c) {
            return List.of(spy(c, contexts));
        } else if (command instanceof PbxCommand.SendDtmf c) {
            return dtmf(c);
        } else if (command instanceof PbxCommand.SetVariable c) {
            return List.of(setvar(c));
        }
        throw new IllegalArgumentException("no AMI action for " + command);
    }

    private record Target(String context, String exten) {
    }

    private static Target target(PbxCommand.Destination destination, String agentDialContext, AmiContexts contexts) {
        if (destination instanceof PbxCommand.Destination.AgentPhone a) {
            return new Target(agentDialContext, name(a.extension(), "agent extension"));
        } else if (destination instanceof PbxCommand.Destination.External e) {
            return new Target(contexts.outbound(), name(e.number(), "number"));
        } else if (destination instanceof PbxCommand.Destination.Dialplan d) {
            // the voicemail, message and callback-offer contexts of the sample dialplan, at priority 1
            return new Target(name(d.context(), "context"), name(d.exten(), "extension"));
        }
        throw new IllegalArgumentException("no destination");
    }

    private static AmiAction dualRedirect(String channel, String context, String exten, String extraChannel,
                                          String extraContext, String extraExten) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel", channel);
        h.put("Context", context);
        h.put("Exten", exten);
        h.put("Priority", "1");
        h.put("ExtraChannel", extraChannel);
        h.put("ExtraContext", extraContext);
        h.put("ExtraExten", extraExten);
        h.put("ExtraPriority", "1");
        return new AmiAction(AmiAction.REDIRECT, h);
    }

    private static AmiAction bridge(String channel1, String channel2) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel1", channel1);
        h.put("Channel2", channel2);
        h.put("Tone", "no");
        return new AmiAction(AmiAction.BRIDGE, h);
    }

    private static AmiAction originate(PbxCommand.Originate c, String agentDialContext, AmiContexts contexts) {
        Target t = target(c.destination(), agentDialContext, contexts);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel", "Local/" + name(c.fromExtension(), "extension") + "@" + contexts.agents());
        h.put("Context", t.context());
        h.put("Exten", t.exten());
        h.put("Priority", "1");
        putCallerId(h, c.callerIdName(), c.callerIdNumber());
        h.put("Timeout", Long.toString(timeout(c.timeoutMs())));
        h.put("Async", "true");
        return new AmiAction(AmiAction.ORIGINATE, h, variables(c.variables()), requestId(c.requestId()));
    }

    private static AmiAction dialCustomer(PbxCommand.DialCustomer c, AmiContexts contexts) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel", "Local/" + name(c.number(), "number") + "@" + contexts.outbound());
        h.put("Context", contexts.amd());
        h.put("Exten", AmiContexts.AMD_EXTEN);
        h.put("Priority", "1");
        putCallerId(h, "", c.callerIdNumber());
        h.put("Timeout", Long.toString(timeout(c.timeoutMs())));
        h.put("Async", "true");
        return new AmiAction(AmiAction.ORIGINATE, h, variables(c.variables()), requestId(c.requestId()));
    }

    /** The first two channels by one dual Redirect (they leave their bridge together), then one Redirect each. */
    private static List<AmiAction> conference(PbxCommand.Conference c, AmiContexts contexts) {
        String room = name(c.room(), "conference room");
        List<String> channels = c.channels();
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a conference needs at least one channel");
        }
        List<AmiAction> actions = new ArrayList<>();
        int next = 0;
        if (channels.size() >= 2) {
            actions.add(dualRedirect(channel(channels.get(0)), contexts.conference(), room, channel(channels.get(1)),
                    contexts.conference(), room));
            next = 2;
        }
        for (int i = next; i < channels.size(); i++) {
            actions.add(AmiAction.redirect(channel(channels.get(i)), contexts.conference(), room, 1));
        }
        return List.copyOf(actions);
    }

    private static AmiAction record(PbxCommand.Record c) {
        String channel = channel(c.channel());
        if (c.action() == null) {
            throw new IllegalArgumentException("no recording action");
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel", channel);
        if (c.action() == PbxCommand.RecordingAction.START) {
            h.put("File", fileName(c.fileName()));
            h.put("Options", "b"); // only while bridged: hold music and the route point stay out of the file
            return new AmiAction(AmiAction.MIX_MONITOR, h);
        }
        if (c.action() == PbxCommand.RecordingAction.STOP) {
            return new AmiAction(AmiAction.STOP_MIX_MONITOR, h);
        }
        h.put("Direction", "both");
        h.put("State", c.action() == PbxCommand.RecordingAction.PAUSE ? "1" : "0");
        return new AmiAction(AmiAction.MIX_MONITOR_MUTE, h);
    }

    private static AmiAction spy(PbxCommand.Spy c, AmiContexts contexts) {
        String spyee = channel(c.agentChannel());
        if (spyee.indexOf(',') >= 0) {
            throw new IllegalArgumentException("agent channel '" + spyee + "' cannot be given to ChanSpy");
        }
        if (c.mode() == null) {
            throw new IllegalArgumentException("no spy mode");
        }
        String options = switch (c.mode()) {
            case LISTEN -> "q";
            case WHISPER -> "qw";
            case BARGE -> "qB";
        };
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel", "Local/" + name(c.supervisorExtension(), "supervisor extension") + "@" + contexts.supervisor());
        h.put("Application", "ChanSpy");
        h.put("Data", spyee + "," + options);
        h.put("Timeout", Long.toString(DEFAULT_ORIGINATE_TIMEOUT_MS));
        h.put("Async", "true");
        return new AmiAction(AmiAction.ORIGINATE, h, Map.of(), requestId(c.requestId()));
    }

    private static List<AmiAction> dtmf(PbxCommand.SendDtmf c) {
        String channel = channel(c.channel());
        String digits = c.digits() == null ? "" : c.digits();
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("no DTMF digits");
        }
        List<AmiAction> actions = new ArrayList<>(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            char d = digits.charAt(i);
            if ("0123456789*#ABCDabcd".indexOf(d) < 0) {
                throw new IllegalArgumentException("'" + d + "' is no DTMF digit (0-9, *, #, A-D)");
            }
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Channel", channel);
            h.put("Digit", String.valueOf(d).toUpperCase(Locale.ROOT));
            h.put("Duration", Integer.toString(DTMF_DURATION_MS));
            actions.add(new AmiAction(AmiAction.PLAY_DTMF, h));
        }
        return List.copyOf(actions);
    }

    private static AmiAction setvar(PbxCommand.SetVariable c) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Channel", channel(c.channel()));
        h.put("Variable", variableName(c.name()));
        h.put("Value", c.value() == null ? "" : c.value());
        return new AmiAction(AmiAction.SETVAR, h);
    }

    /**
     * {@code "name" <number>}, the form Asterisk parses (ast_callerid_parse); quotes and angle brackets inside the
     * parts are dropped so that they cannot change where the name or the number ends.
     */
    private static void putCallerId(Map<String, String> h, String name, String number) {
        String n = name == null ? "" : name.replaceAll("[\"<>]", "").trim();
        String num = number == null ? "" : number.replaceAll("[\"<>]", "").trim();
        if (n.isEmpty() && num.isEmpty()) {
            return;
        }
        h.put("CallerID", n.isEmpty() ? "<" + num + ">" : num.isEmpty() ? "\"" + n + "\"" : "\"" + n + "\" <" + num + ">");
    }

    /**
     * Values escaped for Asterisk's Variable header parser, which splits at commas and strips quotes and backslashes
     * (AST_STANDARD_APP_ARGS): {@code \}, {@code ,} and {@code "} get a backslash.
     */
    static Map<String, String> variables(Map<String, String> variables) {
        Map<String, String> out = new LinkedHashMap<>();
        if (variables == null) {
            return out;
        }
        variables.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String value = e.getValue() == null ? "" : e.getValue();
            out.put(variableName(e.getKey()), value.replace("\\", "\\\\").replace(",", "\\,").replace("\"", "\\\""));
        });
        return out;
    }

    private static String variableName(String name) {
        if (name == null || name.isEmpty() || name.chars().anyMatch(ch -> ch <= ' ' || ch == '=' || ch == ','
                || ch == '"' || ch == '\\' || ch == 0x7f)) {
            throw new IllegalArgumentException("'" + name + "' is no channel variable name");
        }
        return name;
    }

    private static String channel(String channel) {
        if (channel == null || channel.isBlank() || channel.chars().anyMatch(ch -> ch < ' ' || ch == 0x7f)) {
            throw new IllegalArgumentException("no usable channel name: '" + channel + "'");
        }
        return channel.trim();
    }

    private static String name(String value, String what) {
        if (!AmiContexts.isPlainName(value)) {
            throw new IllegalArgumentException("'" + value + "' is no usable " + what);
        }
        return value.trim();
    }

    private static String requestId(String requestId) {
        if (requestId == null || requestId.isBlank() || requestId.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
            throw new IllegalArgumentException("no usable request id: '" + requestId + "'");
        }
        return requestId;
    }

    private static String fileName(String fileName) {
        if (fileName == null || fileName.isBlank() || fileName.contains("..") || fileName.indexOf(',') >= 0
                || fileName.chars().anyMatch(ch -> ch < ' ' || ch == 0x7f)) {
            throw new IllegalArgumentException("no usable recording file name: '" + fileName + "'");
        }
        return fileName;
    }

    private static long timeout(long timeoutMs) {
        return timeoutMs > 0 ? timeoutMs : DEFAULT_ORIGINATE_TIMEOUT_MS;
    }
}
