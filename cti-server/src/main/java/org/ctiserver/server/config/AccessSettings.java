package org.ctiserver.server.config;

import java.util.Map;

import org.ctiserver.protocol.access.SecurityLevels;
import org.ctiserver.protocol.access.User;

/**
 * Who logs in as what: every configured person (agents and the users who take no calls) with role, groups and
 * clearance; the secrecy levels; the level of each IVR call-data key.
 */
public record AccessSettings(Map<String, User> users, SecurityLevels levels, Map<String, String> callDataLevels) {
    public AccessSettings {
        users = Map.copyOf(users);
        callDataLevels = Map.copyOf(callDataLevels);
    }

    /** Nobody configured beyond the agents' passwords: all agents, cleared for everything. */
    public static AccessSettings none() {
        return new AccessSettings(Map.of(), SecurityLevels.defaults(), Map.of());
    }
}
