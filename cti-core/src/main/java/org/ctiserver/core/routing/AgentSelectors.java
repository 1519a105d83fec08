package org.ctiserver.core.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The agent-selection policies known by name, registered explicitly (no classpath scanning) so that
 * configuration can choose one and a new policy is one line here.
 */
public final class AgentSelectors {
    public static final String DEFAULT = LongestIdleSelector.NAME;

    private static final Map<String, Supplier<AgentSelector>> REGISTERED;

    static {
        Map<String, Supplier<AgentSelector>> m = new LinkedHashMap<>();
        m.put(LongestIdleSelector.NAME, LongestIdleSelector::new);
        m.put(BestSkillSelector.NAME, BestSkillSelector::new);
        m.put(LeastOccupiedSelector.NAME, LeastOccupiedSelector::new);
        m.put(RoundRobinSelector.NAME, RoundRobinSelector::new);
        m.put(LeastFlexibleSelector.NAME, LeastFlexibleSelector::new);
        REGISTERED = Collections.unmodifiableMap(m);
    }

    private AgentSelectors() {
    }

    /** The registered policy names, default first. */
    public static Set<String> names() {
        return REGISTERED.keySet();
    }

    /** A new instance of the named policy; {@link IllegalArgumentException} listing the known names otherwise. */
    public static AgentSelector create(String name) {
        Supplier<AgentSelector> s = REGISTERED.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown agent selection policy '" + name + "', known: " + names());
        }
        return s.get();
    }

    public static AgentSelector createDefault() {
        return create(DEFAULT);
    }
}
