package org.ctiserver.pbxsim.ami;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AmiCodecPropertiesTest {

    /** Text without CR and LF, and without lone surrogates (which UTF-8 cannot carry). */
    private static Arbitrary<String> text(boolean key) {
        Arbitrary<Character> chars = Arbitraries.chars()
                .range('\u0000', '\uD7FF')
                .filter(c -> c != '\r' && c != '\n' && (!key || c != ':'));
        return chars.list().ofMinSize(key ? 1 : 0).ofMaxSize(40).map(l -> {
            StringBuilder sb = new StringBuilder();
            l.forEach(sb::append);
            return sb.toString();
        });
    }

    @Provide
    Arbitrary<AmiMessage> messages() {
        Arbitrary<AmiHeader> header = Combinators.combine(text(true), text(false)).as(AmiHeader::new);
        return header.list().ofMinSize(1).ofMaxSize(30).map(AmiMessage::new);
    }

    @Property(tries = 300)
    void encodeThenDecodeGivesTheSameMessage(@ForAll("messages") AmiMessage m) {
        List<AmiFrame> out = new ArrayList<>();
        new AmiFrameParser().feed(m.toBytes(), out::add);
        assertThat(out).containsExactly(m);
    }

    @Property(tries = 200)
    void anyChunkingGivesTheSameFrames(@ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("messages") AmiMessage> msgs,
                                       @ForAll @Size(max = 40) List<@IntRange(min = 1, max = 64) Integer> cuts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        msgs.forEach(m -> stream.writeBytes(m.toBytes()));
        byte[] all = stream.toByteArray();

        List<AmiFrame> whole = new ArrayList<>();
        new AmiFrameParser().feed(all, whole::add);

        List<AmiFrame> chunked = new ArrayList<>();
        AmiFrameParser p = new AmiFrameParser();
        int pos = 0;
        int i = 0;
        while (pos < all.length) {
            int n = Math.min(all.length - pos, cuts.isEmpty() ? 7 : cuts.get(i++ % cuts.size()));
            p.feed(all, pos, n, chunked::add);
            pos += n;
        }
        assertThat(whole).containsExactlyElementsOf(msgs);
        assertThat(chunked).containsExactlyElementsOf(whole);
    }

    @Property(tries = 300)
    void garbageNeverThrowsOutOfTheDecoder(@ForAll @Size(max = 3000) byte[] garbage,
                                            @ForAll @IntRange(min = 1, max = 200) int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new AmiFrameDecoder(64, 8, false));
        for (int pos = 0; pos < garbage.length; pos += chunk) {
            int n = Math.min(chunk, garbage.length - pos);
            ch.writeInbound(Unpooled.wrappedBuffer(garbage, pos, n));
        }
        ch.checkException();
        Object o;
        while ((o = ch.readInbound()) != null) {
            assertThat(o).isInstanceOf(AmiFrame.class);
        }
        // and the decoder still works afterwards, once the garbage frame is closed
        ch.writeInbound(Unpooled.wrappedBuffer("\r\n\r\nAction: Ping\r\nActionID: 1\r\n\r\n".getBytes()));
        ch.checkException();
        Object last = null;
        while ((o = ch.readInbound()) != null) {
            last = o;
        }
        assertThat(last).isEqualTo(AmiMessage.of("Action", "Ping", "ActionID", "1"));
        ch.finishAndReleaseAll();
    }

    @Property(tries = 100)
    void lfOnlyLineEndsAreAccepted(@ForAll("messages") AmiMessage m) {
        String lf = m.toWireString().replace("\r\n", "\n");
        List<AmiFrame> out = new ArrayList<>();
        new AmiFrameParser().feed(lf.getBytes(java.nio.charset.StandardCharsets.UTF_8), out::add);
        assertThat(out).containsExactly(m);
    }
}
