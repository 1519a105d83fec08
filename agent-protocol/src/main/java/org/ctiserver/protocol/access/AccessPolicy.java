package org.ctiserver.protocol.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.protocol.message.Request;

/**
 * Who may do what: the configured users with their roles, groups and clearances, the secrecy levels, the levels of
 * the IVR's call-data fields, and the customer directory behind the screen pop. Immutable and thread-safe.
 *
 * <p>A user who logs in but is not configured here (an agent of the engine's configuration only) is an agent
 * without groups, cleared for the lowest level; with no users configured at all ({@link #open()}), for every level.
 */
public final class AccessPolicy {
    /** Why a request is refused; the names are the protocol's error codes. */
    public enum Denial {
        /** The role does not allow the request. */
        FORBIDDEN,
        /** The agent acted on is not in the user's groups (or does not exist). */
        NOT_IN_GROUP
    }

    private final Map<String, User> users;
    private final SecurityLevels levels;
    private final Map<String, String> dataLevels;
    private final CustomerRecords records;
    private final String defaultClearance;
    private final ConcurrentMap<String, List<String>> watchers = new ConcurrentHashMap<>();

    /**
     * @param users      by id
     * @param dataLevels the secrecy level of call-data keys (IVR fields); keys not listed are of the lowest level
     * @param records    the customer directory for the screen pop ({@link CustomerRecords#NONE} for none)
     */
    public AccessPolicy(Map<String, User> users, SecurityLevels levels, Map<String, String> dataLevels,
                        CustomerRecords records) {
        this(users, levels, dataLevels, records, users.isEmpty() ? levels.highest() : levels.lowest());
    }

    private AccessPolicy(Map<String, User> users, SecurityLevels levels, Map<String, String> dataLevels,
                         CustomerRecords records, String defaultClearance) {
        this.users = Map.copyOf(users);
        this.levels = Objects.requireNonNull(levels, "levels");
        this.dataLevels = Map.copyOf(dataLevels);
        this.records = Objects.requireNonNull(records, "records");
        this.defaultClearance = defaultClearance;
        this.users.values().forEach(u -> {
            if (levels.canonical(u.clearance()).isEmpty()) {
                throw new IllegalArgumentException("user " + u.id() + ": unknown secrecy level " + u.clearance());
            }
        });
        this.dataLevels.forEach((k, l) -> {
            if (levels.canonical(l).isEmpty()) {
                throw new IllegalArgumentException("call data '" + k + "': unknown secrecy level " + l);
            }
        });
    }

    /** No users configured: everyone who logs in is an agent who sees all call data. */
    public static AccessPolicy open() {
        return new AccessPolicy(Map.of(), SecurityLevels.defaults(), Map.of(), CustomerRecords.NONE);
    }

    /** The user, or the implicit agent for an id that authenticated but is not configured. */
    public User user(String id) {
        User u = users.get(id);
        return u != null ? u : new User(id, id, Role.AGENT, Set.of(), defaultClearance);
    }

    public SecurityLevels levels() {
        return levels;
    }

    public CustomerRecords records() {
        return records;
    }

    /** True when {@code watcher} may see and act on {@code agentId} (an admin any agent). */
    public boolean supervises(User watcher, String agentId) {
        if (watcher.role() == Role.ADMIN) {
            return true;
        }
        if (!watcher.role().watches() || watcher.id().equals(agentId)) {
            return false;
        }
        User agent = users.get(agentId);
        return agent != null && !Collections.disjoint(watcher.groups(), agent.groups());
    }

    /** The configured users who watch {@code agentId}: the supervisors and QA monitors of its groups, admins. */
    public List<String> watchersOf(String agentId) {
        return watchers.computeIfAbsent(agentId, id -> {
            List<String> out = new ArrayList<>();
            for (User u : users.values()) {
                if (u.role().watches() && supervises(u, id)) {
                    out.add(u.id());
                }
            }
            Collections.sort(out);
            return List.copyOf(out);
        });
    }

    /**
     * Null when {@code user} may send {@code request} (about {@code agentId}, null for requests about no agent),
     * else why not. Supervisor requests need the supervisor or admin role; QA monitors may list and listen only.
     */
    public Denial check(User user, Request request, String agentId) {
        if (!Request.SUPERVISOR_TYPES.contains(request.type())) {
            return null;
        }
        boolean allowed = switch (user.role()) {
            case AGENT -> false;
            case SUPERVISOR, ADMIN -> true;
            case QA -> request instanceof Request.ListAgents || request instanceof Request.ListQueues
                    || request instanceof Request.Spy s && s.mode() == SpyMode.LISTEN;
        };
        if (!allowed) {
            return Denial.FORBIDDEN;
        }
        if (agentId != null && !supervises(user, agentId)) {
            return Denial.NOT_IN_GROUP;
        }
        return null;
    }

    /** The IVR's call data split into what {@code clearance} may see and what is withheld (key to level). */
    public Masked maskData(Map<String, String> data, String clearance) {
        Map<String, String> shown = new LinkedHashMap<>();
        Map<String, String> withheld = new TreeMap<>();
        data.forEach((k, v) -> {
            String level = dataLevels.getOrDefault(k, levels.lowest());
            if (levels.maySee(clearance, level)) {
                shown.put(k, v);
            } else {
                withheld.put(k, levels.canonical(level).orElse(level));
            }
        });
        return new Masked(shown, withheld);
    }

    /** A customer record's fields split the same way. */
    public Masked maskRecord(CustomerRecord record, String clearance) {
        Map<String, String> shown = new LinkedHashMap<>();
        Map<String, String> withheld = new TreeMap<>();
        for (CustomerRecord.Field f : record.fields()) {
            if (levels.maySee(clearance, f.level())) {
                shown.put(f.name(), f.value());
            } else {
                withheld.put(f.name(), levels.canonical(f.level()).orElse(f.level()));
            }
        }
        return new Masked(shown, withheld);
    }

    /** What a user sees of a set of fields, and the level of each field withheld. */
    public record Masked(Map<String, String> shown, Map<String, String> withheld) {
        public Masked {
            shown = Map.copyOf(shown);
            withheld = Map.copyOf(withheld);
        }
    }
}
