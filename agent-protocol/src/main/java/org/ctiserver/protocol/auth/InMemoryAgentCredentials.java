package org.ctiserver.protocol.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Credentials from a map agentId → encoded hash ({@link PasswordHasher} format), e.g. read from the
 * server's configuration file.
 */
public final class InMemoryAgentCredentials implements AgentCredentials {
    private final Map<String, String> hashes;
    private final PasswordHasher hasher;
    private final String decoy;

    /** @throws IllegalArgumentException when a hash is malformed, naming the agent (never the hash) */
    public InMemoryAgentCredentials(Map<String, String> encodedHashByAgent, PasswordHasher hasher) {
        this.hashes = Map.copyOf(encodedHashByAgent);
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        hashes.forEach((agent, hash) -> {
            if (!PasswordHasher.isWellFormed(hash)) {
                throw new IllegalArgumentException("the password hash of agent " + agent + " is malformed");
            }
        });
        this.decoy = hasher.decoy();
    }

    /** Hashes plain passwords at start; convenient for demos and tests, not for production configs. */
    public static InMemoryAgentCredentials ofPlainPasswords(Map<String, String> plainByAgent, PasswordHasher hasher) {
        Map<String, String> hashed = new HashMap<>();
        plainByAgent.forEach((agent, plain) -> hashed.put(agent, hasher.hash(plain.toCharArray())));
        return new InMemoryAgentCredentials(hashed, hasher);
    }

    @Override
    public boolean verify(String agentId, char[] password) {
        String hash = agentId == null ? null : hashes.get(agentId);
        if (hash == null) {
            // same work as for a known agent, so timing does not tell which ids exist
            hasher.verify(password, decoy);
            return false;
        }
        return hasher.verify(password, hash);
    }
}
