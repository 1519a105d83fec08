package org.ctiserver.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.ctiserver.protocol.message.Lang;

import io.vertx.core.http.HttpServerOptions;

/**
 * Settings of the agent endpoint. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods.
 *
 * @param maxMessageBytes    a text message longer than this (in UTF-8 bytes) closes the connection with 1008
 * @param logoutGrace        after a connection drops, how long to wait for a new one before logging the agent out
 * @param sessionPolicy      what a second login for the same agent does
 * @param maxLoginFailures   failed logins per agent, and per remote address, allowed within {@code loginFailureWindow}
 * @param loginFailureWindow the sliding window of the failure count
 * @param loginTimeout       a connection not logged in within this is closed
 * @param commandTimeout     how long to wait for the engine's answer before replying TIMEOUT
 * @param defaultLang        the language of texts before the client names one ("zh-CN" or "en")
 * @param replayEvents       events kept per agent for a reconnecting client to resume from
 * @param replayWindow       ... and for how long at most
 * @param heartbeatInterval  how often the server pings each connection (WebSocket ping frames)
 * @param idleTimeout        a connection the server heard nothing from (not even a pong) for this long is closed
 * @param allowedOrigins     origins (e.g. {@code https://cti.example.com}) allowed to open the WebSocket; empty =
 *                           only the same host as the request's Host header. Requests without Origin (non-browser
 *                           clients) are allowed
 * @param tls                the certificate for wss/https, or null for plain ws/http
 */
public record ProtocolOptions(int maxMessageBytes, Duration logoutGrace, SessionPolicy sessionPolicy,
                              int maxLoginFailures, Duration loginFailureWindow, Duration loginTimeout,
                              Duration commandTimeout, String defaultLang, int replayEvents, Duration replayWindow,
                              Duration heartbeatInterval, Duration idleTimeout, List<String> allowedOrigins,
                              TlsOptions tls) {
    public static final String PAGE_PATH = "/agent";
    public static final String WEBSOCKET_PATH = "/ws/agent";
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024;
    public static final int DEFAULT_REPLAY_EVENTS = 1000;
    /** Policy violation (RFC 6455 §7.4.1): the close code for an oversized message. */
    public static final short CLOSE_POLICY_VIOLATION = 1008;
    /** Application close code (4000-4999) for a session another login took over; toolbars do not reconnect on it. */
    public static final short CLOSE_SESSION_REPLACED = 4001;
    /** Application close code for a connection that did not log in in time. */
    public static final short CLOSE_LOGIN_TIMEOUT = 4002;
    /** Application close code for a connection silent for longer than {@code idleTimeout}; clients reconnect. */
    public static final short CLOSE_IDLE = 4004;

    public ProtocolOptions {
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        }
        Objects.requireNonNull(logoutGrace, "logoutGrace");
        Objects.requireNonNull(sessionPolicy, "sessionPolicy");
        if (maxLoginFailures < 1) {
            throw new IllegalArgumentException("maxLoginFailures must be at least 1");
        }
        requirePositive(loginFailureWindow, "loginFailureWindow");
        requirePositive(loginTimeout, "loginTimeout");
        requirePositive(commandTimeout, "commandTimeout");
        if (!Lang.isSupported(defaultLang)) {
            throw new IllegalArgumentException("defaultLang must be one of " + Lang.SUPPORTED + ": " + defaultLang);
        }
        if (replayEvents < 0) {
            throw new IllegalArgumentException("replayEvents must not be negative: " + replayEvents);
        }
        requirePositive(replayWindow, "replayWindow");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(idleTimeout, "idleTimeout");
        if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("idleTimeout must be longer than heartbeatInterval");
        }
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /** The settings before replay, heartbeats, origins and TLS existed; those take their defaults. */
    public ProtocolOptions(int maxMessageBytes, Duration logoutGrace, SessionPolicy sessionPolicy, int maxLoginFailures,
                           Duration loginFailureWindow, Duration loginTimeout, Duration commandTimeout,
                           String defaultLang) {
        this(maxMessageBytes, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow, loginTimeout,
                commandTimeout, defaultLang, DEFAULT_REPLAY_EVENTS, Duration.ofMinutes(5), Duration.ofSeconds(15),
                Duration.ofSeconds(45), List.of(), null);
    }

    public static ProtocolOptions defaults() {
        return new ProtocolOptions(DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(30), SessionPolicy.TAKE_OVER, 5,
                Duration.ofMinutes(1), Duration.ofSeconds(60), Duration.ofSeconds(10), Lang.ZH_CN);
    }

    public ProtocolOptions withMaxMessageBytes(int value) {
        return new ProtocolOptions(value, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow,
                loginTimeout, commandTimeout, defaultLang, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                allowedOrigins, tls);
    }

    public ProtocolOptions withLogoutGrace(Duration value) {
        return new ProtocolOptions(maxMessageBytes, value, sessionPolicy, maxLoginFailures, loginFailureWindow,
                loginTimeout, commandTimeout, defaultLang, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                allowedOrigins, tls);
    }

    public ProtocolOptions withSessionPolicy(SessionPolicy value) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, value, maxLoginFailures, loginFailureWindow,
                loginTimeout, commandTimeout, defaultLang, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                allowedOrigins, tls);
    }

    public ProtocolOptions withLoginFailureLimit(int failures, Duration window) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, sessionPolicy, failures, window, loginTimeout,
                commandTimeout, defaultLang, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                allowedOrigins, tls);
    }

    public ProtocolOptions withLoginTimeout(Duration value) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow,
                value, commandTimeout, defaultLang, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                allowedOrigins, tls);
    }

    public ProtocolOptions withCommandTimeout(Duration value) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow,
                loginTimeout, value, defaultLang, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                allowedOrigins, tls);
    }

    public ProtocolOptions withDefaultLang(String value) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow,
                loginTimeout, commandTimeout, value, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                allowedOrigins, tls);
    }

    /** How many events, for how long at most, the server keeps per agent for resuming. */
    public ProtocolOptions withReplay(int events, Duration window) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow,
                loginTimeout, commandTimeout, defaultLang, events, window, heartbeatInterval, idleTimeout,
                allowedOrigins, tls);
    }

    public ProtocolOptions withHeartbeat(Duration interval, Duration idle) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow,
                loginTimeout, commandTimeout, defaultLang, replayEvents, replayWindow, interval, idle,
                allowedOrigins, tls);
    }

    public ProtocolOptions withAllowedOrigins(List<String> origins) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow,
                loginTimeout, commandTimeout, defaultLang, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                origins, tls);
    }

    /** {@code null} for plain ws/http. */
    public ProtocolOptions withTls(TlsOptions value) {
        return new ProtocolOptions(maxMessageBytes, logoutGrace, sessionPolicy, maxLoginFailures, loginFailureWindow,
                loginTimeout, commandTimeout, defaultLang, replayEvents, replayWindow, heartbeatInterval, idleTimeout,
                allowedOrigins, value);
    }

    /**
     * Sets the HTTP server's WebSocket limits to match: Netty itself drops frames and messages beyond them
     * (close 1009), so they are set a little above {@code maxMessageBytes}, leaving the endpoint to close
     * slightly larger ones with 1008 and a FRAME_TOO_LARGE error first. With {@code tls}, turns SSL on with
     * its certificate (the whole server then speaks https/wss).
     */
    public HttpServerOptions applyTo(HttpServerOptions server) {
        int limit = 2 * maxMessageBytes;
        server.setMaxWebSocketFrameSize(limit).setMaxWebSocketMessageSize(limit);
        if (tls != null) {
            server.setSsl(true).setKeyCertOptions(tls.keyCertOptions());
        }
        return server;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
