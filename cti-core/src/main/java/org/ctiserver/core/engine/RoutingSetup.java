package org.ctiserver.core.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.ctiserver.core.call.Call;
import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.AgentSelector;
import org.ctiserver.core.routing.QueueRouting;
import org.ctiserver.core.routing.Router;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.routing.RoutingTarget;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.routing.expr.Requirement;
import org.ctiserver.core.stats.QueueCounters;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of a {@link RoutingConfig}: per-queue ladders, policies, aging and the call order.
 * Without a routing config (the engine's original constructors) calls keep the original fixed order and
 * customer tiers are ignored, so existing behaviour is unchanged.
 */
final class RoutingSetup {
    private final RoutingConfig routing;
    private final Map<String, QueueRouting> byQueue;
    private final Map<String, QueueConfig> queues;
    private final Map<String, QueueCounters> counters;

    RoutingSetup(RoutingConfig routing, Map<String, QueueConfig> queues, Map<String, QueueCounters> counters) {
        this.routing = routing;
        this.byQueue = routing == null ? Map.of() : routing.byQueue();
        this.queues = queues;
        this.counters = counters;
        for (String q : byQueue.keySet()) {
            if (!queues.containsKey(q)) {
                throw new IllegalArgumentException("routing given for queue '" + q + "', which is not configured");
            }
        }
    }

    boolean enabled() {
        return routing != null;
    }

    Map<String, AgentSelector> selectors(Function<String, AgentSelector> policies) {
        Map<String, AgentSelector> m = new LinkedHashMap<>();
        byQueue.forEach((q, r) -> m.put(q, policies.apply(r.agentPolicy())));
        return m;
    }

    /** The configured {@link org.ctiserver.core.routing.CallOrder} at each instant (see there). */
    Router.CallRanking ranking() {
        if (routing == null) {
            return null;
        }
        Map<String, Long> thresholdNs = new HashMap<>();
        queues.forEach((q, c) -> thresholdNs.put(q, c.serviceLevelThreshold().toNanos()));
        return nowNs -> {
            Map<String, Double> behind = new HashMap<>();
            queues.keySet().forEach(q -> behind.put(q, serviceLevelDeficit(q)));
            return routing.callOrder().at(nowNs, behind::get, thresholdNs::get);
        };
    }

    private double serviceLevelDeficit(String queueId) {
        double sl = counters.get(queueId).serviceLevelPercent();
        if (sl < 0) {
            return 0;
        }
        QueueRouting r = byQueue.get(queueId);
        double goal = r == null ? QueueRouting.DEFAULT_SERVICE_LEVEL_GOAL : r.serviceLevelGoalPercent();
        return goal - sl;
    }

    /** Sets the call's ladder, own requirement, aging and (with a routing config) its customer tier. */
    void configure(Call call, QueueConfig queue, Requirement own, Map<String, String> data, long nowNs) {
        QueueRouting r = byQueue.get(queue.id());
        List<RoutingTarget> targets = r != null ? r.targets()
                : List.of(RoutingTarget.last(Requirement.of(queue.requirement())));
        call.configureRouting(targets, own, r == null ? 0 : r.agingPerSecond(), nowNs);
        if (routing != null) {
            CustomerTier.byKey(data.get(CustomerLookup.CUSTOMER_TIER_KEY))
                    .ifPresent(t -> call.setCustomerTier(t, routing.bonus(t)));
        }
    }

    void setTier(Call call, CustomerTier tier) {
        if (routing != null) {
            call.setCustomerTier(tier, routing.bonus(tier));
        }
    }

    /** The queue's requirement with the IVR's, and the IVR's own (for ladders), from a route point's text. */
    record Requirements(SkillRequirement combined, Requirement own) {
    }

    /**
     * Parses the IVR's requirement: {@code skill:level,...} (also ANDed into the queue's), else an expression such as
     * {@code lang.zh >= 3 && billing}; anything else is ignored with a warning (the queue's requirement routes).
     */
    static Requirements requirements(QueueConfig queue, String callId, String text) {
        try {
            SkillRequirement ivr = SkillRequirement.parse(text);
            return new Requirements(queue.requirement().and(ivr), Requirement.of(ivr));
        } catch (IllegalArgumentException ex) {
            try {
                return new Requirements(queue.requirement(), Requirement.parse(text));
            } catch (IllegalArgumentException notExpression) {
                LoggerFactory.getLogger(Engine.class).warn(
                        "call {}: requirement '{}' ignored ({}); routing on the queue's requirement",
                        callId, text, ex.getMessage());
                return new Requirements(queue.requirement(), Requirement.ANY);
            }
        }
    }
}
