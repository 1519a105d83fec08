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
        @JsonProperty("agents") List<Agent> agents) {

    public record Site(@JsonProperty("name") String name, @JsonProperty("timeZone") String timeZone) {
    }

    public record Http(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                       @JsonProperty("allowedOrigins") List<String> allowedOrigins) {
    }

    public record Ami(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                      @JsonProperty("username") String username, @JsonProperty("secret") String secret,
                      @JsonProperty("agentDialContext") String agentDialContext) {
        @Override
        public String toString() {
            // never print the secret
            return "Ami[host=" + host + ", port=" + port + ", username=" + username + ", agentDialContext="
                    + agentDialContext + "]";
        }
    }

    public record Engine(@JsonProperty("ringTimeoutSeconds") Double ringTimeoutSeconds,
                         @JsonProperty("statsIntervalMillis") Integer statsIntervalMillis) {
    }

    public record Queue(@JsonProperty("id") String id, @JsonProperty("name") String name,
                        @JsonProperty("requirement") String requirement, @JsonProperty("priority") Integer priority,
                        @JsonProperty("serviceLevelSeconds") Double serviceLevelSeconds,
                        @JsonProperty("shortAbandonSeconds") Double shortAbandonSeconds,
                        @JsonProperty("wrapUpSeconds") Double wrapUpSeconds) {
    }

    public record Agent(@JsonProperty("id") String id, @JsonProperty("name") String name,
                        @JsonProperty("passwordHash") String passwordHash,
                        @JsonProperty("skills") Map<String, Integer> skills,
                        @JsonProperty("queues") List<String> queues) {
        @Override
        public String toString() {
            return "Agent[id=" + id + ", name=" + name + ", skills=" + skills + ", queues=" + queues + "]";
        }
    }
}
