package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent.AgentAnswered;
import org.ctiserver.core.pbx.PbxEvent.CallWaiting;
import org.ctiserver.core.pbx.PbxEvent.MusicOnHold;
import org.ctiserver.pbxsim.PbxSimulator;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator's stream faults between real events: garbage frames, an over-long header line, a frame with too
 * many headers, event types no Asterisk sends. The session survives, calls and call control go on, and (on the
 * Netty transport, which reads the bytes itself) each kind of bad input is counted. Asterisk-Java here, Netty in
 * {@link NettyBadInputSimulatorIT}.
 */
@Tag("integration")
class BadInputSimulatorIT {

    AmiSettings.Transport transport() {
        return AmiSettings.Transport.ASTERISK_JAVA;
    }

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final RecordingSink sink = new RecordingSink();
    private PbxSimulator sim;
    private AsteriskAdapter adapter;

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void badInputIsSurvivedAndCounted_callsGoOn() {
        sim = PbxSimulator.start(SimulatorConfig.builder().port(0).timeScale(10).trafficPaused(true)
                .writeTimeoutMillis(5000)
                .callTypes(List.of(SimulatorConfig.CallType.of("sales", "sales").withPatience(0)))
                .phones(List.of(SimulatorConfig.Phone.lab("2001"))).build());
        adapter = new AsteriskAdapter(AmiSettings.of("127.0.0.1", sim.port(), "cti", "cti-secret")
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)).withTransport(transport()), sink);
        adapter.start();
        await().atMost(WAIT).until(adapter::isLinkUp);

        String first = sim.injectCall("sales");
        await().atMost(WAIT).until(() -> sink.events(CallWaiting.class).size() == 1);
        assertThat(sim.sendGarbage(3)).isEqualTo(1);
        assertThat(sim.sendOversizedLine(AmiFrameDecoder.DEFAULT_MAX_LINE_BYTES + 4_000)).isEqualTo(1);
        assertThat(sim.sendOversizedFrame(AmiFrameDecoder.DEFAULT_MAX_HEADERS + 500)).isEqualTo(1);
        assertThat(sim.sendUnknownEvents(5)).isEqualTo(1);
        assertThat(sim.sendRaw("Event: Hangup\r\nChannel: Local/1@nowhere-1;1\r\nCause: 16\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII))).isEqualTo(1); // a Hangup without Uniqueid

        String second = sim.injectCall("sales");
        await().atMost(WAIT).until(() -> sink.events(CallWaiting.class).size() == 2);
        CallWaiting waiting = sink.events(CallWaiting.class).get(1);
        assertThat(waiting.callId()).isEqualTo(second);
        adapter.execute(new PbxCommand.RouteToAgent(second, waiting.channel(), "2001"));
        AgentAnswered answered = await().atMost(WAIT).until(() -> sink.events(AgentAnswered.class).stream()
                .filter(a -> a.callId().equals(second)).findFirst(), java.util.Optional::isPresent).orElseThrow();
        adapter.execute(new PbxCommand.HoldCall(second, waiting.channel(), answered.agentChannel()));
        await().atMost(WAIT).until(() -> sink.events(MusicOnHold.class).stream()
                .filter(m -> m.uniqueId().equals(second) && m.started()).count() == 2);

        assertThat(adapter.linkUpCount()).isEqualTo(1); // never disconnected
        assertThat(sink.events(CallWaiting.class)).extracting(CallWaiting::callId).containsExactly(first, second);
        AmiInputStats stats = adapter.inputStats();
        assertThat(stats.count(AmiInputStats.Kind.MISSING_FIELD)).isEqualTo(1);
        assertThat(stats.count(AmiInputStats.Kind.TRANSLATION_FAILED)).isZero();
        if (transport() == AmiSettings.Transport.NETTY) {
            // each garbage frame: a line without a colon, then a binary line that makes a frame of no kind
            assertThat(stats.count(AmiInputStats.Kind.MALFORMED_LINE)).isEqualTo(3);
            assertThat(stats.count(AmiInputStats.Kind.UNKNOWN_EVENT)).isEqualTo(3);
            assertThat(stats.count(AmiInputStats.Kind.OVERSIZED_LINE)).isEqualTo(1);
            assertThat(stats.count(AmiInputStats.Kind.TOO_MANY_HEADERS)).isEqualTo(1);
        }
    }
}
