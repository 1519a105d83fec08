package org.ctiserver.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.call.Call;

/**
 * The routing specification written as plainly as possible, as a reference for {@link Router}: every pass
 * orders all waiting calls (by the ranking at that instant, or {@link Router#CALL_ORDER}) and offers each one,
 * in that order, to the agent its queue's policy picks among the queue's READY agents (longest idle first).
 * No invariant, no index, no cache.
 */
final class NaiveRouter {
    private final Map<String, AgentSelector> policies;
    private final Router.CallRanking ranking;
    private final List<Call> waiting = new ArrayList<>();
    private final Map<String, TreeSet<Agent>> ready = new LinkedHashMap<>();

    NaiveRouter(List<String> queueIds, Map<String, AgentSelector> policies, Router.CallRanking ranking) {
        this.policies = policies;
        this.ranking = ranking;
        for (String q : queueIds) {
            ready.put(q, new TreeSet<>(Router.IDLE_ORDER));
        }
    }

    void enqueue(Call call) {
        if (!waiting.contains(call)) {
            waiting.add(call);
        }
    }

    boolean remove(Call call) {
        return waiting.remove(call);
    }

    void agentReady(Agent agent) {
        for (String q : agent.servedQueueIds()) {
            TreeSet<Agent> r = ready.get(q);
            if (r != null) {
                r.add(agent);
            }
        }
    }

    void agentUnready(Agent agent) {
        for (TreeSet<Agent> r : ready.values()) {
            r.remove(agent);
        }
    }

    List<Call> waiting() {
        return waiting;
    }

    int route(Router.OfferHandler handler, long nowNs) {
        Comparator<Call> order = ranking == null ? Router.CALL_ORDER : ranking.at(nowNs);
        List<Call> ordered = new ArrayList<>(waiting);
        ordered.sort(order);
        int offers = 0;
        for (Call call : ordered) {
            List<Agent> candidates = new ArrayList<>(ready.get(call.queueId()));
            if (candidates.isEmpty()) {
                continue;
            }
            Agent agent = policies.get(call.queueId()).select(call, candidates, nowNs);
            if (agent == null) {
                continue;
            }
            waiting.remove(call);
            handler.offer(call, agent);
            offers++;
        }
        return offers;
    }
}
