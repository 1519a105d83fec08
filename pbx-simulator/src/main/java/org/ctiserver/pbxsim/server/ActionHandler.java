package org.ctiserver.pbxsim.server;

import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.ami.AmiEventMask;
import org.ctiserver.pbxsim.ami.AmiMessage;
import org.ctiserver.pbxsim.engine.SimEngine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Dispatches AMI actions. Session and protocol actions (Login, Challenge, Ping, Events, Logoff, CoreSettings,
 * Command, UserEvent) are answered here; actions on calls go to {@link CallActions}. Response texts are the
 * ones Asterisk 22 sends (traces 01 and 17).
 */
public final class ActionHandler {
    private static final DateTimeFormatter TV = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
            .withZone(ZoneOffset.UTC);
    static final String NEVER_TV = "1970-01-01T00:00:00.000+0000";
    static final String VERSION = "22.11.0-rc1";

    private final SimEngine engine;
    private final SimulatorConfig config;
    private final CallActions calls;
    private final MediaActions media;
    private final long startNanos = System.nanoTime();

    public ActionHandler(SimEngine engine, SimulatorConfig config) {
        this.engine = engine;
        this.config = config;
        this.calls = new CallActions(engine);
        this.media = new MediaActions(engine);
    }

    void handle(AmiSession s, AmiMessage m) {
        engine.clock().catchUp();
        String action = m.get("Action");
        String id = m.get("ActionID");
        if (action == null || action.isBlank()) {
            s.respond(error(id, "Missing action in request"));
            badFormat(s, "NONE");
            return;
        }
        String a = action.trim().toLowerCase(Locale.ROOT);
        if (!s.authenticated && !a.equals("login") && !a.equals("challenge") && !a.equals("logoff")) {
            s.respond(error(id, "Permission denied"));
            engine.emit(security(s, "RequestNotAllowed", "Error", 1, "")
                    .add("RequestType", "Action: " + action).add("SessionTV", NEVER_TV));
            return;
        }
        switch (a) {
            case "login" -> login(s, m, id);
            case "challenge" -> challenge(s, m, id);
            case "logoff" -> {
                s.respond(AmiMessage.builder().add("Response", "Goodbye").addIfPresent("ActionID", id)
                        .add("Message", "Thanks for all the fish.").build());
                s.closeAfterFlush();
            }
            case "ping" -> s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                    .add("Ping", "Pong").add("Timestamp", engine.timestampNow()).build());
            case "events" -> {
                String v = m.get("EventMask") != null ? m.get("EventMask") : m.get("Events");
                s.mask = AmiEventMask.parse(v);
                s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                        .add("Events", s.mask == 0 ? "Off" : "On").build());
            }
            case "coresettings" -> coreSettings(s, id);
            case "command" -> command(s, m, id);
            case "userevent" -> userEvent(s, m, id);
            default -> {
                if (!calls.handle(s, a, m, id) && !media.handle(s, a, m, id)) {
                    s.respond(error(id, "Invalid/unknown command: " + action
                            + ". Use Action: ListCommands to show available commands."));
                    badFormat(s, action);
                }
            }
        }
    }

    static AmiMessage error(String id, String message) {
        return AmiMessage.builder().add("Response", "Error").addIfPresent("ActionID", id).add("Message", message).build();
    }

    static AmiMessage success(String id, String message) {
        return AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id).add("Message", message).build();
    }

    // ------------------------------------------------------------------ login

    private void challenge(AmiSession s, AmiMessage m, String id) {
        if (!"md5".equalsIgnoreCase(m.get("AuthType", "").trim())) {
            s.respond(error(id, "Must specify AuthType"));
            return;
        }
        if (s.challenge == null) {
            s.challenge = Integer.toString(ThreadLocalRandom.current().nextInt(100_000_000, Integer.MAX_VALUE));
        }
        s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                .add("Challenge", s.challenge).build());
    }

    private void login(AmiSession s, AmiMessage m, String id) {
        if (s.authenticated) {
            s.respond(success(id, "Already authenticated"));
            return;
        }
        String user = m.get("Username", "");
        String secret = config.users().get(user);
        AmiMessage.Builder failure = null;
        if (secret == null) {
            failure = security(s, "InvalidAccountID", "Error", 1, user).add("SessionTV", NEVER_TV);
        } else if ("md5".equalsIgnoreCase(m.get("AuthType", "").trim())) {
            String key = m.get("Key", "");
            String expected = s.challenge == null ? "" : md5Hex(s.challenge + secret);
            if (s.challenge == null || !expected.equalsIgnoreCase(key.trim())) {
                failure = security(s, "ChallengeResponseFailed", "Error", 1, "")
                        .add("Challenge", s.challenge == null ? "" : s.challenge).add("Response", key)
                        .add("ExpectedResponse", expected).add("SessionTV", NEVER_TV);
            }
        } else if (!secret.equals(m.get("Secret", ""))) {
            failure = security(s, "InvalidPassword", "Error", 2, user).add("SessionTV", NEVER_TV);
        }
        if (failure != null) {
            engine.emit(failure);
            s.stopReading();
            // Asterisk answers a failed login after about a second, then hangs up
            AmiMessage err = error(id, "Authentication failed");
            s.later(() -> s.respondAndClose(err), config.loginFailureDelayMillis());
            return;
        }
        s.authenticated = true;
        s.username = user;
        s.sessionTv = TV.format(engine.now());
        if (m.get("Events") != null) {
            s.mask = AmiEventMask.parse(m.get("Events"));
        }
        s.respond(success(id, "Authentication accepted"));
        long up = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        s.write(AmiMessage.builder().add("Event", "FullyBooted").add("Privilege", "system,all")
                .add("Uptime", up).add("LastReload", up).add("Status", "Fully Booted").build());
        engine.emit(security(s, "SuccessfulAuth", "Informational", 1, user)
                .add("UsingPassword", "0").add("SessionTV", s.sessionTv));
    }

    static String md5Hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Common head of the security events (EventTV ... RemoteAddress); AccountID sits where Asterisk puts it. */
    private AmiMessage.Builder security(AmiSession s, String name, String severity, int version, String account) {
        AmiMessage.Builder b = engine.startEvent(name, "security,all")
                .add("EventTV", TV.format(engine.now())).add("Severity", severity).add("Service", "AMI")
                .add("EventVersion", version);
        if (account != null) {
            b.add("AccountID", account);
        }
        b.add("SessionID", s.sessionId).add("LocalAddress", s.localAddress()).add("RemoteAddress", s.remoteAddress());
        return b;
    }

    private void badFormat(AmiSession s, String action) {
        AmiMessage.Builder b = security(s, "RequestBadFormat", "Error", 1, null)
                .add("RequestType", "Action: " + action)
                .add("SessionTV", s.sessionTv == null ? NEVER_TV : s.sessionTv)
                .add("AccountID", s.username == null ? "" : s.username);
        engine.emit(b);
    }

    // ------------------------------------------------------------------ misc

    private void coreSettings(AmiSession s, String id) {
        s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                .add("AMIversion", "11.0.0").add("AsteriskVersion", VERSION).add("SystemName", "")
                .add("CoreMaxCalls", "0").add("CoreMaxLoadAvg", "0.000000").add("CoreRunUser", "")
                .add("CoreRunGroup", "").add("CoreMaxFilehandles", "0").add("CoreRealTimeEnabled", "No")
                .add("CoreCDRenabled", "Yes").add("CoreHTTPenabled", "No").add("SoundsSearchCustomDir", "No").build());
    }

    private void command(AmiSession s, AmiMessage m, String id) {
        String cmd = m.get("Command");
        if (cmd == null || cmd.isBlank()) {
            s.respond(error(id, "No command provided"));
            return;
        }
        String c = cmd.trim().replaceAll("\\s+", " ");
        if (c.equals("core show version")) {
            s.respond(AmiMessage.builder().add("Response", "Success").addIfPresent("ActionID", id)
                    .add("Message", "Command output follows")
                    .add("Output", "Asterisk " + VERSION + " built by pbx-simulator @ ctiserver on a x86_64 running Linux")
                    .build());
            return;
        }
        String[] words = c.split(" ");
        String help = words.length > 1 ? words[0] + " " + words[1] : words[0];
        s.respond(AmiMessage.builder().add("Response", "Error").addIfPresent("ActionID", id)
                .add("Message", "Command output follows")
                .add("Output", "No such command '" + cmd + "' (type 'core show help " + help
                        + "' for other possible commands)").build());
    }

    /** The UserEvent action echoes every header of the action except Action (trace 17). */
    private void userEvent(AmiSession s, AmiMessage m, String id) {
        s.respond(success(id, "Event Sent"));
        AmiMessage.Builder b = engine.startEvent("UserEvent", "user,all").add("UserEvent", m.get("UserEvent", ""));
        m.headers().forEach(h -> {
            if (!h.key().equalsIgnoreCase("Action") && !h.key().equalsIgnoreCase("UserEvent")) {
                b.add(h.key(), h.value());
            }
        });
        engine.emit(b);
    }
}
