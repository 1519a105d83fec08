package org.ctiserver.adapter.asterisk;

import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.Destination;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input is counted per kind and loses nothing else: frames with malformed or oversized lines among good ones,
 * call-control events with missing or odd fields, commands with any strings in them.
 */
class AmiInputPropertyTest {

    /** One frame to send: good, with a line without a colon, or with an over-long line. */
    record Piece(int kind, int n) {
    }

    @Provide
    Arbitrary<List<Piece>> pieces() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 999))
                .as(Piece::new).list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void badLinesAreCountedPerKind_andEveryGoodFrameComesThrough(@ForAll("pieces") List<Piece> pieces) {
        StringBuilder wire = new StringBuilder("Asterisk Call Manager/11.0.0\r\n");
        List<String> goodIds = new ArrayList<>();
        int malformed = 0;
        int oversized = 0;
        for (Piece p : pieces) {
            String id = Integer.toString(p.n());
            switch (p.kind()) {
                case 0 -> {
                    wire.append("Event: Hangup\r\nUniqueid: ").append(id).append("\r\n\r\n");
                    goodIds.add(id);
                }
                case 1 -> {
                    // a line without a colon is skipped; the rest of the frame survives
                    wire.append("Event: Hangup\r\nno colon here\r\nUniqueid: ").append(id).append("\r\n\r\n");
                    goodIds.add(id);
                    malformed++;
                }
                default -> {
                    // an over-long line drops its whole frame
                    wire.append("Event: Hangup\r\nUniqueid: ").append("9".repeat(200)).append("\r\n\r\n");
                    oversized++;
                }
            }
        }
        AmiInputStats stats = new AmiInputStats();
        List<String> seen = new ArrayList<>();
        AmiFrameDecoder decoder = new AmiFrameDecoder(new AmiFrameDecoder.Sink() {
            @Override
            public void banner(String line) {
            }

            @Override
            public void frame(AmiFields f) {
                seen.add(f.get("Uniqueid"));
            }
        }, 128, 64, true, stats);
        decoder.feed(null, Unpooled.copiedBuffer(wire.toString(), StandardCharsets.UTF_8));
        decoder.release();
        assertThat(seen).isEqualTo(goodIds);
        assertThat(stats.count(AmiInputStats.Kind.MALFORMED_LINE)).isEqualTo(malformed);
        assertThat(stats.count(AmiInputStats.Kind.OVERSIZED_LINE)).isEqualTo(oversized);
        assertThat(stats.total()).isEqualTo(malformed + oversized);
    }

    @Provide
    Arbitrary<String> callControlEvents() {
        return Arbitraries.of("BridgeEnter", "MusicOnHoldStart", "MusicOnHoldStop", "OriginateResponse",
                "MixMonitorStart", "MixMonitorMute", "MixMonitorStop", "ChanSpyStart", "ChanSpyStop", "DTMFEnd",
                "ConfbridgeJoin", "ConfbridgeLeave", "BlindTransfer", "AttendedTransfer", "UserEvent", "Hangup");
    }

    @Provide
    Arbitrary<Map<String, String>> fields() {
        Arbitrary<String> keys = Arbitraries.of("Channel", "Uniqueid", "Linkedid", "BridgeUniqueid", "BridgeNumChannels",
                "ActionID", "Response", "Reason", "Direction", "State", "SpyerChannel", "SpyeeChannel", "Digit",
                "Conference", "Result", "TransfereeUniqueid", "TransfererChannel", "OrigTransfererChannel", "Extension",
                "UserEvent", "AmdStatus", "AmdCause", "uniqueid", "actionid");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("", " ", "<unknown>", "#", "a#", "#b", "x#y#z", "1", "0", "-1", "99999999999", "both",
                        "read", "Received", "Sent", "Success", "Invalid", "CtiAmdResult", "CtiNew", "Local/1@a-1;2",
                        "HUMAN", "MACHINE", "NaN"),
                Arbitraries.strings().ofMaxLength(16));
        return Arbitraries.maps(keys, values).ofMaxSize(10);
    }

    @Property(tries = 1000)
    void callControlEvents_neverThrow_neverFailTranslation_nullFree(@ForAll("callControlEvents") String name,
                                                                     @ForAll("fields") Map<String, String> fields) {
        AmiInputStats stats = new AmiInputStats();
        AmiEventTranslator.translate(name, fields, stats).ifPresent(event ->
                assertThat(event.toString()).doesNotContain("=null"));
        assertThat(stats.count(AmiInputStats.Kind.TRANSLATION_FAILED)).isZero();
        assertThat(stats.total()).isLessThanOrEqualTo(1); // at most one problem per frame is counted
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("2001", "Local/2001@agents-00000001;1", "a\r\nAction: Hangup", "8001", "", " ", "x,y"));
    }

    @Property(tries = 500)
    void commands_becomeCleanActions_orAreRefusedWithAReason(@ForAll("anyText") String a, @ForAll("anyText") String b,
                                                              @ForAll("anyText") String c) {
        List<PbxCommand> commands = List.of(
                new PbxCommand.HoldCall("c", a, b),
                new PbxCommand.Redirect("c", a, new Destination.External(b)),
                new PbxCommand.Originate("c", c, a, new Destination.AgentPhone(b), c, c, Map.of(a.isEmpty() ? "V" : a, c), 5),
                new PbxCommand.Conference("c", a, List.of(b, c)),
                new PbxCommand.Spy("c", c, a, b, PbxCommand.SpyMode.BARGE),
                new PbxCommand.SendDtmf("c", a, b),
                new PbxCommand.SetVariable("c", a, b, c),
                new PbxCommand.Record("c", a, PbxCommand.RecordingAction.START, b));
        for (PbxCommand command : commands) {
            List<AmiAction> plan;
            try {
                plan = AmiCommands.plan(command, "agentdial", AmiContexts.DEFAULTS);
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                continue;
            }
            assertThat(plan).isNotEmpty();
            for (AmiAction action : plan) {
                action.headers().forEach((k, v) -> assertThat(k + v).doesNotContain("\r").doesNotContain("\n"));
                action.variables().forEach((k, v) -> assertThat(k + v).doesNotContain("\r").doesNotContain("\n"));
            }
        }
    }

    @Property(tries = 100)
    void aTranslatorThatWouldThrow_isCountedNotPropagated(@ForAll("callControlEvents") String name) {
        AmiInputStats stats = new AmiInputStats();
        Map<String, String> hostile = new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Entry<String, String>> entrySet() {
                throw new IllegalStateException("broken map");
            }

            @Override
            public String get(Object key) {
                throw new IllegalStateException("broken map");
            }
        };
        assertThat(AmiEventTranslator.translate(name, hostile, stats)).isEmpty();
        assertThat(stats.count(AmiInputStats.Kind.TRANSLATION_FAILED)).isEqualTo(1);
        assertThatThrownBy(() -> hostile.get("x")).isInstanceOf(IllegalStateException.class);
    }
}
