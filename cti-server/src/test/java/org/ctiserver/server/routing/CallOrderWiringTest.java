package org.ctiserver.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.Engine;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.time.VirtualClock;
import org.ctiserver.server.config.ConfigLoader;
import org.ctiserver.server.config.ResolvedConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code routing.callOrder} reaches the engine: the same two calls are served in a different order. A call waiting
 * 30 s (past the 20 s threshold, not overdue) and one waiting 0 s: {@code wait} serves the older one first,
 * {@code service-level} the one that can still make the threshold.
 */
class CallOrderWiringTest {
    static final String HASH = RoutingEndpointTest.HASH;

    private static String yaml(String routing) {
        return """
                site: {name: Test, timeZone: Asia/Shanghai}
                http: {host: 127.0.0.1, port: 0}
                ami: {host: 127.0.0.1, port: 1, username: cti, secret: s3cret}
                notReadyReasons: {break: 休息}
                dispositions: {inquiry: 咨询}
                %s
                queues:
                  - {id: sales, requirement: 'sales:2', serviceLevelSeconds: 20}
                agents:
                  - {id: '1001', passwordHash: '%s', skills: {sales: 5}, queues: [sales]}
                """.formatted(routing, HASH);
    }

    private static String firstOffered(String routing) {
        ResolvedConfig config = ConfigLoader.parse(yaml(routing), "t.yaml");
        VirtualClock clock = new VirtualClock(1_700_000_000_000L);
        List<CtiEvent> events = new ArrayList<>();
        Engine engine = new Engine(config.engine(), config.routing(), config.queueRules(), cmd -> { },
                new InMemoryStateStore(), events::add);
        engine.onPbxEvent(new PbxEvent.CallWaiting("old", "Local/old", "sales", "555", "", "4000", "", Map.of()),
                clock.nowNs(), clock.epochMillis());
        clock.advance(30, TimeUnit.SECONDS);
        engine.onTick(clock.nowNs(), clock.epochMillis());
        engine.onPbxEvent(new PbxEvent.CallWaiting("new", "Local/new", "sales", "556", "", "4000", "", Map.of()),
                clock.nowNs(), clock.epochMillis());
        engine.onCommand(new AgentCommand.Login("1001", "1001"), clock.nowNs(), clock.epochMillis());
        engine.onCommand(new AgentCommand.Ready("1001"), clock.nowNs(), clock.epochMillis());
        return events.stream().filter(CtiEvent.CallOffered.class::isInstance).map(CtiEvent.CallOffered.class::cast)
                .findFirst().orElseThrow().callId();
    }

    @Test
    void callOrderWait_servesTheLongestWaitFirst() {
        assertThat(firstOffered("routing: {callOrder: wait}")).isEqualTo("old");
    }

    @Test
    void callOrderServiceLevel_servesTheCallWithinTheThresholdFirst() {
        assertThat(firstOffered("routing: {callOrder: service-level}")).isEqualTo("new");
    }
}
