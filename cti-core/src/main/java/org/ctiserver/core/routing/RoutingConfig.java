package org.ctiserver.core.routing;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ctiserver.core.customer.CustomerTier;

/**
 * Routing beyond {@link org.ctiserver.core.engine.EngineConfig}: per-queue relaxation ladders, agent
 * policies and aging, the priority bonus of each customer tier, and the order in which waiting calls are
 * served. A queue not listed routes as before (its {@code QueueConfig.requirement} as the single target, the
 * engine's default policy, no aging).
 */
public record RoutingConfig(List<QueueRouting> queues, Map<CustomerTier, Integer> tierBonus, CallOrder callOrder) {
    /** VIP +20, key account +10, normal 0. */
    public static final Map<CustomerTier, Integer> DEFAULT_TIER_BONUS =
            Map.of(CustomerTier.VIP, 20, CustomerTier.KEY_ACCOUNT, 10, CustomerTier.NORMAL, 0);
    public static final RoutingConfig NONE = new RoutingConfig(List.of(), DEFAULT_TIER_BONUS);

    public RoutingConfig {
        queues = List.copyOf(queues);
        Objects.requireNonNull(callOrder, "callOrder");
        Map<CustomerTier, Integer> bonus = new EnumMap<>(CustomerTier.class);
        bonus.putAll(tierBonus);
        tierBonus = Map.copyOf(bonus);
        Map<String, QueueRouting> seen = new LinkedHashMap<>();
        for (QueueRouting q : queues) {
            if (seen.put(q.queueId(), q) != null) {
                throw new IllegalArgumentException("routing for queue '" + q.queueId() + "' given twice");
            }
        }
    }

    /** The default call order, {@link CallOrder#SERVICE_LEVEL}. */
    public RoutingConfig(List<QueueRouting> queues, Map<CustomerTier, Integer> tierBonus) {
        this(queues, tierBonus, CallOrder.SERVICE_LEVEL);
    }

    public RoutingConfig(List<QueueRouting> queues) {
        this(queues, DEFAULT_TIER_BONUS);
    }

    public Map<String, QueueRouting> byQueue() {
        Map<String, QueueRouting> m = new LinkedHashMap<>();
        queues.forEach(q -> m.put(q.queueId(), q));
        return m;
    }

    public int bonus(CustomerTier tier) {
        return tier == null ? 0 : tierBonus.getOrDefault(tier, 0);
    }
}
