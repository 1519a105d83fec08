package org.ctiserver.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.engine.CtiService;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.stats.StatsSnapshot;
import org.ctiserver.protocol.access.AccessPolicy;
import org.ctiserver.protocol.access.Role;
import org.ctiserver.protocol.access.User;
import org.ctiserver.protocol.message.ReplyBody;
import org.ctiserver.protocol.message.ReplyBody.AgentInfo;
import org.ctiserver.protocol.message.ReplyBody.QueueInfo;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.Request.ForceLogout;
import org.ctiserver.protocol.message.Request.ForceNotReady;
import org.ctiserver.protocol.message.Request.ListAgents;
import org.ctiserver.protocol.message.Request.ListQueues;
import org.ctiserver.protocol.message.Request.SetSkills;
import org.ctiserver.protocol.message.Request.Spy;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;

/**
 * The supervisors' requests: the live lists of their agents and queues (the engine's last statistics, overlaid
 * with the events seen since, which are newer), and the commands on their agents. The role and group checks are
 * {@link AccessPolicy#check}'s, done by the session before a request gets here. Thread-safe.
 */
final class SupervisorDesk {
    private final CtiService cti;
    private final AgentTracker tracker;
    private final AccessPolicy access;
    private final Map<String, AgentProfile> profiles = new LinkedHashMap<>();

    SupervisorDesk(CtiService cti, AgentTracker tracker, AccessPolicy access) {
        this.cti = cti;
        this.tracker = tracker;
        this.access = access;
        cti.config().agents().forEach(a -> profiles.put(a.id(), a));
    }

    /** The agent a supervisor request is about, or null for the lists. */
    static String agentOf(Request request) {
        if (request instanceof ForceNotReady r) {
            return r.agentId();
        } else if (request instanceof ForceLogout r) {
            return r.agentId();
        } else if (request instanceof Spy r) {
            return r.agentId();
        } else if (request instanceof SetSkills r) {
            return r.agentId();
        }
        return null;
    }

    /** The data of a list request, or null when {@code request} is a command (see {@link #command}). */
    ReplyBody list(Request request, User user) {
        if (request instanceof ListAgents) {
            return new ReplyBody.AgentList(agents(user));
        } else if (request instanceof ListQueues) {
            return new ReplyBody.QueueList(queues(user));
        }
        return null;
    }

    /** The engine command of a supervisor request; {@code extension} is the supervisor's phone (for spying). */
    static SupervisorCommand command(Request request, User user, String extension) {
        if (request instanceof ForceNotReady r) {
            return new SupervisorCommand.ForceNotReady(user.id(), r.agentId(), r.reason());
        } else if (request instanceof ForceLogout r) {
            return new SupervisorCommand.ForceLogout(user.id(), r.agentId());
        } else if (request instanceof Spy r) {
            return new SupervisorCommand.Spy(user.id(), extension, r.agentId(), r.mode());
        } else if (request instanceof SetSkills r) {
            return new SupervisorCommand.SetSkills(user.id(), r.agentId(), r.skills());
        }
        throw new IllegalArgumentException("no supervisor command for " + request.type());
    }

    private List<AgentInfo> agents(User user) {
        StatsSnapshot stats = cti.stats();
        Map<String, AgentSnapshot> byId = new HashMap<>();
        stats.agents().forEach(a -> byId.put(a.agentId(), a));
        Set<String> ids = new HashSet<>(profiles.keySet());
        ids.addAll(byId.keySet());
        List<AgentInfo> out = new ArrayList<>();
        for (String id : ids) {
            if (!access.supervises(user, id)) {
                continue;
            }
            out.add(info(id, byId.get(id)));
        }
        out.sort(Comparator.comparing(AgentInfo::agentId));
        return out;
    }

    private AgentInfo info(String id, AgentSnapshot snap) {
        AgentProfile profile = profiles.get(id);
        String name = snap != null ? snap.name() : profile != null ? profile.name() : id;
        Map<String, Integer> skills = snap != null ? snap.skills() : profile != null ? profile.skills() : Map.of();
        List<String> groups = access.user(id).groups().stream().sorted().toList();
        AgentTracker.View view = tracker.view(id);
        if (view != null && view.state() != null) {
            // the events this endpoint saw are newer than the last published statistics
            AgentStateEvent s = view.state();
            String callId = s.state() == AgentState.RESERVED || s.state() == AgentState.TALKING
                    || s.state() == AgentState.WRAP_UP ? view.offered() == null ? null : view.offered().callId() : null;
            return new AgentInfo(id, name, s.state(), s.reason(), s.sinceMs(), s.extension(), callId,
                    view.held() && s.state() == AgentState.TALKING, skills, groups);
        }
        if (snap != null) {
            return new AgentInfo(id, name, snap.state(), snap.reason(), snap.sinceEpochMs(),
                    snap.state().isLoggedIn() ? snap.extension() : null, snap.callId(), false, skills, groups);
        }
        return new AgentInfo(id, name, AgentState.LOGGED_OUT, "", 0, null, null, false, skills, groups);
    }

    private List<QueueInfo> queues(User user) {
        Set<String> queueIds = new HashSet<>();
        boolean all = user.role() == Role.ADMIN;
        for (AgentProfile p : profiles.values()) {
            if (access.supervises(user, p.id())) {
                queueIds.addAll(p.queueIds());
            }
        }
        List<QueueInfo> out = new ArrayList<>();
        for (QueueSnapshot q : cti.stats().queues()) {
            if (all || queueIds.contains(q.queueId())) {
                out.add(new QueueInfo(q.queueId(), q.name(), q.waiting(), q.longestWaitMs(), q.offered(),
                        q.answered(), q.abandoned(), q.serviceLevelPercent(), q.averageSpeedOfAnswerMs(),
                        q.averageHandleTimeMs(), q.agentsReady(), q.agentsTalking(), q.agentsWrapUp(),
                        q.agentsNotReady(), q.agentsLoggedIn()));
            }
        }
        out.sort(Comparator.comparing(QueueInfo::queueId));
        return out;
    }
}
