package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiFrame;
import org.ctiserver.pbxsim.ami.AmiMessage;
import org.ctiserver.pbxsim.ami.AmiProtocolError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stream faults of {@link SimulatorFaults}: what a client receives, and how the ledger counts them. */
@Tag("integration")
class FaultInjectionTest {
    private PbxSimulator sim;
    private AmiTestClient client;

    @BeforeEach
    void start() throws IOException {
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).writeTimeoutMillis(5000).build());
        client = AmiTestClient.login(sim.port());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private List<AmiFrame> framesSince(int frameMark) {
        List<AmiFrame> all = client.frames();
        return all.subList(Math.min(frameMark, all.size()), all.size());
    }

    @Test
    void garbageFramesArriveBetweenWholeFramesAndTheStreamGoesOn() throws IOException {
        try (Socket raw = new Socket("127.0.0.1", sim.port())) {
            OutputStream out = raw.getOutputStream();
            out.write("Action: Login\r\nUsername: cti\r\nSecret: cti-secret\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = raw.getInputStream();
            ByteSink sink = new ByteSink(in);
            sink.awaitText("SuccessfulAuth");
            assertThat(sim.sendGarbage(2)).isEqualTo(2);
            sim.injectCall("sales");
            sink.awaitText("CtiCallWaiting");
            String text = sink.text();
            int garbage = text.indexOf("garbage frame 0 without any header\r\n");
            assertThat(garbage).isPositive();
            // the garbage starts right after a frame's blank line: frames stay whole
            assertThat(text.substring(0, garbage)).endsWith("\r\n\r\n");
            assertThat(text.indexOf("garbage frame 1 without any header")).isGreaterThan(garbage);
            assertThat(sink.bytes()).contains((byte) 0xff, (byte) 0x00);
        }
        assertThat(sim.ledger().faultCount("garbage")).isEqualTo(2);
        assertThat(client.action("Ping").get("Ping")).isEqualTo("Pong");
    }

    @Test
    void oversizedLineAndFrameExceedTheReadersLimitsAndLaterEventsStillParse() {
        int frameMark = client.frames().size();
        sim.sendOversizedLine(100_000);
        sim.sendOversizedFrame(12_000);
        String id = sim.injectCall("sales");
        client.awaitEvent("UserEvent", "CallUid", id);
        List<AmiFrame> got = framesSince(frameMark);
        assertThat(got.stream().filter(f -> f instanceof AmiProtocolError).map(f -> ((AmiProtocolError) f).reason()))
                .anyMatch(r -> r.contains("line longer"))
                .anyMatch(r -> r.contains("header"));
        assertThat(sim.ledger().faultCount("oversizedLine")).isEqualTo(1);
        assertThat(sim.ledger().faultCount("oversizedFrame")).isEqualTo(1);
    }

    @Test
    void unknownEventsAreWellFormedEventsOfANewType() {
        int mark = client.mark();
        sim.sendUnknownEvents(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.eventsSince(mark).stream()
                .filter(m -> "SimulatorUnknownEvent".equals(m.eventName())).count() == 3);
        AmiMessage e = client.eventsSince(mark).get(0);
        assertThat(e.keys()).startsWith("Event", "Privilege", "Timestamp");
        assertThat(sim.ledger().faultCount("unknownEvent")).isEqualTo(3);
    }

    @Test
    void duplicatedEventsComeTwiceInARow() {
        int mark = client.mark();
        sim.duplicateNextEvents(4);
        String id = sim.injectCall("sales");
        client.awaitEvent("UserEvent", "CallUid", id);
        List<AmiMessage> ev = client.eventsSince(mark);
        for (int i = 0; i < 8; i += 2) {
            assertThat(ev.get(i)).isEqualTo(ev.get(i + 1));
        }
        assertThat(ev.get(8)).isNotEqualTo(ev.get(9));
        assertThat(sim.ledger().faultCount("duplicated")).isEqualTo(4);
        // only the stream is disturbed: the call itself happened once
        assertThat(sim.ledger().calls()).hasSize(1);
    }

    @Test
    void swappedEventsComeInTheWrongOrder() {
        int mark = client.mark();
        sim.swapNextEventPairs(1);
        String id = sim.injectCall("sales");
        client.awaitEvent("UserEvent", "CallUid", id);
        List<AmiMessage> ev = client.eventsSince(mark);
        assertThat(ev.get(0).eventName()).isEqualTo("Newchannel");
        assertThat(ev.get(0).get("Channel")).endsWith(";2");
        assertThat(ev.get(1).get("Channel")).endsWith(";1");
        assertThat(sim.ledger().faultCount("swapped")).isEqualTo(2);
    }

    @Test
    void aLoneHeldEventIsReleasedWhenNoSecondOneComes() {
        int mark = client.mark();
        sim.swapNextEventPairs(1);
        sim.sendUnknownEvents(1);
        client.awaitEvent("SimulatorUnknownEvent", "Sequence", "0");
        assertThat(client.eventsSince(mark)).hasSize(1);
        assertThat(sim.ledger().faultCount("swapped")).isZero();
    }

    @Test
    void everyFaultWhileTrafficFlowsLeavesTheSimulationIntact() throws IOException {
        sim.close();
        // a generous write timeout: the oversized frames take a while to drain on a loaded machine
        sim = PbxSimulator.start(SimulatorConfig.builder().timeScale(20).arrivalRatePerMinute(60).autoRoute(true)
                .writeTimeoutMillis(5000)
                .build());
        client.close();
        client = AmiTestClient.login(sim.port());
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.ledger().callCount() >= 2);
        sim.duplicateNextEvents(20);
        sim.swapNextEventPairs(10);
        sim.sendGarbage(3);
        sim.sendUnknownEvents(5);
        sim.sendOversizedLine(70_000);
        sim.sendOversizedFrame(11_000);
        long calls = sim.ledger().callCount();
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.ledger().callCount() >= calls + 3
                && sim.ledger().faultCount("duplicated") == 20 && sim.ledger().faultCount("swapped") == 20);
        assertThat(sim.ledger().faults()).containsEntry("garbage", 3L).containsEntry("unknownEvent", 5L)
                .containsEntry("oversizedLine", 1L).containsEntry("oversizedFrame", 1L);
        assertThat(client.action("Ping").get("Ping")).isEqualTo("Pong");
        assertThat(client.isClosedByServer()).isFalse();
    }

    /** Collects a raw socket's bytes on a thread. */
    private static final class ByteSink {
        private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

        ByteSink(InputStream in) {
            Thread t = new Thread(() -> {
                byte[] b = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(b)) > 0) {
                        synchronized (buf) {
                            buf.write(b, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "raw-reader");
            t.setDaemon(true);
            t.start();
        }

        byte[] bytes() {
            synchronized (buf) {
                return buf.toByteArray();
            }
        }

        String text() {
            return new String(bytes(), StandardCharsets.ISO_8859_1);
        }

        void awaitText(String s) {
            await().atMost(Duration.ofSeconds(10)).until(() -> text().contains(s));
        }
    }

    @SuppressWarnings("unused")
    private static List<String> names(List<AmiMessage> ev) {
        List<String> out = new ArrayList<>();
        ev.forEach(m -> out.add(m.eventName()));
        return out;
    }
}
