package org.ctiserver.protocol.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The secrecy levels (密级) of customer data, lowest first. The default ladder is 公开 (public), 秘密
 * (confidential), 机密 (secret), 绝密 (top secret); a site may configure its own names. A user cleared for a level
 * sees fields of that level and below.
 */
public final class SecurityLevels {
    /** The levels of the national scheme, lowest first. */
    public static final List<String> DEFAULT_NAMES = List.of("公开", "秘密", "机密", "绝密");
    private static final Map<String, String> DEFAULT_ALIASES = Map.of("public", "公开", "confidential", "秘密",
            "secret", "机密", "top-secret", "绝密");
    private static final Map<String, String> DEFAULT_EN = Map.of("公开", "Public", "秘密", "Confidential",
            "机密", "Secret", "绝密", "Top secret");

    private final List<String> names;
    private final Map<String, Integer> rank = new HashMap<>();

    private SecurityLevels(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one secrecy level is needed");
        }
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            if (rank.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("secrecy level '" + names.get(i) + "' is listed twice");
            }
        }
        if (names.equals(DEFAULT_NAMES)) {
            DEFAULT_ALIASES.forEach((alias, name) -> rank.put(alias, rank.get(name)));
        }
    }

    public static SecurityLevels defaults() {
        return new SecurityLevels(DEFAULT_NAMES);
    }

    /** @param lowestFirst the site's own level names, lowest first */
    public static SecurityLevels of(List<String> lowestFirst) {
        return new SecurityLevels(new ArrayList<>(lowestFirst));
    }

    public List<String> names() {
        return names;
    }

    public String lowest() {
        return names.get(0);
    }

    public String highest() {
        return names.get(names.size() - 1);
    }

    /** The level's own name (for an English alias of the default ladder, the Chinese name), if it is a level. */
    public Optional<String> canonical(String level) {
        if (level == null) {
            return Optional.empty();
        }
        Integer r = rank.get(level.trim());
        if (r == null) {
            r = rank.get(level.trim().toLowerCase(Locale.ROOT));
        }
        return r == null ? Optional.empty() : Optional.of(names.get(r));
    }

    /**
     * True when a user cleared for {@code clearance} may see a field of {@code level}. An unknown field level counts
     * as the highest (withheld unless the user is cleared for everything); an unknown clearance as the lowest.
     */
    public boolean maySee(String clearance, String level) {
        int field = canonical(level).map(rank::get).orElse(names.size() - 1);
        int user = canonical(clearance).map(rank::get).orElse(0);
        return user >= field;
    }

    /** A label for the level in {@code lang}: the English name of a default level, else the level itself. */
    public String label(String level, String lang) {
        return "en".equals(lang) ? DEFAULT_EN.getOrDefault(level, level) : level;
    }
}
