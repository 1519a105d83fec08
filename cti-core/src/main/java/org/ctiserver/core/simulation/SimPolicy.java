package org.ctiserver.core.simulation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.routing.AgentSelector;
import org.ctiserver.core.routing.CallOrder;
import org.ctiserver.core.routing.QueueRouting;

/** A routing policy the simulator can compare: how a scenario's calls are queued and agents chosen. */
public interface SimPolicy {
    String name();

    String description();

    Setup setup(Scenario scenario, long seed);

    /**
     * @param queueOfType call type -> queue id (one queue per type, or one pool)
     * @param queues      the routing of each queue
     * @param selectors   makes the agent policy a {@link QueueRouting#agentPolicy()} names
     * @param tierBonus   priority bonus per customer tier (empty: tiers ignored)
     * @param callOrder   how waiting calls are ordered between equal priorities
     */
    record Setup(Map<String, String> queueOfType, List<QueueRouting> queues,
                 Function<String, AgentSelector> selectors, Map<CustomerTier, Integer> tierBonus, CallOrder callOrder) {
        public Setup {
            Objects.requireNonNull(callOrder, "callOrder");
            queueOfType = Map.copyOf(queueOfType);
            queues = List.copyOf(queues);
            tierBonus = Map.copyOf(tierBonus);
        }
    }
}
