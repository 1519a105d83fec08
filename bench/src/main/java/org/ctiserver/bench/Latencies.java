package org.ctiserver.bench;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/** Prints HdrHistogram percentiles the same way in every load driver. */
final class Latencies {
    private Latencies() {
    }

    /** {@code name: n=…, p50 …, p90 …, p99 …, p99.9 …, max … unit}; {@code divisor} turns the recorded unit into {@code unit}. */
    static String line(String name, Histogram h, double divisor, String unit) {
        return String.format(Locale.ROOT, "%-14s n=%,d  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s %s", name,
                h.getTotalCount(), v(h, 50, divisor), v(h, 90, divisor), v(h, 99, divisor), v(h, 99.9, divisor),
                fmt(h.getTotalCount() == 0 ? 0 : h.getMaxValue() / divisor), unit);
    }

    /** One fixed-width row: count, p50, p90, p99, p99.9, max. */
    static String row(String name, Histogram h, double divisor) {
        return String.format(Locale.ROOT, "%-18s %9d %8s %8s %8s %8s %8s", name, h.getTotalCount(), v(h, 50, divisor),
                v(h, 90, divisor), v(h, 99, divisor), v(h, 99.9, divisor),
                fmt(h.getTotalCount() == 0 ? 0 : h.getMaxValue() / divisor));
    }

    private static String v(Histogram h, double percentile, double divisor) {
        return h.getTotalCount() == 0 ? "-" : fmt(h.getValueAtPercentile(percentile) / divisor);
    }

    private static String fmt(double x) {
        return x >= 100 ? String.format(Locale.ROOT, "%.0f", x) : String.format(Locale.ROOT, "%.1f", x);
    }
}
