package org.ctiserver.protocol.auth;

/**
 * Checks an agent's password. Implementations may block (hashing, a directory lookup): the endpoint
 * calls them on a worker thread, never on the event loop.
 */
@FunctionalInterface
public interface AgentCredentials {
    /** True when {@code password} is the agent's; false for a wrong password or an unknown agent. */
    boolean verify(String agentId, char[] password);
}
