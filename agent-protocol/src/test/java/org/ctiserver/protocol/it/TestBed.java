package org.ctiserver.protocol.it;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.engine.EngineRunner;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxPort;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.time.SystemClock;
import org.ctiserver.protocol.AgentEndpoint;
import org.ctiserver.protocol.ProtocolOptions;
import org.ctiserver.protocol.auth.InMemoryAgentCredentials;
import org.ctiserver.protocol.auth.PasswordHasher;
import org.ctiserver.protocol.client.AgentClient;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The real engine on the system clock, a scripted PBX, and the endpoint on a Vert.x server on a free port.
 * Calls are driven the way the adapter would: PBX events offered to the runner, PBX commands answered.
 */
final class TestBed implements AutoCloseable {
    static final String QUEUE = "sales";
    static final String QUEUE_NAME = "售前咨询";
    static final String TIMED_QUEUE = "service";
    static final String TIMED_QUEUE_NAME = "售后服务";
    static final Map<String, String> PASSWORDS = Map.of("1001", "pw-1001", "1002", "pw-1002");
    private static final int FAST_ITERATIONS = 1_000;
    private static final int NORMAL_CLEARING = 16;

    final Vertx vertx = Vertx.vertx();
    final EngineRunner engine;
    final AgentEndpoint endpoint;
    final HttpServer server;
    /** Everything the engine emitted, in order. */
    final List<CtiEvent> engineEvents = new CopyOnWriteArrayList<>();
    final List<PbxCommand> pbxCommands = new CopyOnWriteArrayList<>();
    private final Map<String, String> ringingExtension = new ConcurrentHashMap<>();
    private final List<AgentClient> clients = new ArrayList<>();
    private volatile boolean autoAnswer;

    TestBed() {
        this(ProtocolOptions.defaults());
    }

    TestBed(ProtocolOptions options) {
        EngineConfig config = new EngineConfig(
                List.of(queue(QUEUE, QUEUE_NAME, Duration.ZERO), queue(TIMED_QUEUE, TIMED_QUEUE_NAME, Duration.ofSeconds(30))),
                List.of(new AgentProfile("1001", "张三", Map.of(), Set.of(QUEUE, TIMED_QUEUE)),
                        new AgentProfile("1002", "李四", Map.of(), Set.of(QUEUE, TIMED_QUEUE))),
                Map.of("break", "休息", "meal", "就餐", "training", "培训", "meeting", "会议", "short-break", "小休"),
                Map.of("inquiry", "咨询", "complaint", "投诉", "suggestion", "建议", "repair", "报修"),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        PbxPort pbx = this::onPbxCommand;
        engine = new EngineRunner(config, pbx, new InMemoryStateStore(), SystemClock.INSTANCE);
        engine.addListener(engineEvents::add);
        engine.start();
        InMemoryAgentCredentials credentials = InMemoryAgentCredentials.ofPlainPasswords(PASSWORDS,
                new PasswordHasher(FAST_ITERATIONS));
        endpoint = new AgentEndpoint(vertx, engine, credentials, options);
        Router router = Router.router(vertx);
        endpoint.mount(router);
        server = vertx.createHttpServer(options.applyTo(new HttpServerOptions().setHost("127.0.0.1")))
                .requestHandler(router);
        join(server.listen(0).toCompletionStage().toCompletableFuture());
    }

    private static QueueConfig queue(String id, String name, Duration wrapUp) {
        return new QueueConfig(id, name, SkillRequirement.NONE, 0, Duration.ofSeconds(20), Duration.ofSeconds(5), wrapUp);
    }

    int port() {
        return server.actualPort();
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port() + ProtocolOptions.WEBSOCKET_PATH);
    }

    String pageUrl(String query) {
        return "http://127.0.0.1:" + port() + ProtocolOptions.PAGE_PATH + (query == null ? "" : "?" + query);
    }

    /** A connected client, closed with the test bed. */
    AgentClient client() {
        return client(wsUri());
    }

    /** A client connected to {@code uri} (e.g. through a proxy), closed with the test bed. */
    AgentClient client(URI uri) {
        AgentClient c = new AgentClient(vertx);
        clients.add(c);
        join(c.connect(uri));
        return c;
    }

    AgentClient unconnectedClient(AgentClient c) {
        clients.add(c);
        return c;
    }

    void autoAnswer(boolean on) {
        autoAnswer = on;
    }

    // ---- the PBX side ----

    /** Engine thread: answer commands as Asterisk would, by offering the resulting events. */
    private void onPbxCommand(PbxCommand command) {
        pbxCommands.add(command);
        if (command instanceof PbxCommand.RouteToAgent r) {
            ringingExtension.put(r.callId(), r.agentExtension());
            engine.offer(new PbxEvent.AgentRinging(r.callId(), agentChannel(r.agentExtension()), r.agentExtension()));
            if (autoAnswer) {
                engine.offer(new PbxEvent.AgentAnswered(r.callId(), agentChannel(r.agentExtension()), r.agentExtension()));
            }
        } else if (command instanceof PbxCommand.HangupCall h) {
            engine.offer(new PbxEvent.ChannelHungUp(h.callId(), h.callId(), h.channel(), NORMAL_CLEARING, "Normal Clearing"));
        }
    }

    private static String agentChannel(String extension) {
        return "PJSIP/" + extension + "-00000001";
    }

    void callArrives(String callId, String callerNumber, String callerName, String dialedNumber, String queue,
                     Map<String, String> data) {
        engine.offer(new PbxEvent.CallWaiting(callId, "PJSIP/trunk-" + callId, queue, callerNumber, callerName,
                dialedNumber, "", data));
    }

    /** The agent picks up the phone that rings for this call. */
    void agentAnswers(String callId) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> ringingExtension.containsKey(callId));
        String ext = ringingExtension.get(callId);
        engine.offer(new PbxEvent.AgentAnswered(callId, agentChannel(ext), ext));
    }

    void callerHangsUp(String callId) {
        engine.offer(new PbxEvent.ChannelHungUp(callId, callId, "PJSIP/trunk-" + callId, NORMAL_CLEARING, "Normal Clearing"));
    }

    /** The agent's state as the engine last emitted it (LOGGED_OUT when it never did). */
    AgentState engineState(String agentId) {
        AgentState state = AgentState.LOGGED_OUT;
        for (CtiEvent e : engineEvents) {
            if (e instanceof CtiEvent.AgentStateChanged c && c.agentId().equals(agentId)) {
                state = c.to();
            }
        }
        return state;
    }

    AgentSnapshot statsOf(String agentId) {
        return engine.stats().agents().stream().filter(a -> a.agentId().equals(agentId)).findFirst().orElseThrow();
    }

    static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    @Override
    public void close() {
        clients.forEach(AgentClient::close);
        endpoint.close();
        join(server.close().toCompletionStage());
        join(vertx.close().toCompletionStage());
        engine.close();
    }
}
