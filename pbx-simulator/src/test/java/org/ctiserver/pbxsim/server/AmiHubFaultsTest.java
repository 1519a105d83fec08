package org.ctiserver.pbxsim.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.pbxsim.ami.AmiEventMask;
import org.ctiserver.pbxsim.ami.AmiMessage;
import org.ctiserver.pbxsim.ami.AmiMessageEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The event-stream faults of {@link AmiHub} on an in-memory channel: exact bytes, no sockets, no timing. */
class AmiHubFaultsTest {
    private final SimulatorLedger ledger = new SimulatorLedger();
    private final List<Runnable> later = new ArrayList<>();
    private AmiHub hub;
    private EmbeddedChannel ch;

    @BeforeEach
    void start() {
        hub = new AmiHub(ledger, later::add);
        AmiSession session = new AmiSession(hub, null, 0);
        ch = new EmbeddedChannel(new AmiMessageEncoder(), session);
        session.authenticated = true;
        read(); // the banner
    }

    private static AmiMessage event(int n) {
        return AmiMessage.builder().add("Event", "Test").add("Privilege", "call,all").add("N", n).build();
    }

    private void emit(int... ns) {
        for (int n : ns) {
            hub.emit(event(n), AmiEventMask.CALL);
        }
        hub.flush();
    }

    private String read() {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    private static List<String> numbers(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            if (line.startsWith("N: ")) {
                out.add(line.substring(3));
            }
        }
        return out;
    }

    @Test
    void duplicateNextEvents_sendsEachOfTheNextEventsTwice() {
        hub.duplicateNextEvents(2);
        emit(1, 2, 3);
        assertThat(numbers(read())).containsExactly("1", "1", "2", "2", "3");
        assertThat(ledger.faultCount("duplicated")).isEqualTo(2);
    }

    @Test
    void swapNextEventPairs_sendsAdjacentEventsInTheWrongOrder() {
        hub.swapNextEventPairs(2);
        emit(1, 2, 3, 4, 5);
        assertThat(numbers(read())).containsExactly("2", "1", "4", "3", "5");
        assertThat(ledger.faultCount("swapped")).isEqualTo(4);
    }

    @Test
    void swapNextEventPairs_releasesALoneHeldEventLater() {
        hub.swapNextEventPairs(1);
        emit(1);
        assertThat(numbers(read())).isEmpty();
        later.forEach(Runnable::run);
        assertThat(numbers(read())).containsExactly("1");
        emit(2, 3);
        assertThat(numbers(read())).containsExactly("3", "2");
    }

    @Test
    void sendRaw_writesTheBytesBetweenWholeFrames() {
        hub.swapNextEventPairs(1);
        emit(1);
        hub.sendRaw("junk\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "garbage");
        String out = read();
        assertThat(out).startsWith("Event: Test\r\n").endsWith("N: 1\r\n\r\njunk\r\n\r\n");
        assertThat(ledger.faultCount("garbage")).isEqualTo(1);
        emit(2, 3);
        assertThat(numbers(read())).containsExactly("3", "2");
    }

    @Test
    void faultsAreCountedOnlyForWhatWasDone() {
        emit(1, 2);
        assertThat(numbers(read())).containsExactly("1", "2");
        assertThat(ledger.faults()).isEmpty();
    }
}
