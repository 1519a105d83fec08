package org.ctiserver.pbxsim.ami;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AmiFrameParserTest {

    private static List<AmiFrame> parse(AmiFrameParser p, String text) {
        List<AmiFrame> out = new ArrayList<>();
        p.feed(text.getBytes(StandardCharsets.UTF_8), out::add);
        return out;
    }

    @Test
    void bannerThenFramesOnTheClientSide() {
        List<AmiFrame> out = parse(new AmiFrameParser(8192, 100, true),
                "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nMessage: Authentication accepted\r\n\r\n");
        assertThat(out).containsExactly(new AmiBanner("Asterisk Call Manager/11.0.0"),
                AmiMessage.of("Response", "Success", "Message", "Authentication accepted"));
    }

    @Test
    void strayLfBeforeTheFrameEndGivesNoEmptyFrame() {
        // Park answers "Message: Park successful\n\r\n\r\n" (trace 07b)
        List<AmiFrame> out = parse(new AmiFrameParser(), "Response: Success\r\nMessage: Park successful\n\r\n\r\nEvent: X\r\n\r\n");
        assertThat(out).containsExactly(AmiMessage.of("Response", "Success", "Message", "Park successful"),
                AmiMessage.of("Event", "X"));
    }

    @Test
    void emptyValuesRepeatedKeysAndOrderAreKept() {
        List<AmiFrame> out = parse(new AmiFrameParser(), "Event: X\r\nAccountCode: \r\nOutput: a\r\nOutput: b\r\nNoColon\r\n\r\n");
        AmiMessage m = (AmiMessage) out.get(0);
        assertThat(m.keys()).containsExactly("Event", "AccountCode", "Output", "Output", "NoColon");
        assertThat(m.get("accountcode")).isEmpty();
        assertThat(m.getAll("Output")).containsExactly("a", "b");
    }

    @Test
    void overlongLineDropsItsFrameOnceAndRecovers() {
        AmiFrameParser p = new AmiFrameParser(32, 100, false);
        List<AmiFrame> out = parse(p, "Action: Ping\r\nX: " + "y".repeat(100) + "\r\nMore: z\r\n\r\nAction: Ping\r\n\r\n");
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(AmiProtocolError.class);
        assertThat(((AmiProtocolError) out.get(0)).reason()).contains("longer than 32");
        assertThat(out.get(1)).isEqualTo(AmiMessage.of("Action", "Ping"));
        assertThat(p.isIdle()).isTrue();
    }

    @Test
    void tooManyHeadersDropsTheFrame() {
        AmiFrameParser p = new AmiFrameParser(8192, 3, false);
        List<AmiFrame> out = parse(p, "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\nA: 1\r\n\r\n");
        assertThat(out).hasSize(2);
        assertThat(((AmiProtocolError) out.get(0)).reason()).contains("more than 3 headers");
        assertThat(out.get(1)).isEqualTo(AmiMessage.of("A", "1"));
    }

    @Test
    void encoderWritesCrlfAndNeutralisesLineBreaksInValues() {
        AmiMessage m = AmiMessage.of("Response", "Success", "Message", "two\r\nlines");
        assertThat(m.toWireString()).isEqualTo("Response: Success\r\nMessage: two  lines\r\n\r\n");
    }
}
