package org.ctiserver.adapter.asterisk;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AmiFrameDecoderTest {

    private final List<String> banners = new ArrayList<>();
    private final List<AmiFields> frames = new ArrayList<>();
    private final AmiFrameDecoder.Sink sink = new AmiFrameDecoder.Sink() {
        @Override
        public void banner(String line) {
            banners.add(line);
        }

        @Override
        public void frame(AmiFields frame) {
            frames.add(frame);
        }
    };

    private void feed(AmiFrameDecoder d, String s) {
        d.feed(null, Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void everyFrameOfTheRecordedTracesDecodesAsTheReferenceReaderReadsIt() {
        for (String name : List.of("01-login", "03-route-redirect", "13-dtmf-vars", "17-errors", "21-pjsip-registration")) {
            AmiTrace trace = AmiTrace.load(name);
            frames.clear();
            AmiFrameDecoder d = new AmiFrameDecoder(sink, 16_384, 1024, false);
            for (AmiTrace.Frame f : trace.frames()) {
                feed(d, f.wireText());
            }
            assertThat(frames).as(name).hasSize(trace.frames().size());
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i)).as(name + " frame " + i).isEqualTo(trace.frames().get(i).fields());
            }
        }
    }

    @Test
    void translatesLikeTheReferenceReader() {
        AmiTrace trace = AmiTrace.load("03-route-redirect");
        AmiFrameDecoder d = new AmiFrameDecoder(sink, 16_384, 1024, false);
        trace.events().forEach(f -> feed(d, f.wireText()));
        assertThat(frames.stream().map(f -> AmiEventTranslator.translate(f.get("Event"), f))
                .flatMap(java.util.Optional::stream).toList()).isEqualTo(trace.allTranslated());
    }

    @Test
    void lookupIsExactThenCaseInsensitiveAndRepeatedHeadersReadAsTheFirst() {
        AmiFrameDecoder d = new AmiFrameDecoder(sink);
        feed(d, "Asterisk Call Manager/11.0.0\nEvent: X\nvariable: A=1\nVariable: B=2\nChannel:   SIP/1  \n\n");
        assertThat(banners).containsExactly("Asterisk Call Manager/11.0.0");
        AmiFields f = frames.get(0);
        assertThat(f.get("Variable")).isEqualTo("B=2"); // exact case first
        assertThat(f.get("VARIABLE")).isEqualTo("A=1"); // then the first in any case
        assertThat(f.get("CHANNEL")).isEqualTo("SIP/1  ");
        assertThat(f.get("Nope")).isNull();
        assertThat(f).isEqualTo(Map.of("Event", "X", "variable", "A=1", "Variable", "B=2", "Channel", "SIP/1  "));
        assertThat(NettyAmiTransport.listItem(f)).containsEntry("Variable(A)", "1").containsEntry("Variable(B)", "2");
    }

    @Test
    void boundsAreCountedPerKindAndTheNextFrameSurvives() {
        AmiFrameDecoder d = new AmiFrameDecoder(sink, 32, 4, true);
        feed(d, "banner\r\n");
        feed(d, "Event: A\r\nLong: " + "x".repeat(100) + "\r\nMore: 1\r\n\r\n"); // too long, terminated
        feed(d, "Event: B\r\nLong: " + "y".repeat(50));                          // too long, not yet terminated
        feed(d, "y".repeat(50) + "\r\n\r\n");
        feed(d, "Event: C\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n");                      // too many headers
        feed(d, "Event: D\r\nno colon here\r\n: no name\r\nK: v\r\n\r\n");           // malformed lines skipped
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).isEqualTo(Map.of("Event", "D", "K", "v"));
        assertThat(d.errorCount(AmiFrameDecoder.Error.LINE_TOO_LONG)).isEqualTo(2);
        assertThat(d.errorCount(AmiFrameDecoder.Error.TOO_MANY_HEADERS)).isEqualTo(1);
        assertThat(d.errorCount(AmiFrameDecoder.Error.MALFORMED_LINE)).isEqualTo(2);
    }

    @Test
    void aThrowingSinkIsCountedNotPropagated() {
        AmiFrameDecoder d = new AmiFrameDecoder(new AmiFrameDecoder.Sink() {
            @Override
            public void banner(String line) {
            }

            @Override
            public void frame(AmiFields frame) {
                throw new IllegalStateException("boom");
            }
        });
        feed(d, "b\r\nEvent: A\r\n\r\nEvent: B\r\n\r\n");
        assertThat(d.errorCount(AmiFrameDecoder.Error.SINK_FAILED)).isEqualTo(2);
        assertThat(d.frameCount()).isEqualTo(2);
    }
}
