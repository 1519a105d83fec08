package org.ctiserver.core.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.ctiserver.core.customer.CustomerTier;

/**
 * What to simulate: call types, agents and either a synthetic arrival process or a recorded trace.
 * Calls arriving in {@code [warmupSeconds, durationSeconds)} are measured; the run goes on until every
 * call has ended.
 *
 * @param arrivals              the synthetic arrival rate; null when {@code trace} is given
 * @param trace                 recorded calls; empty for a synthetic scenario
 * @param serviceLevelSeconds   the service-level threshold T
 * @param wrapUpSeconds         after-call work per call (0: none)
 */
public record Scenario(String name, String description, List<CallType> callTypes, List<AgentGroup> agents,
                       RateProfile arrivals, List<TraceCall> trace, double durationSeconds, double warmupSeconds,
                       double serviceLevelSeconds, double wrapUpSeconds) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        callTypes = List.copyOf(callTypes);
        agents = List.copyOf(agents);
        trace = List.copyOf(trace);
        if (callTypes.isEmpty()) {
            throw new IllegalArgumentException(name + ": no call type");
        }
        if ((arrivals == null) == trace.isEmpty()) {
            throw new IllegalArgumentException(name + ": give either an arrival rate or a trace");
        }
    }

    public CallType callType(String typeName) {
        for (CallType t : callTypes) {
            if (t.name().equals(typeName)) {
                return t;
            }
        }
        throw new IllegalArgumentException(name + ": unknown call type '" + typeName + "'");
    }

    public int agentCount() {
        return agents.stream().mapToInt(AgentGroup::count).sum();
    }

    /** The calls of one run: the trace, or arrivals drawn from {@code seed} (the same for every policy). */
    public List<TraceCall> calls(long seed) {
        if (!trace.isEmpty()) {
            List<TraceCall> sorted = new ArrayList<>(trace);
            sorted.sort((a, b) -> Double.compare(a.arrivalSeconds(), b.arrivalSeconds()));
            return sorted;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double totalShare = callTypes.stream().mapToDouble(CallType::share).sum();
        List<TraceCall> out = new ArrayList<>();
        for (double t : arrivals.arrivals(durationSeconds, random.split())) {
            double pick = random.nextDouble() * totalShare;
            CallType type = callTypes.get(callTypes.size() - 1);
            for (CallType c : callTypes) {
                pick -= c.share();
                if (pick < 0) {
                    type = c;
                    break;
                }
            }
            double handle = type.handleCv() <= 0 ? exponential(random, type.meanHandleSeconds())
                    : lognormal(random, type.meanHandleSeconds(), type.handleCv());
            double patience = type.patient() ? Double.POSITIVE_INFINITY : exponential(random, type.meanPatienceSeconds());
            String tier = random.nextDouble() < type.vipShare() ? CustomerTier.VIP.key() : CustomerTier.NORMAL.key();
            out.add(new TraceCall(t, type.name(), handle, patience, tier));
        }
        return out;
    }

    private static double exponential(SplittableRandom r, double mean) {
        return -mean * Math.log(1 - r.nextDouble());
    }

    private static double lognormal(SplittableRandom r, double mean, double cv) {
        double sigma2 = Math.log(1 + cv * cv);
        double mu = Math.log(mean) - sigma2 / 2;
        return Math.exp(mu + Math.sqrt(sigma2) * gaussian(r));
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
