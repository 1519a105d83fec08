package org.ctiserver.core.simulation;

import java.util.List;
import java.util.Objects;

import org.ctiserver.core.routing.RoutingTarget;

/**
 * One kind of call in a scenario: its own queue, its relaxation ladder and how its calls behave.
 *
 * @param mainSkill           the skill app_queue emulations turn into penalties (10 - level)
 * @param targets             the ladder our policies route by; the last step is also app_queue's membership
 * @param share               the fraction of arrivals of this type (shares are normalised)
 * @param meanHandleSeconds   mean talk time
 * @param handleCv            coefficient of variation of a lognormal talk time; 0 or less: exponential
 * @param meanPatienceSeconds mean of an exponential patience; 0 or less: callers never hang up
 * @param vipShare            fraction of calls from VIP customers
 */
public record CallType(String name, String mainSkill, List<RoutingTarget> targets, double share,
                       double meanHandleSeconds, double handleCv, double meanPatienceSeconds, double vipShare) {
    public CallType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mainSkill, "mainSkill");
        targets = List.copyOf(targets);
        if (!(share > 0 && meanHandleSeconds > 0)) {
            throw new IllegalArgumentException(name + ": share and mean handle time must be positive");
        }
    }

    public boolean patient() {
        return meanPatienceSeconds <= 0;
    }
}
