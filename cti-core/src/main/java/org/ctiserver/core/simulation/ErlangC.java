package org.ctiserver.core.simulation;

/**
 * Erlang C (M/M/n, callers never leave). Rates are per second. Erlang B by its recursion
 * {@code B(k) = A·B(k-1) / (k + A·B(k-1))}, which stays in [0, 1] and needs no factorials, then
 * {@code C = n·B / (n - A·(1 - B))}.
 */
public final class ErlangC {
    private ErlangC() {
    }

    /** Erlang B blocking probability for offered load {@code a} (Erlangs) on {@code n} servers. */
    public static double erlangB(double a, int n) {
        double b = 1.0;
        for (int k = 1; k <= n; k++) {
            b = a * b / (k + a * b);
        }
        return b;
    }

    /** Probability that an arriving call waits; 1 when the load reaches the agents. */
    public static double probabilityOfWait(double lambda, double mu, int agents) {
        double a = lambda / mu;
        if (a >= agents) {
            return 1.0;
        }
        double b = erlangB(a, agents);
        return agents * b / (agents - a * (1 - b));
    }

    /** Fraction of calls answered within {@code thresholdSeconds}: {@code 1 - C·e^{-(nμ-λ)T}}. */
    public static double serviceLevel(double lambda, double mu, int agents, double thresholdSeconds) {
        if (lambda / mu >= agents) {
            return 0.0;
        }
        double c = probabilityOfWait(lambda, mu, agents);
        return 1 - c * Math.exp(-(agents * mu - lambda) * thresholdSeconds);
    }

    /** Average speed of answer in seconds: {@code C / (nμ - λ)}; infinite when overloaded. */
    public static double asa(double lambda, double mu, int agents) {
        if (lambda / mu >= agents) {
            return Double.POSITIVE_INFINITY;
        }
        return probabilityOfWait(lambda, mu, agents) / (agents * mu - lambda);
    }

    /** Agent occupancy {@code λ / (nμ)}, at most 1. */
    public static double occupancy(double lambda, double mu, int agents) {
        return Math.min(1.0, lambda / (agents * mu));
    }

    /** The fewest agents reaching the service level goal (a fraction) within the threshold. */
    public static int agentsFor(double lambda, double mu, double thresholdSeconds, double goal) {
        int n = Math.max(1, (int) Math.ceil(lambda / mu));
        while (serviceLevel(lambda, mu, n, thresholdSeconds) < goal) {
            n++;
        }
        return n;
    }
}
