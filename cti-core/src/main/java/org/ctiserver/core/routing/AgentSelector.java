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
 *
 * <p>The pick must depend only on the eligible agents (their order, attributes and history), never on the
 * presence of ineligible ones: the router may leave out of {@code readyAgents} READY agents it knows cannot
 * meet the requirement (when an agent has just become READY, the calls that waited before can only go to it,
 * so the router hands over just the new agents). A policy that returns null must change nothing.
 */
public interface AgentSelector {
    /** The name under which the policy is registered in {@link AgentSelectors}. */
    String name();

    /**
     * @param readyAgents the READY agents serving the call's queue, longest idle first
     *                    (earliest {@link Agent#idleSinceNs()}, ties by agent id), or the subset of them that may
     *                    be eligible (every eligible one is in it); read-only
     * @return the chosen agent, or null when none is eligible
     */
    Agent select(Call call, Collection<Agent> readyAgents);

    /** As {@link #select(Call, Collection)} at a known instant; time-aware policies override this one. */
    default Agent select(Call call, Collection<Agent> readyAgents, long nowNs) {
        return select(call, readyAgents);
    }
}
