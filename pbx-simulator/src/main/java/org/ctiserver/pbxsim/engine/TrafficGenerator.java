package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Poisson arrivals per call type. Each call type has its own random stream and each call gets a split of
 * it, so the same seed gives the same callers whatever else happens in the simulation.
 */
final class TrafficGenerator {
    private final SimEngine eng;
    private final SplittableRandom injectRng;
    private final List<Stream> streams = new ArrayList<>();
    boolean paused;
    private long generated;
    private long handsetSeq;

    private static final class Stream {
        final SimulatorConfig.CallType type;
        final double perSecond;
        final SplittableRandom rng;

        Stream(SimulatorConfig.CallType type, double perSecond, SplittableRandom rng) {
            this.type = type;
            this.perSecond = perSecond;
            this.rng = rng;
        }
    }

    TrafficGenerator(SimEngine eng, SplittableRandom rng) {
        this.eng = eng;
        this.injectRng = rng.split();
        SimulatorConfig c = eng.config;
        double sharedWeight = 0;
        for (SimulatorConfig.CallType t : c.callTypes()) {
            if (t.ratePerMinute() == 0) {
                sharedWeight += t.weight();
            }
        }
        for (SimulatorConfig.CallType t : c.callTypes()) {
            double perMinute = t.ratePerMinute() > 0 ? t.ratePerMinute()
                    : sharedWeight > 0 ? c.arrivalRatePerMinute() * t.weight() / sharedWeight : 0;
            SplittableRandom own = rng.split();
            if (perMinute > 0) {
                streams.add(new Stream(t, perMinute / 60d, own));
            }
        }
        paused = c.trafficPaused();
    }

    void start() {
        for (Stream s : streams) {
            scheduleNext(s);
        }
    }

    private void scheduleNext(Stream s) {
        double gap = -Math.log(1 - s.rng.nextDouble()) / s.perSecond;
        eng.clock.afterSeconds(gap, () -> fire(s));
    }

    private void fire(Stream s) {
        long max = eng.config.maxCalls();
        if (max > 0 && generated >= max) {
            return;
        }
        SplittableRandom callRng = s.rng.split();
        if (!paused) {
            generated++;
            arrive(s.type, callRng);
        }
        if (max == 0 || generated < max) {
            scheduleNext(s);
        }
    }

    /** A call of this type arrives now (also used to inject one call by hand). */
    String arrive(SimulatorConfig.CallType type) {
        return arrive(type, injectRng.split());
    }

    private String arrive(SimulatorConfig.CallType type, SplittableRandom callRng) {
        String number = fill(type.callerNumberPattern(), callRng);
        List<String> names = eng.config.callerNames();
        String name = names.get(callRng.nextInt(names.size()));
        String handset = String.format("9%03d", handsetSeq++ % 1000);
        return eng.originates.arriveGenerated(type, handset, number, name, callRng);
    }

    private static String fill(String pattern, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            sb.append(c == '#' ? (char) ('0' + rng.nextInt(10)) : c);
        }
        return sb.toString();
    }
}
