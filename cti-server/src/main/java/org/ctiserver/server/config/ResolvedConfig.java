package org.ctiserver.server.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.engine.EngineConfig;

/**
 * A checked configuration, in the types the modules take.
 *
 * @param passwordHashes agent id -> encoded PBKDF2 hash
 */
public record ResolvedConfig(String siteName, ZoneId timeZone, String httpHost, int httpPort,
                             List<String> allowedOrigins, AmiEndpoint ami, EngineConfig engine,
                             Map<String, String> passwordHashes) {

    public ResolvedConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        passwordHashes = Map.copyOf(passwordHashes);
    }

    public ResolvedConfig withHttpPort(int port) {
        return new ResolvedConfig(siteName, timeZone, httpHost, port, allowedOrigins, ami, engine, passwordHashes);
    }

    public ResolvedConfig withAmi(AmiEndpoint endpoint) {
        return new ResolvedConfig(siteName, timeZone, httpHost, httpPort, allowedOrigins, endpoint, engine, passwordHashes);
    }

    /** Where the PBX's AMI is. The secret is never printed. */
    public record AmiEndpoint(String host, int port, String username, String secret, String agentDialContext) {
        @Override
        public String toString() {
            return "AmiEndpoint[" + username + "@" + host + ":" + port + ", agentDialContext=" + agentDialContext + "]";
        }
    }

    @Override
    public String toString() {
        return "ResolvedConfig[site=" + siteName + ", http=" + httpHost + ":" + httpPort + ", ami=" + ami
                + ", queues=" + engine.queues().size() + ", agents=" + engine.agents().size() + "]";
    }
}
