package org.ctiserver.core.simulation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.routing.AgentSelector;
import org.ctiserver.core.routing.expr.Requirement;

/**
 * An emulation of one Asterisk app_queue strategy for one queue, the baseline we compare against.
 * Skills become penalties: {@code penalty = 10 - level of the queue's main skill}; like app_queue, only the
 * lowest penalty tier that has somebody free is considered, then the strategy picks within it. Members are
 * the agents meeting the call's requirement (the queue's most relaxed step). With every phone answering at
 * once, {@code ringall} is "the first free": the agent READY the longest.
 */
final class AppQueueSelector implements AgentSelector {
    static final String PREFIX = "app-queue:";

    enum Strategy { RINGALL, LEASTRECENT, FEWESTCALLS, RANDOM, RRMEMORY, LINEAR }

    private final Strategy strategy;
    private final String mainSkill;
    private final Random random;
    private final Map<String, Long> lastCallNs = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private String lastAgentId;

    AppQueueSelector(Strategy strategy, String mainSkill, long seed) {
        this.strategy = strategy;
        this.mainSkill = mainSkill;
        this.random = new Random(seed);
    }

    /** {@code app-queue:STRATEGY:MAINSKILL}. */
    static String policyName(Strategy s, String mainSkill) {
        return PREFIX + s.name().toLowerCase(java.util.Locale.ROOT) + ":" + mainSkill;
    }

    static AppQueueSelector fromName(String name, long seed) {
        String[] parts = name.substring(PREFIX.length()).split(":", 2);
        return new AppQueueSelector(Strategy.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)), parts[1],
                seed ^ name.hashCode());
    }

    @Override
    public String name() {
        return PREFIX + strategy.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Agent select(Call call, Collection<Agent> readyAgents) {
        return select(call, readyAgents, 0);
    }

    @Override
    public Agent select(Call call, Collection<Agent> readyAgents, long nowNs) {
        Requirement member = call.routingRequirement();
        int bestPenalty = Integer.MAX_VALUE;
        int tierSize = 0;
        for (Agent a : readyAgents) {
            if (member.isMetBy(a.profile().skills())) {
                int p = penalty(a);
                if (p < bestPenalty) {
                    bestPenalty = p;
                    tierSize = 1;
                } else if (p == bestPenalty) {
                    tierSize++;
                }
            }
        }
        if (tierSize == 0) {
            return null;
        }
        int randomIndex = strategy == Strategy.RANDOM ? random.nextInt(tierSize) : -1;
        Agent pick = null;
        Agent firstById = null;
        int index = 0;
        for (Agent a : readyAgents) {
            if (!member.isMetBy(a.profile().skills()) || penalty(a) != bestPenalty) {
                continue;
            }
            if (firstById == null || a.id().compareTo(firstById.id()) < 0) {
                firstById = a;
            }
            switch (strategy) {
                case RINGALL -> {
                    if (pick == null) {
                        pick = a; // the collection is longest-idle first
                    }
                }
                case LEASTRECENT -> {
                    if (pick == null || lastCallNs.getOrDefault(a.id(), Long.MIN_VALUE)
                            < lastCallNs.getOrDefault(pick.id(), Long.MIN_VALUE)) {
                        pick = a;
                    }
                }
                case FEWESTCALLS -> {
                    if (pick == null || calls.getOrDefault(a.id(), 0) < calls.getOrDefault(pick.id(), 0)) {
                        pick = a;
                    }
                }
                case RANDOM -> {
                    if (index == randomIndex) {
                        pick = a;
                    }
                }
                case RRMEMORY -> {
                    if (lastAgentId != null && a.id().compareTo(lastAgentId) > 0
                            && (pick == null || a.id().compareTo(pick.id()) < 0)) {
                        pick = a;
                    }
                }
                case LINEAR -> {
                    if (pick == null || a.id().compareTo(pick.id()) < 0) {
                        pick = a;
                    }
                }
            }
            index++;
        }
        if (pick == null) {
            pick = firstById; // rrmemory wraps around
        }
        lastCallNs.put(pick.id(), nowNs);
        calls.merge(pick.id(), 1, Integer::sum);
        lastAgentId = pick.id();
        return pick;
    }

    private int penalty(Agent a) {
        return 10 - a.profile().skills().getOrDefault(mainSkill, 0);
    }
}
