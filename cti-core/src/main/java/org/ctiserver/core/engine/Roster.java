package org.ctiserver.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.stats.QueueCounters;
import org.ctiserver.core.store.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured queues and agents, checked and indexed once when the {@link Engine} is built. The maps filled are
 * the engine's own: it reads them on every input, so they stay its fields rather than this class's.
 */
final class Roster {
    private static final Logger log = LoggerFactory.getLogger(Roster.class);

    private Roster() {
    }

    /** Each queue by id in configuration order, with fresh counters; a queue configured twice is refused. */
    static void addQueues(List<QueueConfig> configured, Map<String, QueueConfig> queues,
                          Map<String, QueueCounters> counters) {
        for (QueueConfig q : configured) {
            if (queues.put(q.id(), q) != null) {
                throw new IllegalArgumentException("queue '" + q.id() + "' is configured twice");
            }
            counters.put(q.id(), new QueueCounters());
        }
    }

    /**
     * Each agent, LOGGED_OUT, serving the queues its profile names (all of them when it names none) and counted there;
     * the store learns of each. An agent configured twice is refused; a queue that is not configured is ignored.
     *
     * @return the agents sorted by id (the order of the statistics and the resync)
     */
    static List<Agent> addAgents(List<AgentProfile> profiles, Map<String, QueueConfig> queues,
                                 Map<String, QueueCounters> counters, Agent.Listener listener, StateStore store,
                                 Map<String, Agent> agents) {
        for (AgentProfile p : profiles) {
            List<String> served = new ArrayList<>();
            for (String q : queues.keySet()) {
                if (p.queueIds().isEmpty() || p.queueIds().contains(q)) {
                    served.add(q);
                }
            }
            for (String q : p.queueIds()) {
                if (!queues.containsKey(q)) {
                    log.warn("agent {} names queue '{}', which is not configured; ignored", p.id(), q);
                }
            }
            Agent agent = new Agent(p, served, listener);
            if (agents.put(p.id(), agent) != null) {
                throw new IllegalArgumentException("agent '" + p.id() + "' is configured twice");
            }
            for (String q : served) {
                counters.get(q).agentMoved(null, AgentState.LOGGED_OUT);
            }
            store.agentChanged(agent.snapshot());
        }
        List<Agent> sorted = new ArrayList<>(agents.values());
        sorted.sort(Comparator.comparing(Agent::id));
        return List.copyOf(sorted);
    }
}
