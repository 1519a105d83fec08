package org.ctiserver.core.simulation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.routing.AgentSelectors;
import org.ctiserver.core.routing.BestSkillSelector;
import org.ctiserver.core.routing.CallOrder;
import org.ctiserver.core.routing.LeastFlexibleSelector;
import org.ctiserver.core.routing.LeastOccupiedSelector;
import org.ctiserver.core.routing.LongestIdleSelector;
import org.ctiserver.core.routing.QueueRouting;
import org.ctiserver.core.routing.RoundRobinSelector;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.routing.RoutingTarget;
import org.ctiserver.core.routing.expr.Requirement;

/** The policies the simulator knows, registered explicitly by name: ours first, then the baselines. */
public final class Policies {
    /**
     * Priority points per second of waiting in our policies: none. Every queue of the built-in scenarios has
     * the same priority, so aging would only order calls by wait, and, being continuous, it would leave no
     * priority ties for the service-level criterion of {@link CallOrder#SERVICE_LEVEL} to break.
     */
    public static final double OUR_AGING_PER_SECOND = 0;

    private static final Map<String, SimPolicy> REGISTERED;

    static {
        Map<String, SimPolicy> m = new LinkedHashMap<>();
        for (String p : ours()) {
            m.put(p, ours(p));
        }
        m.put("fifo", fifo());
        for (AppQueueSelector.Strategy s : AppQueueSelector.Strategy.values()) {
            SimPolicy p = appQueue(s);
            m.put(p.name(), p);
        }
        REGISTERED = Collections.unmodifiableMap(m);
    }

    private Policies() {
    }

    public static Set<String> names() {
        return REGISTERED.keySet();
    }

    /** Our policies: relaxation ladders, VIP bonus, the service-level call order; the default first. */
    public static Set<String> ours() {
        return new LinkedHashSet<>(List.of(LongestIdleSelector.NAME, LeastFlexibleSelector.NAME, BestSkillSelector.NAME,
                LeastOccupiedSelector.NAME, RoundRobinSelector.NAME));
    }

    public static SimPolicy byName(String name) {
        SimPolicy p = REGISTERED.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown routing policy '" + name + "', known: " + names());
        }
        return p;
    }

    private static SimPolicy ours(String agentPolicy) {
        return new SimPolicy() {
            public String name() {
                return agentPolicy;
            }

            public String description() {
                return "ours: relaxation ladder, VIP bonus, service-level call order, " + agentPolicy;
            }

            public Setup setup(Scenario s, long seed) {
                Map<String, String> queueOf = new LinkedHashMap<>();
                List<QueueRouting> queues = s.callTypes().stream().map(t -> {
                    queueOf.put(t.name(), t.name());
                    return new QueueRouting(t.name(), t.targets(), agentPolicy, OUR_AGING_PER_SECOND,
                            QueueRouting.DEFAULT_SERVICE_LEVEL_GOAL);
                }).toList();
                return new Setup(queueOf, queues, AgentSelectors::create, RoutingConfig.DEFAULT_TIER_BONUS,
                        CallOrder.SERVICE_LEVEL);
            }
        };
    }

    private static SimPolicy fifo() {
        return new SimPolicy() {
            public String name() {
                return "fifo";
            }

            public String description() {
                return "baseline: one pool, no skills, first come first served, longest idle";
            }

            public Setup setup(Scenario s, long seed) {
                Map<String, String> queueOf = new LinkedHashMap<>();
                s.callTypes().forEach(t -> queueOf.put(t.name(), "pool"));
                return new Setup(queueOf, List.of(QueueRouting.single("pool", RoutingTarget.last(Requirement.ANY),
                        LongestIdleSelector.NAME)), AgentSelectors::create, Map.of(), CallOrder.WAIT);
            }
        };
    }

    private static SimPolicy appQueue(AppQueueSelector.Strategy strategy) {
        String name = "app_queue-" + strategy.name().toLowerCase(Locale.ROOT);
        return new SimPolicy() {
            public String name() {
                return name;
            }

            public String description() {
                return "baseline: Asterisk app_queue strategy " + strategy.name().toLowerCase(Locale.ROOT)
                        + ", penalty = 10 - main skill level";
            }

            public Setup setup(Scenario s, long seed) {
                Map<String, String> queueOf = new LinkedHashMap<>();
                List<QueueRouting> queues = s.callTypes().stream().map(t -> {
                    queueOf.put(t.name(), t.name());
                    RoutingTarget membership = RoutingTarget.last(t.targets().get(t.targets().size() - 1).requirement());
                    return QueueRouting.single(t.name(), membership, AppQueueSelector.policyName(strategy, t.mainSkill()));
                }).toList();
                // the order the baselines always had (app_queue serves each queue first come, first served)
                return new Setup(queueOf, queues, n -> AppQueueSelector.fromName(n, seed), Map.<CustomerTier, Integer>of(),
                        CallOrder.WAIT);
            }
        };
    }
}
