package org.ctiserver.adapter.asterisk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny AMI server over a real socket that speaks like Asterisk 22 (banner, MD5 challenge login and
 * responses copied from trace 01) and, once a client is logged in, writes recorded event frames to it.
 */
final class ReplayAmiServer implements AutoCloseable {
    static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";
    static final String CHALLENGE = "858374775";

    private final ServerSocket server;
    private final String secret;
    private final List<String> framesAfterLogin;
    private final List<Map<String, String>> actions = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<List<String[]>> rawActions = new CopyOnWriteArrayList<>();
    private final List<OutputStream> loggedIn = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final String fullyBooted;
    /** Answers actions other than Challenge, Login, CoreSettings, Ping and Logoff: the frame body, or null for none. */
    volatile Function<Map<String, String>, String> responder = ReplayAmiServer::defaultResponse;

    ReplayAmiServer(String secret, List<String> framesAfterLogin) throws IOException {
        this.secret = secret;
        this.framesAfterLogin = List.copyOf(framesAfterLogin);
        this.fullyBooted = AmiTrace.load("01-login").frames().stream()
                .filter(f -> "FullyBooted".equals(f.eventName())).findFirst().orElseThrow().wireText();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "replay-ami-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Map<String, String>> actions() {
        return List.copyOf(actions);
    }

    List<Map<String, String>> actions(String name) {
        return actions.stream().filter(a -> name.equalsIgnoreCase(a.get("Action"))).toList();
    }

    /** Every action as its header lines in wire order, repeated headers ({@code Variable}) and case kept. */
    List<List<String[]>> rawActions(String name) {
        return rawActions.stream().filter(a -> a.stream().anyMatch(h -> h[0].equalsIgnoreCase("Action")
                && h[1].equalsIgnoreCase(name))).toList();
    }

    /** Writes a frame (ending with its blank line) to every logged-in client, as a live event. */
    void push(String frame) {
        for (OutputStream out : loggedIn) {
            try {
                write(out, frame);
            } catch (IOException closed) {
                loggedIn.remove(out); // that client's connection is gone
            }
        }
    }

    /** Closes every client connection, as an Asterisk restart or a network cut would. */
    void dropConnections() throws IOException {
        for (Socket s : clients) {
            s.close();
        }
        clients.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "replay-ami-conn-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            write(out, BANNER);
            boolean loggedIn = false;
            for (Map<String, String> action = readAction(in, rawActions); action != null;
                 action = readAction(in, rawActions)) {
                actions.add(action);
                String name = action.getOrDefault("Action", "");
                String id = action.containsKey("ActionID") ? "ActionID: " + action.get("ActionID") + "\r\n" : "";
                switch (name.toLowerCase()) {
                    case "challenge":
                        write(out, "Response: Success\r\n" + id + "Challenge: " + CHALLENGE + "\r\n\r\n");
                        break;
                    case "login":
                        if (!secretMatches(action)) {
                            Thread.sleep(50); // Asterisk answers a bad login late (about 1 s), then hangs up
                            write(out, "Response: Error\r\n" + id + "Message: Authentication failed\r\n\r\n");
                            return;
                        }
                        loggedIn = true;
                        write(out, "Response: Success\r\n" + id + "Message: Authentication accepted\r\n\r\n" + fullyBooted);
                        this.loggedIn.add(out);
                        for (String frame : framesAfterLogin) {
                            write(out, frame);
                        }
                        break;
                    case "logoff":
                        write(out, "Response: Goodbye\r\n" + id + "Message: Thanks for all the fish.\r\n\r\n");
                        return;
                    default:
                        if (!loggedIn) {
                            write(out, "Response: Error\r\n" + id + "Message: Permission denied\r\n\r\n");
                        } else {
                            String body = name.equalsIgnoreCase("CoreSettings") ? coreSettings()
                                    : name.equalsIgnoreCase("Ping") ? "Response: Success\r\nPing: Pong\r\n"
                                    : responder.apply(action);
                            if (body != null) {
                                write(out, insertActionId(body, id) + "\r\n");
                            }
                        }
                }
            }
        } catch (SocketException | InterruptedException closed) {
            // the test dropped the connection
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What Asterisk 22 answers to each action when it succeeds (traces 07 to 16). */
    static String defaultResponse(Map<String, String> action) {
        switch (action.getOrDefault("Action", "").toLowerCase()) {
            case "redirect":
                return action.containsKey("ExtraChannel") ? "Response: Success\r\nMessage: Dual Redirect successful\r\n"
                        : "Response: Success\r\nMessage: Redirect successful\r\n";
            case "bridge":
                return "Response: Success\r\nMessage: Channels have been bridged\r\n";
            case "originate":
                return "Response: Success\r\nMessage: Originate successfully queued\r\n";
            case "mixmonitor":
            case "mixmonitormute":
            case "stopmixmonitor":
                return "Response: Success\r\n";
            case "playdtmf":
                return "Response: Success\r\nMessage: DTMF successfully queued\r\n";
            case "setvar":
                return "Response: Success\r\nMessage: Variable Set\r\n";
            case "hangup":
                return "Response: Success\r\nMessage: Channel Hungup\r\n";
            default:
                return "Response: Error\r\nMessage: Invalid/unknown command: " + action.get("Action")
                        + ". Use Action: ListCommands to show available commands.\r\n";
        }
    }

    /** What Asterisk 22 answers to CoreSettings; Asterisk-Java asks for it after every login to learn the version. */
    private static String coreSettings() {
        return "Response: Success\r\nAMIversion: 11.0.0\r\nAsteriskVersion: 22.11.0-rc1\r\nSystemName: \r\n"
                + "CoreMaxCalls: 0\r\nCoreMaxLoadAvg: 0.000000\r\nCoreRunUser: \r\nCoreRunGroup: \r\n"
                + "CoreMaxFilehandles: 0\r\nCoreRealTimeEnabled: No\r\nCoreCDRenabled: Yes\r\nCoreHTTPenabled: No\r\n"
                + "SoundsSearchCustomDir: No\r\n";
    }

    private static String insertActionId(String body, String idLine) {
        int firstLineEnd = body.indexOf("\r\n") + 2;
        return body.substring(0, firstLineEnd) + idLine + body.substring(firstLineEnd);
    }

    private boolean secretMatches(Map<String, String> login) {
        if ("MD5".equalsIgnoreCase(login.get("AuthType"))) {
            return md5Hex(CHALLENGE + secret).equals(login.get("Key"));
        }
        return secret.equals(login.get("Secret"));
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readAction(BufferedReader in, List<List<String[]>> raw) throws IOException {
        // Asterisk matches header names without regard to case, and Asterisk-Java sends them in lower case
        Map<String, String> action = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<String[]> lines = new java.util.ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isEmpty()) {
                if (!action.isEmpty()) {
                    raw.add(List.copyOf(lines));
                    return action;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                action.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                lines.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
        }
        return null;
    }

    private static void write(OutputStream out, String text) throws IOException {
        synchronized (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
