package org.ctiserver.server.config;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The YAML configuration as written by an administrator. Bound by Jackson, then checked by
 * {@link ConfigValidator}, which names the key of every problem.
 */
public record ServerConfig(
        @JsonProperty("site") Site site,
        @JsonProperty("http") Http http,
        @JsonProperty("ami") Ami ami,
        @JsonProperty("engine") Engine engine,
        @JsonProperty("queues") List<Queue> queues,
        @JsonProperty("notReadyReasons") Map<String, String> notReadyReasons,
        @JsonProperty("dispositions") Map<String, String> dispositions,
        @JsonProperty("agents") List<Agent> agents,
        @JsonProperty("routing") Routing routing,
        @JsonProperty("customers") Customers customers,
        @JsonProperty("users") List<User> users,
        @JsonProperty("security") Security security,
        @JsonProperty("metrics") Metrics metrics) {

    /** The Prometheus endpoint: on unless {@code enabled: false}; {@code path} defaults to {@code /metrics}. */
    public record Metrics(@JsonProperty("enabled") Boolean enabled, @JsonProperty("path") String path) {
    }

    public record Site(@JsonProperty("name") String name, @JsonProperty("timeZone") String timeZone) {
    }

    public record Http(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                       @JsonProperty("allowedOrigins") List<String> allowedOrigins,
                       @JsonProperty("tls") Tls tls) {
    }

    /** TLS for pages and the toolbar WebSocket (wss): a PKCS#12/JKS key store, or PEM certificate and key. */
    public record Tls(@JsonProperty("keyStore") String keyStore, @JsonProperty("keyStorePassword") String keyStorePassword,
                      @JsonProperty("certificate") String certificate, @JsonProperty("privateKey") String privateKey) {
        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + ", certificate=" + certificate + "]";
        }
    }

    public record Ami(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                      @JsonProperty("username") String username, @JsonProperty("secret") String secret,
                      @JsonProperty("agentDialContext") String agentDialContext,
                      @JsonProperty("transport") String transport,
                      @JsonProperty("contexts") java.util.Map<String, String> contexts) {
        @Override
        public String toString() {
            // never print the secret
            return "Ami[host=" + host + ", port=" + port + ", username=" + username + ", agentDialContext="
                    + agentDialContext + ", transport=" + transport + ", contexts=" + contexts + "]";
        }
    }

    public record Engine(@JsonProperty("ringTimeoutSeconds") Double ringTimeoutSeconds,
                         @JsonProperty("statsIntervalMillis") Integer statsIntervalMillis) {
    }

    public record Queue(@JsonProperty("id") String id, @JsonProperty("name") String name,
                        @JsonProperty("requirement") String requirement, @JsonProperty("priority") Integer priority,
                        @JsonProperty("serviceLevelSeconds") Double serviceLevelSeconds,
                        @JsonProperty("shortAbandonSeconds") Double shortAbandonSeconds,
                        @JsonProperty("wrapUpSeconds") Double wrapUpSeconds,
                        @JsonProperty("routing") QueueRouting routing,
                        @JsonProperty("overflow") Overflow overflow,
                        @JsonProperty("calendar") Calendar calendar,
                        @JsonProperty("callback") Callback callback) {
    }

    /**
     * A callback keeping the caller's place: the DTMF {@code key} at the route point, how many times the customer is
     * dialed, the pause between attempts, and the confirmation's sound file (default {@code cti-callback-confirm}).
     */
    public record Callback(@JsonProperty("key") String key, @JsonProperty("maxAttempts") Integer maxAttempts,
                           @JsonProperty("retryIntervalSeconds") Double retryIntervalSeconds,
                           @JsonProperty("confirmation") String confirmation) {
    }

    /** A queue's relaxation ladder, agent policy and aging. */
    public record QueueRouting(@JsonProperty("targets") List<Target> targets, @JsonProperty("policy") String policy,
                               @JsonProperty("agingPerSecond") Double agingPerSecond,
                               @JsonProperty("serviceLevelGoalPercent") Double serviceLevelGoalPercent) {
    }

    public record Target(@JsonProperty("require") String require, @JsonProperty("timeoutSeconds") Double timeoutSeconds) {
    }

    public record Overflow(@JsonProperty("maxWaitSeconds") Double maxWaitSeconds,
                           @JsonProperty("maxQueueLength") Integer maxQueueLength,
                           @JsonProperty("whenNoAgents") Boolean whenNoAgents,
                           @JsonProperty("action") Action action) {
    }

    /**
     * {@code type: queue} with {@code target}; {@code type: hangup} with an optional {@code message} (text for the
     * logs) and an optional {@code sound} played first; {@code type: voicemail} with {@code mailbox};
     * {@code type: callback} with an optional {@code sound} (the prompt, default {@code cti-callback-offer}).
     */
    public record Action(@JsonProperty("type") String type, @JsonProperty("target") String target,
                         @JsonProperty("message") String message, @JsonProperty("mailbox") String mailbox,
                         @JsonProperty("sound") String sound) {
    }

    public record Calendar(@JsonProperty("timeZone") String timeZone, @JsonProperty("weekly") Map<String, String> weekly,
                           @JsonProperty("holidays") List<String> holidays,
                           @JsonProperty("closedAction") Action closedAction) {
    }

    /**
     * Site-wide routing: the priority bonus of each customer tier, and the order waiting calls are served in
     * ({@code service-level} or {@code wait}).
     */
    public record Routing(@JsonProperty("tierBonus") Map<String, Integer> tierBonus,
                          @JsonProperty("callOrder") String callOrder) {
    }

    public record Customers(@JsonProperty("source") String source, @JsonProperty("cache") Cache cache,
                            @JsonProperty("lookupThreads") Integer lookupThreads,
                            @JsonProperty("timeoutMillis") Integer timeoutMillis,
                            @JsonProperty("statsLogSeconds") Integer statsLogSeconds) {
    }

    public record Cache(@JsonProperty("maxSize") Long maxSize, @JsonProperty("ttlSeconds") Double ttlSeconds) {
    }

    /**
     * An agent (takes calls). {@code role} is {@code agent} unless the agent also supervises ({@code supervisor},
     * {@code qa}, {@code admin}); {@code groups} are the groups the agent belongs to (for a supervising agent, also
     * the ones supervised); {@code clearance} the secrecy level of customer data the agent may see.
     */
    public record Agent(@JsonProperty("id") String id, @JsonProperty("name") String name,
                        @JsonProperty("passwordHash") String passwordHash,
                        @JsonProperty("skills") Map<String, Integer> skills,
                        @JsonProperty("queues") List<String> queues,
                        @JsonProperty("role") String role,
                        @JsonProperty("groups") List<String> groups,
                        @JsonProperty("clearance") String clearance) {
        public Agent(String id, String name, String passwordHash, Map<String, Integer> skills, List<String> queues) {
            this(id, name, passwordHash, skills, queues, null, null, null);
        }

        @Override
        public String toString() {
            return "Agent[id=" + id + ", name=" + name + ", skills=" + skills + ", queues=" + queues + ", role=" + role
                    + ", groups=" + groups + "]";
        }
    }

    /** A person who logs in but takes no calls: a supervisor, QA monitor or admin; {@code groups} are supervised. */
    public record User(@JsonProperty("id") String id, @JsonProperty("name") String name,
                       @JsonProperty("role") String role, @JsonProperty("passwordHash") String passwordHash,
                       @JsonProperty("groups") List<String> groups, @JsonProperty("clearance") String clearance) {
        @Override
        public String toString() {
            return "User[id=" + id + ", name=" + name + ", role=" + role + ", groups=" + groups + "]";
        }
    }

    /**
     * Secrecy levels (密级) of customer data, lowest first, and the level of each call-data key of the IVR (keys not
     * listed are of the lowest level).
     */
    public record Security(@JsonProperty("levels") List<String> levels,
                           @JsonProperty("callDataLevels") Map<String, String> callDataLevels) {
    }
}
