package org.ctiserver.core.routing;

import java.time.Duration;
import java.util.Objects;

import org.ctiserver.core.routing.expr.Requirement;

/**
 * One step of a queue's relaxation ladder: calls need {@code requirement} for {@code timeout}, then the
 * next step applies. A null timeout means "for good" (the last step).
 */
public record RoutingTarget(Requirement requirement, Duration timeout) {
    public RoutingTarget {
        Objects.requireNonNull(requirement, "requirement");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a step's timeout must be positive: " + timeout);
        }
    }

    public static RoutingTarget of(String expression, Duration timeout) {
        return new RoutingTarget(Requirement.parse(expression), timeout);
    }

    public static RoutingTarget last(Requirement requirement) {
        return new RoutingTarget(requirement, null);
    }

    public static RoutingTarget last(String expression) {
        return last(Requirement.parse(expression));
    }

    public boolean isLast() {
        return timeout == null;
    }
}
