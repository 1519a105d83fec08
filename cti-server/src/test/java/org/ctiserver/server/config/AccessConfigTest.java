package org.ctiserver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ctiserver.server.config.ConfigLoaderTest.HASH;
import static org.ctiserver.server.config.ConfigLoaderTest.QUEUE;
import static org.ctiserver.server.config.ConfigLoaderTest.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ctiserver.protocol.access.Role;
import org.ctiserver.protocol.access.User;
import org.junit.jupiter.api.Test;

/** Users, roles, groups, clearances and secrecy levels in the configuration file. */
class AccessConfigTest {
    private static final String AGENTS = ""
            + "  - {id: '1001', name: 张伟, passwordHash: '" + HASH + "', skills: {sales: 5, lang.zh: 4}, queues: [sales], groups: [team-a], clearance: 秘密}\n"
            + "  - {id: '1002', name: 李娜, passwordHash: '" + HASH + "', skills: {sales: 5, lang.zh: 4}, queues: [sales], groups: [team-b]}\n"
            + "  - {id: '1003', name: 王班长, passwordHash: '" + HASH + "', skills: {sales: 5, lang.zh: 4}, queues: [sales], role: supervisor, groups: [team-b], clearance: 绝密}\n";

    private static String withUsers(String agents, String rest) {
        return config(QUEUE, agents) + rest;
    }

    @Test
    void parse_usersRolesGroupsAndClearance_resolveForTheEndpoint() {
        ResolvedConfig c = ConfigLoader.parse(withUsers(AGENTS, """
                users:
                  - {id: '2001', name: 赵班长, role: supervisor, passwordHash: '%s', groups: [team-a, team-b], clearance: 机密}
                  - {id: qa1, name: 钱质检, role: qa, passwordHash: '%s', groups: [team-a]}
                  - {id: admin, role: admin, passwordHash: '%s', clearance: top-secret}
                security:
                  callDataLevels: {idNumber: 机密, account: confidential}
                """.formatted(HASH, HASH, HASH)), "t.yaml");

        Map<String, User> users = c.access().users();
        assertThat(users.get("1001")).isEqualTo(new User("1001", "张伟", Role.AGENT, Set.of("team-a"), "秘密"));
        assertThat(users.get("1002").clearance()).as("lowest by default").isEqualTo("公开");
        assertThat(users.get("1003").role()).isEqualTo(Role.SUPERVISOR);
        assertThat(users.get("2001")).isEqualTo(new User("2001", "赵班长", Role.SUPERVISOR, Set.of("team-a", "team-b"), "机密"));
        assertThat(users.get("qa1").role()).isEqualTo(Role.QA);
        assertThat(users.get("admin").clearance()).isEqualTo("绝密");
        assertThat(c.access().callDataLevels()).isEqualTo(Map.of("idNumber", "机密", "account", "秘密"));
        assertThat(c.passwordHashes()).containsKeys("1001", "1002", "1003", "2001", "qa1", "admin");
        assertThat(c.access().levels().names()).containsExactly("公开", "秘密", "机密", "绝密");
    }

    @Test
    void parse_withoutAnyAccessKeys_keepsEveryoneAnAgentClearedForAll() {
        ResolvedConfig c = ConfigLoader.parse(config(QUEUE, ConfigLoaderTest.AGENT), "t.yaml");
        assertThat(c.access().users()).isEmpty();
    }

    @Test
    void parse_ownLevels_areUsedForClearancesAndData() {
        ResolvedConfig c = ConfigLoader.parse(withUsers(
                "  - {id: '1001', passwordHash: '" + HASH + "', skills: {sales: 5, lang.zh: 4}, queues: [sales], groups: [g], clearance: internal}\n", """
                security:
                  levels: [open, internal, restricted]
                  callDataLevels: {ssn: restricted}
                """), "t.yaml");
        assertThat(c.access().levels().names()).containsExactly("open", "internal", "restricted");
        assertThat(c.access().users().get("1001").clearance()).isEqualTo("internal");
    }

    @Test
    void parse_badAccessEntries_nameEveryKey() {
        String agents = "  - {id: '1001', passwordHash: '" + HASH + "', skills: {sales: 5, lang.zh: 4}, queues: [sales], role: boss, groups: ['a b'], clearance: 内部}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(withUsers(agents, """
                users:
                  - {id: '1001', role: supervisor, passwordHash: '%s', groups: [x]}
                  - {id: '2001', role: agent, passwordHash: '%s'}
                  - {id: '2002', role: supervisor, passwordHash: 'plain'}
                  - {id: '2003', role: qa, passwordHash: '%s', groups: [nobody]}
                security:
                  levels: [公开, 秘密, 公开]
                  callDataLevels: {idNumber: 超密}
                """.formatted(HASH, HASH, HASH)), "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agents[0].role: 'boss' is not a role")
                .hasMessageContaining("agents[0].groups[0]: 'a b' is not a group name")
                .hasMessageContaining("agents[0].clearance: unknown secrecy level '内部'")
                .hasMessageContaining("users[0].id: '1001' is already an agent or another user")
                .hasMessageContaining("users[1].role: users take no calls")
                .hasMessageContaining("users[2].passwordHash: not a pbkdf2-sha256")
                .hasMessageContaining("users[2].groups: a supervisor needs the groups they supervise")
                .hasMessageContaining("users[3].groups: no agent is in group 'nobody'")
                .hasMessageContaining("security.levels[2]: '公开' is listed twice")
                .hasMessageContaining("security.callDataLevels.idNumber: unknown secrecy level '超密'");
    }

    @Test
    void parse_userWithoutRole_saysWhichRolesThereAre() {
        assertThatThrownBy(() -> ConfigLoader.parse(withUsers(AGENTS, """
                users:
                  - {id: '2001', passwordHash: '%s', groups: [team-a]}
                """.formatted(HASH)), "t.yaml"))
                .hasMessageContaining("users[0].role: missing (supervisor, qa or admin)");
    }
}
