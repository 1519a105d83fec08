package org.ctiserver.protocol.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.protocol.access.AccessPolicy.Denial;
import org.ctiserver.protocol.access.AccessPolicy.Masked;
import org.ctiserver.protocol.message.Request;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AccessPolicyTest {
    private static final Map<String, User> USERS = Map.of(
            "1001", new User("1001", "张三", Role.AGENT, Set.of("a"), "秘密"),
            "1002", new User("1002", "李四", Role.AGENT, Set.of("b"), "公开"),
            "s1", new User("s1", "班长", Role.SUPERVISOR, Set.of("a"), "机密"),
            "q1", new User("q1", "质检", Role.QA, Set.of("a", "b"), "公开"),
            "root", new User("root", "管理员", Role.ADMIN, Set.of(), "绝密"));
    private final AccessPolicy policy = new AccessPolicy(USERS, SecurityLevels.defaults(),
            Map.of("idNumber", "机密", "account", "秘密"), CustomerRecords.NONE);

    @Test
    void check_rolesAndGroups() {
        Request list = new Request.ListAgents("1");
        Request logout1001 = new Request.ForceLogout("2", "1001");
        Request logout1002 = new Request.ForceLogout("3", "1002");
        assertThat(policy.check(USERS.get("1001"), list, null)).isEqualTo(Denial.FORBIDDEN);
        assertThat(policy.check(USERS.get("1001"), new Request.Hold("4"), null)).as("own call requests pass").isNull();
        assertThat(policy.check(USERS.get("s1"), logout1001, "1001")).isNull();
        assertThat(policy.check(USERS.get("s1"), logout1002, "1002")).isEqualTo(Denial.NOT_IN_GROUP);
        assertThat(policy.check(USERS.get("s1"), new Request.ForceLogout("5", "nobody"), "nobody"))
                .isEqualTo(Denial.NOT_IN_GROUP);
        assertThat(policy.check(USERS.get("q1"), new Request.Spy("6", "1002", SpyMode.LISTEN), "1002")).isNull();
        assertThat(policy.check(USERS.get("q1"), new Request.Spy("7", "1002", SpyMode.BARGE), "1002"))
                .isEqualTo(Denial.FORBIDDEN);
        assertThat(policy.check(USERS.get("q1"), logout1001, "1001")).isEqualTo(Denial.FORBIDDEN);
        assertThat(policy.check(USERS.get("root"), logout1002, "1002")).isNull();
    }

    @Test
    void watchersOf_areTheSupervisorsAndQaOfTheGroupsAndAdmins() {
        assertThat(policy.watchersOf("1001")).containsExactly("q1", "root", "s1");
        assertThat(policy.watchersOf("1002")).containsExactly("q1", "root");
        assertThat(policy.watchersOf("unconfigured")).containsExactly("root");
    }

    @Test
    void user_unconfiguredIdIsAnAgent_clearedForTheLowestWhenUsersExist_forAllWhenNone() {
        assertThat(policy.user("9999")).isEqualTo(new User("9999", "9999", Role.AGENT, Set.of(), "公开"));
        assertThat(AccessPolicy.open().user("9999").clearance()).isEqualTo("绝密");
    }

    @Test
    void maskData_withholdsAboveTheClearance_namingTheLevel() {
        Map<String, String> data = Map.of("ivr.menu", "2", "account", "6222", "idNumber", "3301");
        assertThat(policy.maskData(data, "秘密")).isEqualTo(new Masked(Map.of("ivr.menu", "2", "account", "6222"),
                Map.of("idNumber", "机密")));
        assertThat(policy.maskData(data, "confidential")).as("an English alias").isEqualTo(policy.maskData(data, "秘密"));
        assertThat(policy.maskData(data, "绝密").withheld()).isEmpty();
    }

    @Test
    void constructor_refusesUnknownLevels() {
        assertThatThrownBy(() -> new AccessPolicy(Map.of("x", new User("x", "x", Role.AGENT, Set.of(), "内部")),
                SecurityLevels.defaults(), Map.of(), CustomerRecords.NONE)).hasMessageContaining("内部");
        assertThatThrownBy(() -> new AccessPolicy(Map.of(), SecurityLevels.defaults(), Map.of("k", "x"),
                CustomerRecords.NONE)).hasMessageContaining("call data 'k'");
        assertThatThrownBy(() -> SecurityLevels.of(List.of("a", "a"))).hasMessageContaining("twice");
    }

    /** Whatever the levels and clearance: nothing above the clearance is shown, and every field is accounted for. */
    @Property
    void maskRecord_neverShowsAFieldAboveTheClearance(@ForAll("fields") List<CustomerRecord.Field> fields,
                                                      @ForAll("levels") String clearance) {
        SecurityLevels levels = SecurityLevels.defaults();
        Set<String> names = new HashSet<>();
        List<CustomerRecord.Field> unique = fields.stream().filter(f -> names.add(f.name())).toList();
        Masked m = policy.maskRecord(new CustomerRecord("c", "n", "vip", unique), clearance);
        for (CustomerRecord.Field f : unique) {
            boolean cleared = levels.names().indexOf(levels.canonical(clearance).orElseThrow())
                    >= levels.names().indexOf(levels.canonical(f.level()).orElse(levels.highest()));
            if (cleared) {
                assertThat(m.shown()).containsEntry(f.name(), f.value());
                assertThat(m.withheld()).doesNotContainKey(f.name());
            } else {
                assertThat(m.shown()).doesNotContainKey(f.name());
                assertThat(m.withheld()).containsKey(f.name());
            }
        }
        assertThat(m.shown().size() + m.withheld().size()).isEqualTo(unique.size());
    }

    @Provide
    Arbitrary<String> levels() {
        return Arbitraries.of("公开", "秘密", "机密", "绝密", "public", "secret");
    }

    @Provide
    Arbitrary<List<CustomerRecord.Field>> fields() {
        Arbitrary<String> level = Arbitraries.of("公开", "秘密", "机密", "绝密", "top-secret", "unheard-of");
        return net.jqwik.api.Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().ofMaxLength(10), level).as(CustomerRecord.Field::new).list().ofMaxSize(8);
    }
}
