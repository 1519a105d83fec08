package org.ctiserver.core.simulation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Arrival rate over time, piecewise linear between points (seconds, calls per second); constant after the
 * last point. Arrivals are a non-homogeneous Poisson process drawn by thinning.
 */
public record RateProfile(List<double[]> points) {
    public RateProfile {
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a rate profile needs a point");
        }
    }

    public static RateProfile constant(double perSecond) {
        return new RateProfile(List.<double[]>of(new double[] {0, perSecond}));
    }

    public double rateAt(double t) {
        double[] prev = points.get(0);
        if (t <= prev[0]) {
            return prev[1];
        }
        for (double[] p : points) {
            if (t < p[0]) {
                double f = (t - prev[0]) / (p[0] - prev[0]);
                return prev[1] + f * (p[1] - prev[1]);
            }
            prev = p;
        }
        return prev[1];
    }

    public double maxRate() {
        double m = 0;
        for (double[] p : points) {
            m = Math.max(m, p[1]);
        }
        return m;
    }

    /** Arrival instants in [0, duration). */
    double[] arrivals(double durationSeconds, SplittableRandom random) {
        double max = maxRate();
        double[] out = new double[16];
        int n = 0;
        double t = 0;
        if (max <= 0) {
            return new double[0];
        }
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / max;
            if (t >= durationSeconds) {
                break;
            }
            if (random.nextDouble() * max < rateAt(t)) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = t;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
