package org.ctiserver.pbxsim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DistributionTest {

    private static double mean(Distribution d) {
        SplittableRandom r = new SplittableRandom(1);
        double sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double x = d.sample(r);
            assertThat(x).isGreaterThanOrEqualTo(0);
            sum += x;
        }
        return sum / n;
    }

    @Test
    void samplesHaveTheConfiguredMean() {
        assertThat(mean(Distribution.fixed(3))).isEqualTo(3);
        assertThat(mean(Distribution.exponential(60))).isCloseTo(60, within(1.0));
        assertThat(mean(Distribution.lognormal(180, 0.6))).isCloseTo(180, within(3.0));
        assertThat(mean(Distribution.uniform(4, 3))).isCloseTo(4, within(0.05));
        assertThat(Distribution.parse("lognormal:180:0.5")).isEqualTo(Distribution.lognormal(180, 0.5));
        assertThat(Distribution.parse("2")).isEqualTo(Distribution.fixed(2));
    }
}
