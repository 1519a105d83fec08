package org.ctiserver.adapter.asterisk;

import java.time.Duration;
import java.util.Objects;

/**
 * How the adapter reaches Asterisk's manager interface (AMI).
 *
 * @param host                  AMI host name or address
 * @param port                  AMI TCP port (Asterisk's default is 5038)
 * @param username              the {@code manager.conf} user
 * @param secret                its secret; sent only as an MD5 challenge answer, never in clear
 * @param agentDialContext      dialplan context a routed call is redirected to (its extension is the agent's)
 * @param connectTimeout        TCP connect plus banner, challenge and login, each bounded by this
 * @param actionTimeout         how long an action waits for its Response before it counts as failed
 * @param pingInterval          how often an idle-proof {@code Ping} is sent while the link is up
 * @param pingDeadline          a Ping unanswered for this long declares the link dead
 * @param reconnectBackoffMin   first delay before reconnecting; doubled after every failed attempt
 * @param reconnectBackoffMax   upper bound of that delay
 * @param eventHandoffCapacity  events held back between login and {@code LinkUp} (so that LinkUp is always
 *                              the first event of a session) and commands queued for the action thread;
 *                              beyond it, events count as dropped and commands fail at once
 * @param transport             the AMI client: {@link Transport#ASTERISK_JAVA} (the default for now, see
 *                              docs/decisions/0006-netty-ami-transport.md) or {@link Transport#NETTY}
 * @param contexts              the dialplan contexts of hold, conference, outbound, AMD and the phones' first legs
 *                              (docs/decisions/0007-call-control.md)
 */
public record AmiSettings(String host, int port, String username, String secret, String agentDialContext,
                          Duration connectTimeout, Duration actionTimeout, Duration pingInterval,
                          Duration pingDeadline, Duration reconnectBackoffMin, Duration reconnectBackoffMax,
                          int eventHandoffCapacity, Transport transport, AmiContexts contexts) {

    /** Which AMI client library the adapter uses; both honour the same contract ({@code AmiTransport}). */
    public enum Transport {
        /** Asterisk-Java's ManagerConnection: reader thread, bounded dispatch queue, an object per event. */
        ASTERISK_JAVA("asterisk-java"),
        /** The adapter's own Netty codec: decodes and translates on the socket's thread, nothing queued. */
        NETTY("netty");

        private final String configName;

        Transport(String configName) {
            this.configName = configName;
        }

        /** The name used in configuration files: {@code asterisk-java} or {@code netty}. */
        public String configName() {
            return configName;
        }

        /** Parses a configuration name ({@code asterisk-java} | {@code netty}, any case). */
        public static Transport fromConfigName(String name) {
            for (Transport t : values()) {
                if (t.configName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("AMI transport must be 'asterisk-java' or 'netty', was '" + name + "'");
        }
    }

    /** Netty since it meets every ingest goal (bench/RESULTS.md): see docs/decisions/0006-netty-ami-transport.md. */
    public static final Transport DEFAULT_TRANSPORT = Transport.NETTY;

    public static final int DEFAULT_PORT = 5038;
    public static final String DEFAULT_AGENT_DIAL_CONTEXT = "agentdial";

    public AmiSettings {
        requireText(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        requireText(username, "username");
        requireText(secret, "secret");
        requireText(agentDialContext, "agentDialContext");
        if (agentDialContext.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',' || c == '|')) {
            throw new IllegalArgumentException("agentDialContext must be a plain context name, was '"
                    + agentDialContext + "'");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(actionTimeout, "actionTimeout");
        requirePositive(pingInterval, "pingInterval");
        requirePositive(pingDeadline, "pingDeadline");
        requirePositive(reconnectBackoffMin, "reconnectBackoffMin");
        requirePositive(reconnectBackoffMax, "reconnectBackoffMax");
        if (reconnectBackoffMax.compareTo(reconnectBackoffMin) < 0) {
            throw new IllegalArgumentException("reconnectBackoffMax (" + reconnectBackoffMax
                    + ") must not be shorter than reconnectBackoffMin (" + reconnectBackoffMin + ")");
        }
        if (eventHandoffCapacity < 1) {
            throw new IllegalArgumentException("eventHandoffCapacity must be at least 1, was " + eventHandoffCapacity);
        }
        Objects.requireNonNull(transport, "transport must not be null");
        Objects.requireNonNull(contexts, "contexts must not be null");
        if (toMillisInt(connectTimeout) < 0 || toMillisInt(actionTimeout) < 0) {
            throw new IllegalArgumentException("connectTimeout and actionTimeout must fit in an int of milliseconds");
        }
    }

    /** Settings with the defaults: context {@code agentdial}, 5 s timeouts, Ping every 20 s, backoff 0.5–30 s. */
    public static AmiSettings of(String host, int port, String username, String secret) {
        return new AmiSettings(host, port, username, secret, DEFAULT_AGENT_DIAL_CONTEXT,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofMillis(500), Duration.ofSeconds(30), 10_000, DEFAULT_TRANSPORT, AmiContexts.DEFAULTS);
    }

    public AmiSettings withAgentDialContext(String context) {
        return new AmiSettings(host, port, username, secret, context, connectTimeout, actionTimeout,
                pingInterval, pingDeadline, reconnectBackoffMin, reconnectBackoffMax, eventHandoffCapacity, transport, contexts);
    }

    public AmiSettings withTimeouts(Duration connect, Duration action) {
        return new AmiSettings(host, port, username, secret, agentDialContext, connect, action,
                pingInterval, pingDeadline, reconnectBackoffMin, reconnectBackoffMax, eventHandoffCapacity, transport, contexts);
    }

    public AmiSettings withPing(Duration interval, Duration deadline) {
        return new AmiSettings(host, port, username, secret, agentDialContext, connectTimeout, actionTimeout,
                interval, deadline, reconnectBackoffMin, reconnectBackoffMax, eventHandoffCapacity, transport, contexts);
    }

    public AmiSettings withReconnectBackoff(Duration min, Duration max) {
        return new AmiSettings(host, port, username, secret, agentDialContext, connectTimeout, actionTimeout,
                pingInterval, pingDeadline, min, max, eventHandoffCapacity, transport, contexts);
    }

    public AmiSettings withEventHandoffCapacity(int capacity) {
        return new AmiSettings(host, port, username, secret, agentDialContext, connectTimeout, actionTimeout,
                pingInterval, pingDeadline, reconnectBackoffMin, reconnectBackoffMax, capacity, transport, contexts);
    }

    public AmiSettings withTransport(Transport client) {
        return new AmiSettings(host, port, username, secret, agentDialContext, connectTimeout, actionTimeout,
                pingInterval, pingDeadline, reconnectBackoffMin, reconnectBackoffMax, eventHandoffCapacity, client, contexts);
    }

    public AmiSettings withContexts(AmiContexts dialplanContexts) {
        return new AmiSettings(host, port, username, secret, agentDialContext, connectTimeout, actionTimeout,
                pingInterval, pingDeadline, reconnectBackoffMin, reconnectBackoffMax, eventHandoffCapacity, transport,
                dialplanContexts);
    }

    /** The secret is masked: settings end up in logs. */
    @Override
    public String toString() {
        return "AmiSettings[" + username + "@" + host + ":" + port + ", agentDialContext=" + agentDialContext
                + ", connectTimeout=" + connectTimeout + ", actionTimeout=" + actionTimeout
                + ", ping=" + pingInterval + "/" + pingDeadline
                + ", reconnectBackoff=" + reconnectBackoffMin + ".." + reconnectBackoffMax
                + ", eventHandoffCapacity=" + eventHandoffCapacity + ", transport=" + transport.configName()
                + ", contexts=" + contexts
                + ", secret=****]";
    }

    static int toMillisInt(Duration d) {
        long ms = d.toMillis();
        return ms > Integer.MAX_VALUE ? -1 : (int) ms;
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, () -> field + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String field) {
        Objects.requireNonNull(value, () -> field + " must not be null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
