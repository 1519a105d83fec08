package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.protocol.it.TestBed.join;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.core.stats.StatsSnapshot;
import org.ctiserver.protocol.AgentEndpoint;
import org.ctiserver.protocol.ProtocolOptions;
import org.ctiserver.protocol.access.AccessPolicy;
import org.ctiserver.protocol.access.CustomerRecord;
import org.ctiserver.protocol.access.Role;
import org.ctiserver.protocol.access.SecurityLevels;
import org.ctiserver.protocol.access.User;
import org.ctiserver.protocol.auth.InMemoryAgentCredentials;
import org.ctiserver.protocol.auth.PasswordHasher;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.Reply;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The real endpoint on a Vert.x server with users in roles and groups, in front of the scripted engine seam.
 * Agents 1001, 1002 (group team-a) and 1003 (team-b, also its supervisor) take calls; 2001 supervises team-a and
 * 2003 team-b from consoles, 2002 is team-a's QA monitor, 9001 an admin. Clearances: 1001 秘密, 1002 绝密, 1003 公开, 2001 机密.
 */
final class ControlBed implements AutoCloseable {
    static final String CALLER = "13800138000";
    static final Map<String, String> PASSWORDS = Map.of("1001", "pw-1001", "1002", "pw-1002", "1003", "pw-1003",
            "2001", "pw-2001", "2002", "pw-2002", "2003", "pw-2003", "9001", "pw-9001");

    final Vertx vertx = Vertx.vertx();
    final ScriptedCti cti;
    final AgentEndpoint endpoint;
    final HttpServer server;
    private final List<AgentClient> clients = new ArrayList<>();

    ControlBed() {
        EngineConfig config = new EngineConfig(
                List.of(queue("sales", "售前咨询"), queue("service", "售后服务")),
                List.of(new AgentProfile("1001", "张三", Map.of("billing", 3), Set.of("sales")),
                        new AgentProfile("1002", "李四", Map.of("general", 4), Set.of("sales")),
                        new AgentProfile("1003", "王五", Map.of(), Set.of("service"))),
                Map.of("break", "休息", "meeting", "会议"), Map.of("inquiry", "咨询"),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        cti = new ScriptedCti(config);
        long now = System.currentTimeMillis();
        cti.stats(new StatsSnapshot(now, 0,
                List.of(new QueueSnapshot("sales", "售前咨询", 3, 42_000, 120, 110, 6, 2, 90, 20, 87.5, 9_000, 185_000,
                                2, 0, 5, 1, 1, 9),
                        new QueueSnapshot("service", "售后服务", 0, 0, 10, 10, 0, 0, 10, 20, 100.0, 3_000, 120_000,
                                1, 0, 0, 0, 0, 1)),
                List.of(new AgentSnapshot("1001", "张三", AgentState.NOT_READY, "break", now - 60_000, "8001", null,
                                Map.of("billing", 3), Set.of("sales"), 4),
                        new AgentSnapshot("1002", "李四", AgentState.LOGGED_OUT, "", 0, null, null,
                                Map.of("general", 4), Set.of("sales"), 0),
                        new AgentSnapshot("1003", "王五", AgentState.READY, "", now - 5_000, "8003", null,
                                Map.of(), Set.of("service"), 7))));
        Map<String, User> users = Map.of(
                "1001", new User("1001", "张三", Role.AGENT, Set.of("team-a"), "秘密"),
                "1002", new User("1002", "李四", Role.AGENT, Set.of("team-a"), "绝密"),
                "1003", new User("1003", "王五", Role.SUPERVISOR, Set.of("team-b"), "公开"),
                "2001", new User("2001", "赵班长", Role.SUPERVISOR, Set.of("team-a"), "机密"),
                "2002", new User("2002", "钱质检", Role.QA, Set.of("team-a"), "公开"),
                "2003", new User("2003", "孙班长", Role.SUPERVISOR, Set.of("team-b"), "机密"),
                "9001", new User("9001", "管理员", Role.ADMIN, Set.of(), "绝密"));
        CustomerRecord record = new CustomerRecord("C-88001", "王女士", "vip", List.of(
                new CustomerRecord.Field("city", "杭州", "公开"),
                new CustomerRecord.Field("balance", "12000.00", "秘密"),
                new CustomerRecord.Field("idNumber", "330102199001011234", "机密")));
        AccessPolicy access = new AccessPolicy(users, SecurityLevels.defaults(),
                Map.of("idNumber", "机密", "account", "秘密"),
                key -> CALLER.equals(key) || "C-88001".equals(key) ? Optional.of(record) : Optional.empty());
        InMemoryAgentCredentials credentials = InMemoryAgentCredentials.ofPlainPasswords(PASSWORDS,
                new PasswordHasher(1_000));
        ProtocolOptions options = ProtocolOptions.defaults();
        endpoint = new AgentEndpoint(vertx, cti, credentials, options, access);
        Router router = Router.router(vertx);
        endpoint.mount(router);
        server = vertx.createHttpServer(options.applyTo(new HttpServerOptions().setHost("127.0.0.1")))
                .requestHandler(router);
        join(server.listen(0).toCompletionStage().toCompletableFuture());
    }

    private static QueueConfig queue(String id, String name) {
        return new QueueConfig(id, name, SkillRequirement.NONE, 0, Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ZERO);
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + server.actualPort() + ProtocolOptions.WEBSOCKET_PATH);
    }

    String pageUrl(String query) {
        return "http://127.0.0.1:" + server.actualPort() + ProtocolOptions.PAGE_PATH + (query == null ? "" : "?" + query);
    }

    AgentClient client() {
        AgentClient c = new AgentClient(vertx);
        clients.add(c);
        join(c.connect(wsUri()));
        return c;
    }

    /** A client logged in as {@code userId} on extension 8 + the id, its recorder started before the login. */
    Logged login(String userId, String lang) {
        AgentClient c = client();
        Recorder rec = new Recorder(c);
        Reply reply = join(c.login(userId, PASSWORDS.get(userId), "8" + userId, lang));
        assertThat(reply.ok()).as("login of " + userId + ": " + reply.error()).isTrue();
        rec.await(org.ctiserver.protocol.message.ServerEvent.AgentStateEvent.class);
        return new Logged(c, rec);
    }

    record Logged(AgentClient client, Recorder rec) {
    }

    @Override
    public void close() {
        clients.forEach(AgentClient::close);
        endpoint.close();
        join(server.close().toCompletionStage());
        join(vertx.close().toCompletionStage());
    }
}
