package org.ctiserver.core.routing.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.ctiserver.core.routing.expr.Requirement.Op;

class RequirementPropertyTest {
    private static final String[] SKILLS = {"billing", "lang.zh", "lang.en", "tech-2", "vip_care"};

    @Provide
    Arbitrary<Requirement> trees() {
        Arbitrary<Requirement> leaf = Arbitraries.oneOf(Arbitraries.just(Requirement.ANY),
                Combinators.combine(Arbitraries.of(SKILLS), Arbitraries.of(Op.values()),
                        Arbitraries.integers().between(1, 10)).as(Requirement.Compare::new));
        return Arbitraries.recursive(() -> leaf, t -> Arbitraries.oneOf(
                Combinators.combine(t, t).as(Requirement.And::new),
                Combinators.combine(t, t).as(Requirement.Or::new),
                t.map(Requirement.Not::new), leaf), 0, 6);
    }

    @Provide
    Arbitrary<Map<String, Integer>> skillSets() {
        return Arbitraries.maps(Arbitraries.of(SKILLS), Arbitraries.integers().between(1, 10)).ofMaxSize(SKILLS.length);
    }

    @Property(tries = 500)
    void printThenParse_givesTheSameTree(@ForAll("trees") Requirement tree) {
        assertThat(Requirement.parse(tree.toString())).isEqualTo(tree);
    }

    @Property(tries = 1000)
    void randomText_failsOnlyWithASyntaxError(@ForAll("noise") String text) {
        try {
            Requirement r = Requirement.parse(text);
            assertThat(Requirement.parse(r.toString())).isEqualTo(r);
        } catch (RequirementSyntaxException e) {
            assertThat(e.position()).isBetween(0, text.length());
        }
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> tokens = Arbitraries.of("billing", "lang.zh", "x", ">=", ">", "<=", "<", "==", "=", "!",
                "&&", "||", "&", "|", "(", ")", "1", "3", "10", "11", "0", "99999999999999", " ", "true", "any", "-",
                "中文", "\t", ".", "é");
        return Arbitraries.oneOf(tokens.list().ofMaxSize(12).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(30));
    }

    /** A naive model: the expression as fully parenthesised text and as a plain Java predicate. */
    record Model(String text, Predicate<Map<String, Integer>> eval) {
    }

    @Provide
    Arbitrary<Model> models() {
        Arbitrary<Model> leaf = Arbitraries.oneOf(
                Arbitraries.of("true", "any").map(t -> new Model(t, m -> true)),
                Arbitraries.of(SKILLS).map(s -> new Model(s, m -> m.getOrDefault(s, 0) >= 1)),
                Combinators.combine(Arbitraries.of(SKILLS), Arbitraries.of(">=", ">", "<=", "<", "=="),
                        Arbitraries.integers().between(1, 10)).as((s, op, l) -> new Model(s + " " + op + " " + l,
                        m -> compare(m.getOrDefault(s, 0), op, l))));
        return Arbitraries.recursive(() -> leaf, t -> Arbitraries.oneOf(
                Combinators.combine(t, t).as((a, b) ->
                        new Model("(" + a.text() + ") && (" + b.text() + ")", m -> a.eval().test(m) && b.eval().test(m))),
                Combinators.combine(t, t).as((a, b) ->
                        new Model("(" + a.text() + ")||(" + b.text() + ")", m -> a.eval().test(m) || b.eval().test(m))),
                t.map(a -> new Model("!(" + a.text() + ")", m -> !a.eval().test(m))), leaf), 0, 6);
    }

    private static boolean compare(int has, String op, int level) {
        return switch (op) {
            case ">=" -> has >= level;
            case ">" -> has > level;
            case "<=" -> has <= level;
            case "<" -> has < level;
            default -> has == level;
        };
    }

    @Property(tries = 500)
    void evaluation_agreesWithANaiveEvaluator(@ForAll("models") Model model, @ForAll("skillSets") Map<String, Integer> skills) {
        Requirement parsed = Requirement.parse(model.text());
        assertThat(parsed.isMetBy(skills)).isEqualTo(model.eval().test(skills));
        assertThat(Requirement.parse(parsed.toString()).isMetBy(new HashMap<>(skills))).isEqualTo(model.eval().test(skills));
    }
}
