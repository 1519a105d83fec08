package org.ctiserver.core.routing;

import java.util.Collection;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;

/**
 * A policy that picks one agent for a call among the READY agents of the call's queue.
 * Implementations must be deterministic (same inputs, same pick) and must return null only when no
 * agent of {@code readyAgents} is eligible, i.e. meets {@link Call#routingRequirement()}: the router relies
 * on that to skip calls with the same requirement once one of them found nobody. The router offers the
 * call to the agent returned at once, so a policy may remember its picks (round robin).
 */
public interface AgentSelector {
    /** The name under which the policy is registered in {@link AgentSelectors}. */
    String name();

    /**
     * @param readyAgents the READY agents serving the call's queue, longest idle first
     *                    (earliest {@link Agent#idleSinceNs()}, ties by agent id); read-only
     * @return the chosen agent, or null when none is eligible
     */
    Agent select(Call call, Collection<Agent> readyAgents);

    /** As {@link #select(Call, Collection)} at a known instant; time-aware policies override this one. */
    default Agent select(Call call, Collection<Agent> readyAgents, long nowNs) {
        return select(call, readyAgents);
    }
}
