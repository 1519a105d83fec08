package org.ctiserver.pbxsim;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A distribution of durations in simulated seconds. {@code spread} is the sigma of the underlying normal
 * for LOGNORMAL and the half-width for UNIFORM; it is ignored otherwise.
 */
public record Distribution(Kind kind, double mean, double spread) {

    public enum Kind { FIXED, EXPONENTIAL, LOGNORMAL, UNIFORM }

    public Distribution {
        if (kind == null || !(mean >= 0) || !(spread >= 0)) {
            throw new IllegalArgumentException("bad distribution " + kind + " mean=" + mean + " spread=" + spread);
        }
    }

    public static Distribution fixed(double seconds) {
        return new Distribution(Kind.FIXED, seconds, 0);
    }

    public static Distribution exponential(double mean) {
        return new Distribution(Kind.EXPONENTIAL, mean, 0);
    }

    /** Lognormal with the given mean (not median) and sigma of the underlying normal. */
    public static Distribution lognormal(double mean, double sigma) {
        return new Distribution(Kind.LOGNORMAL, mean, sigma);
    }

    public static Distribution uniform(double mean, double halfWidth) {
        return new Distribution(Kind.UNIFORM, mean, Math.min(halfWidth, mean));
    }

    /** Parses {@code 3}, {@code fixed:3}, {@code exp:60}, {@code lognormal:180:0.5}, {@code uniform:2:1}. */
    public static Distribution parse(String text) {
        String[] p = text.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            return switch (p[0]) {
                case "fixed" -> fixed(Double.parseDouble(p[1]));
                case "exp", "exponential" -> exponential(Double.parseDouble(p[1]));
                case "lognormal", "ln" -> lognormal(Double.parseDouble(p[1]), p.length > 2 ? Double.parseDouble(p[2]) : 0.5);
                case "uniform" -> uniform(Double.parseDouble(p[1]), p.length > 2 ? Double.parseDouble(p[2]) : 0);
                default -> fixed(Double.parseDouble(p[0]));
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad distribution '" + text + "' (use N, fixed:N, exp:M, lognormal:M:S or uniform:M:W)");
        }
    }

    public double sample(SplittableRandom rng) {
        return switch (kind) {
            case FIXED -> mean;
            case EXPONENTIAL -> -mean * Math.log(1 - rng.nextDouble());
            case LOGNORMAL -> {
                double mu = Math.log(Math.max(mean, 1e-9)) - spread * spread / 2;
                yield Math.exp(mu + spread * gaussian(rng));
            }
            case UNIFORM -> mean - spread + 2 * spread * rng.nextDouble();
        };
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; SplittableRandom has no nextGaussian in Java 17
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FIXED -> "fixed:" + mean;
            case EXPONENTIAL -> "exp:" + mean;
            case LOGNORMAL -> "lognormal:" + mean + ":" + spread;
            case UNIFORM -> "uniform:" + mean + ":" + spread;
        };
    }
}
