package org.ctiserver.adapter.asterisk;

import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AmiFrameDecoderPropertyTest {

    /** A frame as header lines (key, value) in order. */
    record Header(String key, String value) {
    }

    @Provide
    Arbitrary<List<List<Header>>> frames() {
        Arbitrary<String> keys = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-()_")
                .ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withChars("éü€")
                .ofMinLength(0).ofMaxLength(60)
                .map(v -> v.strip()); // the decoder drops the spaces after the colon; trailing ones are kept as is
        Arbitrary<Header> header = Combinators.combine(keys, values).as(Header::new);
        return header.list().ofMinSize(1).ofMaxSize(25).list().ofMinSize(0).ofMaxSize(30);
    }

    private static byte[] wire(String banner, List<List<Header>> frames, boolean lfOnly) {
        String eol = lfOnly ? "\n" : "\r\n";
        StringBuilder sb = new StringBuilder(banner).append(eol);
        for (List<Header> f : frames) {
            for (Header h : f) {
                sb.append(h.key()).append(": ").append(h.value()).append(eol);
            }
            sb.append(eol);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final class Collected implements AmiFrameDecoder.Sink {
        final List<String> banners = new ArrayList<>();
        final List<List<Header>> frames = new ArrayList<>();

        @Override
        public void banner(String line) {
            banners.add(line);
        }

        @Override
        public void frame(AmiFields f) {
            List<Header> hs = new ArrayList<>();
            for (int i = 0; i < f.headerCount(); i++) {
                hs.add(new Header(f.key(i), f.value(i)));
            }
            frames.add(hs);
        }
    }

    private static Collected decodeInChunks(byte[] bytes, long seed, int maxChunk) {
        Collected sink = new Collected();
        AmiFrameDecoder decoder = new AmiFrameDecoder(sink);
        Random r = new Random(seed);
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + r.nextInt(maxChunk));
            decoder.feed(null, Unpooled.copiedBuffer(bytes, pos, n));
            pos += n;
        }
        decoder.release();
        return sink;
    }

    @Property(tries = 300)
    void randomChunkingGivesTheSameFrames(@ForAll("frames") List<List<Header>> frames, @ForAll long seed,
                                          @ForAll @IntRange(min = 1, max = 700) int maxChunk, @ForAll boolean lfOnly) {
        byte[] bytes = wire("Asterisk Call Manager/11.0.0", frames, lfOnly);
        Collected whole = decodeInChunks(bytes, seed, Integer.MAX_VALUE - 1);
        Collected chunked = decodeInChunks(bytes, seed, maxChunk);
        assertThat(whole.banners).containsExactly("Asterisk Call Manager/11.0.0");
        assertThat(whole.frames).isEqualTo(frames);
        assertThat(chunked.banners).isEqualTo(whole.banners);
        assertThat(chunked.frames).isEqualTo(whole.frames);
    }

    @Property(tries = 500)
    void garbageNeverThrowsAndTheStreamRecovers(@ForAll @Size(max = 3000) byte[] garbage, @ForAll long seed,
                                                @ForAll @IntRange(min = 1, max = 300) int maxChunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(garbage);
        // whatever the garbage left open ends at the next blank line; then a good frame must come through
        out.writeBytes("\r\n\r\nEvent: Hangup\r\nUniqueid: 1.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Collected sink = new Collected();
        AmiFrameDecoder decoder = new AmiFrameDecoder(sink, 64, 8, true);
        Random r = new Random(seed);
        byte[] bytes = out.toByteArray();
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + r.nextInt(maxChunk));
            decoder.feed(null, Unpooled.copiedBuffer(bytes, pos, n));
            pos += n;
        }
        decoder.release();
        assertThat(sink.frames).last().isEqualTo(List.of(new Header("Event", "Hangup"), new Header("Uniqueid", "1.2")));
        assertThat(decoder.errorCount(AmiFrameDecoder.Error.INTERNAL)).isZero();
    }

    @Property(tries = 1000)
    void wordAtATimeScansFindWhatAByteLoopFinds(@ForAll @Size(max = 80) byte[] raw,
                                              @ForAll @IntRange(min = 0, max = 80) int from,
                                              @ForAll @IntRange(min = 0, max = 80) int to) {
        byte[] b = raw.clone();
        for (int i = 0; i < b.length; i++) { // make the sought bytes common
            b[i] = switch (Math.floorMod(b[i], 7)) {
                case 0 -> (byte) '\n';
                case 1 -> (byte) ':';
                default -> b[i];
            };
        }
        int f = Math.min(from, b.length);
        int t = Math.max(f, Math.min(to, b.length));
        int lf = -1;
        int colonOrLf = -1;
        for (int i = t - 1; i >= f; i--) {
            if (b[i] == '\n') {
                lf = i;
            }
            if (b[i] == '\n' || b[i] == ':') {
                colonOrLf = i;
            }
        }
        assertThat(AmiFrameDecoder.indexOfLf(b, f, t)).isEqualTo(lf);
        assertThat(AmiFrameDecoder.indexOfColonOrLf(b, f, t)).isEqualTo(colonOrLf);
    }
}
