package org.ctiserver.server.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.protocol.TlsOptions;

/**
 * A checked configuration, in the types the modules take.
 *
 * @param passwordHashes agent id -> encoded PBKDF2 hash
 * @param routing        null: the engine's original routing (no ladders, policies per queue, tiers)
 * @param queueRules     overflow and opening hours of the queues that have them
 * @param customers      null: no customer directory
 * @param tls            null: plain HTTP and ws
 * @param access         users' roles, groups and clearances; the secrecy levels
 * @param metrics        the Prometheus endpoint ({@link MetricsSettings#DEFAULT} when not configured)
 */
public record ResolvedConfig(String siteName, ZoneId timeZone, String httpHost, int httpPort,
                             List<String> allowedOrigins, AmiEndpoint ami, EngineConfig engine,
                             Map<String, String> passwordHashes, RoutingConfig routing, List<QueueRules> queueRules,
                             CustomerSettings customers, TlsOptions tls, AccessSettings access,
                             MetricsSettings metrics) {

    public ResolvedConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        passwordHashes = Map.copyOf(passwordHashes);
        queueRules = List.copyOf(queueRules);
        access = access == null ? AccessSettings.none() : access;
        metrics = metrics == null ? MetricsSettings.DEFAULT : metrics;
    }

    /** With the default metrics endpoint. */
    public ResolvedConfig(String siteName, ZoneId timeZone, String httpHost, int httpPort,
                          List<String> allowedOrigins, AmiEndpoint ami, EngineConfig engine,
                          Map<String, String> passwordHashes, RoutingConfig routing, List<QueueRules> queueRules,
                          CustomerSettings customers, TlsOptions tls, AccessSettings access) {
        this(siteName, timeZone, httpHost, httpPort, allowedOrigins, ami, engine, passwordHashes, routing, queueRules,
                customers, tls, access, null);
    }

    public ResolvedConfig(String siteName, ZoneId timeZone, String httpHost, int httpPort,
                          List<String> allowedOrigins, AmiEndpoint ami, EngineConfig engine,
                          Map<String, String> passwordHashes, RoutingConfig routing, List<QueueRules> queueRules,
                          CustomerSettings customers, TlsOptions tls) {
        this(siteName, timeZone, httpHost, httpPort, allowedOrigins, ami, engine, passwordHashes, routing, queueRules,
                customers, tls, null);
    }

    /** Without routing rules, overflow or customers (the original form). */
    public ResolvedConfig(String siteName, ZoneId timeZone, String httpHost, int httpPort, List<String> allowedOrigins,
                          AmiEndpoint ami, EngineConfig engine, Map<String, String> passwordHashes) {
        this(siteName, timeZone, httpHost, httpPort, allowedOrigins, ami, engine, passwordHashes, null, List.of(), null, null);
    }

    public ResolvedConfig withHttpPort(int port) {
        return new ResolvedConfig(siteName, timeZone, httpHost, port, allowedOrigins, ami, engine, passwordHashes,
                routing, queueRules, customers, tls, access, metrics);
    }

    public ResolvedConfig withAmi(AmiEndpoint endpoint) {
        return new ResolvedConfig(siteName, timeZone, httpHost, httpPort, allowedOrigins, endpoint, engine, passwordHashes,
                routing, queueRules, customers, tls, access, metrics);
    }

    /** True when the engine needs the routing constructor (ladders, tiers, overflow, customers). */
    public boolean hasRoutingRules() {
        return routing != null || !queueRules.isEmpty() || customers != null;
    }

    /**
     * Where the PBX's AMI is. The secret is never printed.
     *
     * @param contexts the call-control dialplan contexts ({@code ami.contexts.*})
     */
    public record AmiEndpoint(String host, int port, String username, String secret, String agentDialContext,
                              String transport, org.ctiserver.adapter.asterisk.AmiContexts contexts) {
        /** The same account at another address (the demo's and the tests' simulator). */
        public AmiEndpoint at(String newHost, int newPort) {
            return new AmiEndpoint(newHost, newPort, username, secret, agentDialContext, transport, contexts);
        }

        @Override
        public String toString() {
            return "AmiEndpoint[" + username + "@" + host + ":" + port + ", agentDialContext=" + agentDialContext
                    + ", transport=" + transport + ", contexts=" + contexts + "]";
        }
    }

    @Override
    public String toString() {
        return "ResolvedConfig[site=" + siteName + ", http=" + httpHost + ":" + httpPort + ", ami=" + ami
                + ", queues=" + engine.queues().size() + ", agents=" + engine.agents().size() + "]";
    }
}
