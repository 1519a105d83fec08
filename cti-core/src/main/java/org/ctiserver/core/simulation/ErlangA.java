package org.ctiserver.core.simulation;

/**
 * Erlang A (M/M/n+M: Poisson arrivals at λ, exponential handling at μ, n agents, exponential patience at θ).
 * Computed from the birth-death chain it is: {@code π(k) ∝ A^k/k!} up to n, then each step multiplies by
 * {@code λ / (nμ + (k-n)θ)}. Terms are summed in log space from their largest, and the tail is cut where
 * it no longer moves the sum, so large n and heavy loads neither overflow nor lose precision. This is the
 * same quantity the closed forms with incomplete gamma functions give (Garnett, Mandelbaum and Reiman).
 */
public final class ErlangA {
    /** Results for one load. Probabilities are fractions; times in seconds. */
    public record Result(double probabilityOfWait, double abandonment, double meanQueueLength, double meanWaitAll,
                         double occupancy) {
    }

    private ErlangA() {
    }

    public static Result compute(double lambda, double mu, double theta, int agents) {
        if (!(lambda > 0 && mu > 0 && theta > 0 && agents > 0)) {
            throw new IllegalArgumentException("λ, μ, θ and agents must be positive");
        }
        double a = lambda / mu;
        // log of the unnormalised π(k)
        int capacity = agents + 64;
        double[] logs = new double[capacity];
        int size = 0;
        double log = 0;
        logs[size++] = 0;
        for (int k = 1; k <= agents; k++) {
            log += Math.log(a) - Math.log(k);
            logs = grow(logs, size);
            logs[size++] = log;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logs[i]);
        }
        for (int k = agents + 1; ; k++) {
            double ratio = lambda / (agents * mu + (k - agents) * theta);
            log += Math.log(ratio);
            logs = grow(logs, size);
            logs[size++] = log;
            max = Math.max(max, log);
            // the ratios only fall from here, so the rest is below a geometric series: stop when it is negligible
            double nextRatio = lambda / (agents * mu + (k + 1 - agents) * theta);
            if (nextRatio < 1 && log - max + Math.log(nextRatio / (1 - nextRatio)) < -46) {
                break;
            }
        }
        double total = 0;
        double waiting = 0;
        double queueLength = 0;
        double busy = 0;
        for (int k = 0; k < size; k++) {
            double p = Math.exp(logs[k] - max);
            total += p;
            if (k >= agents) {
                waiting += p;
                queueLength += (k - agents) * p;
            }
            busy += Math.min(k, agents) * p;
        }
        double pWait = waiting / total;
        double lq = queueLength / total;
        double abandonment = theta * lq / lambda;
        return new Result(pWait, abandonment, lq, lq / lambda, busy / total / agents);
    }

    /** Fraction of callers who hang up before an answer. */
    public static double abandonment(double lambda, double mu, double theta, int agents) {
        return compute(lambda, mu, theta, agents).abandonment();
    }

    private static double[] grow(double[] a, int size) {
        return size < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
    }
}
