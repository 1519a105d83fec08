package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiMessage;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares the simulator's events with a reference trace: ordered events, racy multiset, header names. */
final class TraceAssert {
    private TraceAssert() {
    }

    static void assertMatches(String what, List<AmiMessage> reference, List<AmiMessage> mine) {
        assertThat(TraceFile.orderedLines(mine)).as("ordered events vs %s", what)
                .containsExactlyElementsOf(TraceFile.orderedLines(reference));
        assertThat(TraceFile.racyLines(mine)).as("racy events vs %s", what)
                .containsExactlyElementsOf(TraceFile.racyLines(reference));
        assertThat(TraceFile.linkedidLines(mine)).as("Linkedids vs %s", what)
                .containsExactlyElementsOf(TraceFile.linkedidLines(reference));
        Map<String, Set<List<String>>> mineShapes = TraceFile.headerShapes(mine);
        Map<String, Set<List<String>>> refShapes = TraceFile.headerShapes(reference);
        assertThat(mineShapes.keySet()).as("event types vs %s", what)
                .containsExactlyInAnyOrderElementsOf(refShapes.keySet());
        mineShapes.forEach((name, shapes) ->
                assertThat(shapes).as("headers of %s vs %s", name, what)
                        .containsExactlyInAnyOrderElementsOf(refShapes.get(name)));
    }

    /**
     * Like {@link #assertMatches}, but where Asterisk runs the parties of a flow on separate threads (a transfer:
     * the old agent leg tears down while the caller dials; two traces of the same flow interleave differently)
     * only the order within each channel is fixed: events are compared per channel, and all of them as a multiset.
     */
    static void assertMatchesPerChannel(String what, List<AmiMessage> reference, List<AmiMessage> mine) {
        assertThat(TraceFile.orderedLines(mine)).as("all events vs %s", what)
                .containsExactlyInAnyOrderElementsOf(TraceFile.orderedLines(reference));
        Map<String, List<String>> mineLanes = TraceFile.lanes(mine);
        Map<String, List<String>> refLanes = TraceFile.lanes(reference);
        assertThat(mineLanes.keySet()).as("channels vs %s", what).containsExactlyInAnyOrderElementsOf(refLanes.keySet());
        mineLanes.forEach((lane, lines) -> assertThat(lines).as("events of %s vs %s", lane, what)
                .containsExactlyElementsOf(refLanes.get(lane)));
        assertThat(TraceFile.racyLines(mine)).as("racy events vs %s", what)
                .containsExactlyElementsOf(TraceFile.racyLines(reference));
        assertThat(TraceFile.linkedidLines(mine)).as("Linkedids vs %s", what)
                .containsExactlyElementsOf(TraceFile.linkedidLines(reference));
        Map<String, Set<List<String>>> mineShapes = TraceFile.headerShapes(mine);
        Map<String, Set<List<String>>> refShapes = TraceFile.headerShapes(reference);
        assertThat(mineShapes.keySet()).as("event types vs %s", what)
                .containsExactlyInAnyOrderElementsOf(refShapes.keySet());
        mineShapes.forEach((name, shapes) ->
                assertThat(shapes).as("headers of %s vs %s", name, what)
                        .containsExactlyInAnyOrderElementsOf(refShapes.get(name)));
    }

    /**
     * For a whole trace replayed on a fresh simulator (both count from 0): the same channels are created in the same
     * order, with the same names and the same Uniqueid sequence numbers.
     */
    static void assertSameChannels(String what, List<AmiMessage> reference, List<AmiMessage> mine) {
        assertThat(TraceFile.uniqueidLines(mine)).as("channel names and Uniqueid sequence vs %s", what)
                .containsExactlyElementsOf(TraceFile.uniqueidLines(reference));
    }

    /** Waits until no frame arrived for a while, then returns the events since the mark. */
    static List<AmiMessage> settle(AmiTestClient client, int mark) {
        int last = -1;
        while (last != client.mark()) {
            last = client.mark();
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return client.eventsSince(mark);
    }
}
