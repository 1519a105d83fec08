package org.ctiserver.core.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Skills a call needs, each with a minimum level (1..10). Written {@code skill:level,skill:level};
 * the empty text means "any agent of the queue".
 */
public record SkillRequirement(Map<String, Integer> minLevels) {
    public static final SkillRequirement NONE = new SkillRequirement(Map.of());
    public static final int MIN_LEVEL = 1;
    public static final int MAX_LEVEL = 10;

    public SkillRequirement {
        minLevels = Map.copyOf(minLevels);
    }

    /**
     * Parses {@code billing:3,lang.zh:2}. Throws {@link IllegalArgumentException} naming the part that is wrong.
     */
    public static SkillRequirement parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int colon = p.indexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                throw new IllegalArgumentException("expected skill:level but found '" + p + "'");
            }
            String skill = p.substring(0, colon).trim();
            if (!skill.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("'" + skill + "' is not a skill name (letters, digits, '.', '_', '-')");
            }
            int level;
            try {
                level = Integer.parseInt(p.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("level of '" + skill + "' must be a whole number, found '"
                        + p.substring(colon + 1).trim() + "'");
            }
            if (level < MIN_LEVEL || level > MAX_LEVEL) {
                throw new IllegalArgumentException("level of '" + skill + "' must be " + MIN_LEVEL + ".." + MAX_LEVEL + ", found " + level);
            }
            if (levels.put(skill, level) != null) {
                throw new IllegalArgumentException("skill '" + skill + "' is named twice");
            }
        }
        return new SkillRequirement(levels);
    }

    /** True when {@code skills} holds every required skill at or above its level. */
    public boolean isMetBy(Map<String, Integer> skills) {
        for (Map.Entry<String, Integer> need : minLevels.entrySet()) {
            Integer has = skills.get(need.getKey());
            if (has == null || has < need.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Both requirements at once: for each skill the higher level. */
    public SkillRequirement and(SkillRequirement other) {
        if (other.minLevels.isEmpty()) {
            return this;
        }
        if (minLevels.isEmpty()) {
            return other;
        }
        Map<String, Integer> merged = new LinkedHashMap<>(minLevels);
        other.minLevels.forEach((k, v) -> merged.merge(k, v, Math::max));
        return new SkillRequirement(merged);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        minLevels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(e.getKey()).append(':').append(e.getValue());
        });
        return sb.toString();
    }
}
