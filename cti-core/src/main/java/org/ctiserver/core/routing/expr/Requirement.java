package org.ctiserver.core.routing.expr;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.ctiserver.core.routing.SkillRequirement;

/**
 * What an agent's skills must satisfy to take a call: an immutable expression tree such as
 * {@code lang.zh >= 3 && (billing >= 2 || general >= 5)}. A skill the agent lacks counts as level 0.
 * {@link #toString()} prints text that {@link #parse} turns back into an equal tree.
 */
public sealed interface Requirement {
    /** Met by every agent. */
    Requirement ANY = new Any();

    boolean isMetBy(Map<String, Integer> skills);

    /** Parses the expression grammar (see docs/routing.md); throws {@link RequirementSyntaxException}. */
    static Requirement parse(String text) {
        return RequirementParser.parse(text);
    }

    /** The same condition as a min-level map: every skill at or above its level (sorted by skill). */
    static Requirement of(SkillRequirement skills) {
        Requirement r = ANY;
        for (Map.Entry<String, Integer> e : skills.minLevels().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            r = and(r, new Compare(e.getKey(), Op.GE, e.getValue()));
        }
        return r;
    }

    /** Both at once; {@link #ANY} is the identity. */
    static Requirement and(Requirement a, Requirement b) {
        if (a instanceof Any) {
            return b;
        }
        if (b instanceof Any || a.equals(b)) {
            return a;
        }
        return new And(a, b);
    }

    /** The skills this requirement asks for positively (not under a negation), in order of appearance. */
    default Set<String> wantedSkills() {
        Set<String> out = new LinkedHashSet<>();
        collectWanted(this, false, out);
        return out;
    }

    private static void collectWanted(Requirement r, boolean negated, Set<String> out) {
        if (r instanceof Compare c) {
            boolean wantsHigh = c.op() == Op.GE || c.op() == Op.GT || c.op() == Op.EQ;
            if (wantsHigh != negated) {
                out.add(c.skill());
            }
        } else if (r instanceof And a) {
            collectWanted(a.left(), negated, out);
            collectWanted(a.right(), negated, out);
        } else if (r instanceof Or o) {
            collectWanted(o.left(), negated, out);
            collectWanted(o.right(), negated, out);
        } else if (r instanceof Not n) {
            collectWanted(n.operand(), !negated, out);
        }
    }

    enum Op {
        GE(">="), GT(">"), LE("<="), LT("<"), EQ("==");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean test(int has, int level) {
            return switch (this) {
                case GE -> has >= level;
                case GT -> has > level;
                case LE -> has <= level;
                case LT -> has < level;
                case EQ -> has == level;
            };
        }
    }

    /** {@code true} / {@code any}. */
    record Any() implements Requirement {
        @Override
        public boolean isMetBy(Map<String, Integer> skills) {
            return true;
        }

        @Override
        public String toString() {
            return "true";
        }
    }

    /** {@code skill OP level}; a bare {@code skill} is {@code skill >= 1}. */
    record Compare(String skill, Op op, int level) implements Requirement {
        public Compare {
            Objects.requireNonNull(skill, "skill");
            Objects.requireNonNull(op, "op");
            if (!RequirementParser.isSkillName(skill)) {
                throw new IllegalArgumentException("'" + skill + "' is not a skill name");
            }
            if (level < SkillRequirement.MIN_LEVEL || level > SkillRequirement.MAX_LEVEL) {
                throw new IllegalArgumentException("level must be 1..10: " + level);
            }
        }

        @Override
        public boolean isMetBy(Map<String, Integer> skills) {
            Integer has = skills.get(skill);
            return op.test(has == null ? 0 : has, level);
        }

        @Override
        public String toString() {
            return skill + " " + op.symbol + " " + level;
        }
    }

    record And(Requirement left, Requirement right) implements Requirement {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public boolean isMetBy(Map<String, Integer> skills) {
            return left.isMetBy(skills) && right.isMetBy(skills);
        }

        @Override
        public String toString() {
            // && is left-associative and binds tighter than ||
            return wrapIf(left, left instanceof Or) + " && " + wrapIf(right, right instanceof Or || right instanceof And);
        }
    }

    record Or(Requirement left, Requirement right) implements Requirement {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public boolean isMetBy(Map<String, Integer> skills) {
            return left.isMetBy(skills) || right.isMetBy(skills);
        }

        @Override
        public String toString() {
            return left + " || " + wrapIf(right, right instanceof Or);
        }
    }

    record Not(Requirement operand) implements Requirement {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public boolean isMetBy(Map<String, Integer> skills) {
            return !operand.isMetBy(skills);
        }

        @Override
        public String toString() {
            return "!" + wrapIf(operand, operand instanceof And || operand instanceof Or || operand instanceof Compare);
        }
    }

    private static String wrapIf(Requirement r, boolean wrap) {
        return wrap ? "(" + r + ")" : r.toString();
    }
}
