package org.ctiserver.core.routing;

import java.util.List;
import java.util.Objects;

/**
 * How one queue routes, beside its {@link org.ctiserver.core.queue.QueueConfig}.
 *
 * @param targets                 the relaxation ladder; every step but the last has a timeout, the last none.
 *                                Replaces {@code QueueConfig.requirement}; the call's own IVR requirement
 *                                still ANDs with each step
 * @param agentPolicy             the {@link AgentSelectors} name that picks among eligible agents
 * @param agingPerSecond          priority points a call gains per second of waiting (0 = none)
 * @param serviceLevelGoalPercent target service level; between equal priorities the queue furthest below
 *                                its goal goes first
 */
public record QueueRouting(String queueId, List<RoutingTarget> targets, String agentPolicy, double agingPerSecond,
                           double serviceLevelGoalPercent) {
    public static final double DEFAULT_SERVICE_LEVEL_GOAL = 80.0;

    public QueueRouting {
        Objects.requireNonNull(queueId, "queueId");
        targets = List.copyOf(targets);
        Objects.requireNonNull(agentPolicy, "agentPolicy");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("queue " + queueId + ": at least one routing target");
        }
        for (int i = 0; i < targets.size(); i++) {
            boolean last = i == targets.size() - 1;
            if (targets.get(i).isLast() != last) {
                throw new IllegalArgumentException("queue " + queueId + ": step " + (i + 1)
                        + (last ? " is the last and must have no timeout" : " needs a timeout (only the last has none)"));
            }
        }
        if (!(agingPerSecond >= 0) || Double.isInfinite(agingPerSecond)) {
            throw new IllegalArgumentException("queue " + queueId + ": aging must be >= 0: " + agingPerSecond);
        }
        if (!(serviceLevelGoalPercent >= 0 && serviceLevelGoalPercent <= 100)) {
            throw new IllegalArgumentException("queue " + queueId + ": service level goal must be 0..100");
        }
    }

    /** One target, the given policy, no aging, the default goal. */
    public static QueueRouting single(String queueId, RoutingTarget only, String agentPolicy) {
        return new QueueRouting(queueId, List.of(only), agentPolicy, 0, DEFAULT_SERVICE_LEVEL_GOAL);
    }
}
