package org.ctiserver.core.routing.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.ctiserver.core.routing.SkillRequirement;
import org.junit.jupiter.api.Test;

class RequirementTest {

    @Test
    void theIssueExample_parsesAndEvaluates() {
        Requirement r = Requirement.parse("lang.zh >= 3 && (billing >= 2 || general >= 5)");
        assertThat(r.isMetBy(Map.of("lang.zh", 3, "billing", 2))).isTrue();
        assertThat(r.isMetBy(Map.of("lang.zh", 4, "general", 5))).isTrue();
        assertThat(r.isMetBy(Map.of("lang.zh", 4, "general", 4, "billing", 1))).isFalse();
        assertThat(r.isMetBy(Map.of("lang.zh", 2, "billing", 9))).isFalse();
        assertThat(r.toString()).isEqualTo("lang.zh >= 3 && (billing >= 2 || general >= 5)");
    }

    @Test
    void bareSkill_meansLevelOne_andMissingSkillsAreLevelZero() {
        assertThat(Requirement.parse("billing")).isEqualTo(new Requirement.Compare("billing", Requirement.Op.GE, 1));
        assertThat(Requirement.parse("!billing").isMetBy(Map.of())).isTrue();
        assertThat(Requirement.parse("billing < 3").isMetBy(Map.of())).isTrue();
        assertThat(Requirement.parse("billing == 3").isMetBy(Map.of("billing", 3))).isTrue();
        assertThat(Requirement.parse("billing > 3").isMetBy(Map.of("billing", 3))).isFalse();
        assertThat(Requirement.parse("billing <= 3").isMetBy(Map.of("billing", 3))).isTrue();
    }

    @Test
    void trueAndAny_areTheSameAndMetByAll() {
        assertThat(Requirement.parse("true")).isEqualTo(Requirement.ANY);
        assertThat(Requirement.parse(" any ")).isEqualTo(Requirement.ANY);
        assertThat(Requirement.ANY.isMetBy(Map.of())).isTrue();
        assertThat(Requirement.parse("!true").isMetBy(Map.of())).isFalse();
    }

    @Test
    void andBindsTighterThanOr() {
        Requirement r = Requirement.parse("a || b && c");
        assertThat(r).isInstanceOf(Requirement.Or.class);
        assertThat(r.isMetBy(Map.of("a", 1))).isTrue();
        assertThat(r.isMetBy(Map.of("b", 1))).isFalse();
    }

    @Test
    void aMissingLevel_isReportedWithItsPositionAndWhatWasExpected() {
        assertThatThrownBy(() -> Requirement.parse("lang.zh >= 3 && billing >= x"))
                .isInstanceOfSatisfying(RequirementSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(27);
                    assertThat(e.expected()).isEqualTo("a level (1-10) after '>='");
                    assertThat(e.getMessage()).startsWith("at 27: expected a level (1-10) after '>='");
                });
        assertThatThrownBy(() -> Requirement.parse("billing >= 11"))
                .hasMessageStartingWith("at 11: expected a level (1-10) after '>='");
        assertThatThrownBy(() -> Requirement.parse("(billing")).hasMessageStartingWith("at 8: expected ')'");
        assertThatThrownBy(() -> Requirement.parse("")).isInstanceOf(RequirementSyntaxException.class);
        assertThatThrownBy(() -> Requirement.parse("a b")).hasMessageStartingWith("at 2: expected '&&', '||' or the end");
        assertThatThrownBy(() -> Requirement.parse("a && ")).hasMessageContaining("expected a skill name");
    }

    @Test
    void aSkillRequirement_convertsToAnEquivalentExpression() {
        SkillRequirement old = SkillRequirement.parse("lang.zh:2,billing:3");
        Requirement r = Requirement.of(old);
        assertThat(r.toString()).isEqualTo("billing >= 3 && lang.zh >= 2");
        for (Map<String, Integer> skills : java.util.List.of(Map.<String, Integer>of(), Map.of("billing", 3),
                Map.of("billing", 3, "lang.zh", 2), Map.of("billing", 2, "lang.zh", 9))) {
            assertThat(r.isMetBy(skills)).isEqualTo(old.isMetBy(skills));
        }
        assertThat(Requirement.of(SkillRequirement.NONE)).isEqualTo(Requirement.ANY);
    }

    @Test
    void wantedSkills_areThosAskedForPositively() {
        assertThat(Requirement.parse("lang.zh >= 3 && !(vip) && (billing || tech < 2)").wantedSkills())
                .containsExactly("lang.zh", "billing");
    }
}
