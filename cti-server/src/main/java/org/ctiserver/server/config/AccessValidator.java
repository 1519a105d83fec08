package org.ctiserver.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.ctiserver.protocol.access.Role;
import org.ctiserver.protocol.access.SecurityLevels;
import org.ctiserver.protocol.access.User;
import org.ctiserver.protocol.auth.PasswordHasher;

/**
 * Checks roles, groups, clearances and secrecy levels: {@code agents[].role/.groups/.clearance}, {@code users[]}
 * (supervisors, QA monitors, admins who take no calls) and {@code security}.
 */
final class AccessValidator {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final BiConsumer<String, String> problem;

    AccessValidator(BiConsumer<String, String> problem) {
        this.problem = problem;
    }

    /**
     * @param agents the agents as configured (their ids, passwords and skills are checked elsewhere)
     * @param hashes agent id to password hash; the users' hashes are added
     */
    AccessSettings validate(List<ServerConfig.Agent> agents, List<ServerConfig.User> users,
                            ServerConfig.Security security, Map<String, String> hashes) {
        SecurityLevels levels = levels(security);
        Map<String, String> dataLevels = new LinkedHashMap<>();
        if (security != null && security.callDataLevels() != null) {
            security.callDataLevels().forEach((k, l) -> level("security.callDataLevels." + k, l, levels)
                    .ifPresent(v -> dataLevels.put(k, v)));
        }
        boolean configured = users != null && !users.isEmpty() || agents != null && agents.stream()
                .anyMatch(a -> a != null && (a.role() != null || a.groups() != null || a.clearance() != null));
        if (!configured) {
            return new AccessSettings(Map.of(), levels, dataLevels);
        }
        Map<String, User> out = new LinkedHashMap<>();
        Set<String> agentGroups = new TreeSet<>();
        Map<String, Set<String>> supervised = new LinkedHashMap<>();
        if (agents != null) {
            for (int i = 0; i < agents.size(); i++) {
                ServerConfig.Agent a = agents.get(i);
                if (a == null || a.id() == null) {
                    continue;
                }
                String key = "agents[" + i + "]";
                Role role = role(key + ".role", a.role(), Role.AGENT);
                Set<String> groups = groups(key + ".groups", a.groups());
                agentGroups.addAll(groups);
                if (role.watches() && role != Role.ADMIN) {
                    supervised.put(key + ".groups", groups);
                }
                String clearance = level(key + ".clearance", a.clearance(), levels).orElse(levels.lowest());
                out.put(a.id(), new User(a.id(), a.name(), role, groups, clearance));
            }
        }
        if (users != null) {
            for (int i = 0; i < users.size(); i++) {
                ServerConfig.User u = users.get(i);
                String key = "users[" + i + "]";
                if (u == null) {
                    problem.accept(key, "empty entry");
                    continue;
                }
                if (u.id() == null || !ID.matcher(u.id()).matches()) {
                    problem.accept(key + ".id", u.id() == null ? "missing"
                            : "'" + u.id() + "' is not an id (letters, digits, '_', '.', '-')");
                    continue;
                }
                if (out.containsKey(u.id())) {
                    problem.accept(key + ".id", "'" + u.id() + "' is already an agent or another user");
                    continue;
                }
                Role role = role(key + ".role", u.role(), null);
                if (role == Role.AGENT) {
                    problem.accept(key + ".role", "users take no calls: an agent belongs in agents[]");
                }
                if (!PasswordHasher.isWellFormed(u.passwordHash())) {
                    problem.accept(key + ".passwordHash", u.passwordHash() == null
                            ? "missing (make one with: java -jar cti-server.jar hash-password)"
                            : "not a pbkdf2-sha256$iterations$salt$hash value (make one with: java -jar cti-server.jar hash-password)");
                } else {
                    hashes.put(u.id(), u.passwordHash());
                }
                Set<String> groups = groups(key + ".groups", u.groups());
                if (role == Role.SUPERVISOR || role == Role.QA) {
                    if (groups.isEmpty()) {
                        problem.accept(key + ".groups", "a " + role.wire() + " needs the groups they supervise");
                    }
                    supervised.put(key + ".groups", groups);
                }
                String clearance = level(key + ".clearance", u.clearance(), levels).orElse(levels.lowest());
                out.put(u.id(), new User(u.id(), u.name(), role == null ? Role.SUPERVISOR : role, groups, clearance));
            }
        }
        supervised.forEach((key, groups) -> {
            for (String g : groups) {
                if (!agentGroups.contains(g)) {
                    problem.accept(key, "no agent is in group '" + g + "' (groups of agents: " + agentGroups + ")");
                }
            }
        });
        return new AccessSettings(out, levels, dataLevels);
    }

    private SecurityLevels levels(ServerConfig.Security security) {
        if (security == null || security.levels() == null) {
            return SecurityLevels.defaults();
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < security.levels().size(); i++) {
            String l = security.levels().get(i);
            if (l == null || l.isBlank()) {
                problem.accept("security.levels[" + i + "]", "empty level name");
            } else if (!seen.add(l.trim())) {
                problem.accept("security.levels[" + i + "]", "'" + l + "' is listed twice");
            } else {
                names.add(l.trim());
            }
        }
        if (names.isEmpty()) {
            problem.accept("security.levels", "at least one level, lowest first (e.g. [公开, 秘密, 机密, 绝密])");
            return SecurityLevels.defaults();
        }
        return SecurityLevels.of(names);
    }

    private java.util.Optional<String> level(String key, String value, SecurityLevels levels) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        java.util.Optional<String> l = levels.canonical(value);
        if (l.isEmpty()) {
            problem.accept(key, "unknown secrecy level '" + value + "' (levels, lowest first: " + levels.names() + ")");
        }
        return l;
    }

    private Role role(String key, String value, Role dflt) {
        if (value == null) {
            if (dflt == null) {
                problem.accept(key, "missing (supervisor, qa or admin)");
            }
            return dflt;
        }
        return Role.fromWire(value).orElseGet(() -> {
            problem.accept(key, "'" + value + "' is not a role (agent, supervisor, qa, admin)");
            return dflt;
        });
    }

    private Set<String> groups(String key, List<String> groups) {
        Set<String> out = new LinkedHashSet<>();
        if (groups == null) {
            return out;
        }
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            if (g == null || !ID.matcher(g).matches()) {
                problem.accept(key + "[" + i + "]", "'" + g + "' is not a group name (letters, digits, '_', '.', '-')");
            } else {
                out.add(g);
            }
        }
        return out;
    }
}
