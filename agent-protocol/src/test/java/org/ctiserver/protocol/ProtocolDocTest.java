package org.ctiserver.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ctiserver.core.engine.ErrorCode;
import org.ctiserver.protocol.message.Decoded;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.ProtocolCodec;
import org.ctiserver.protocol.message.ProtocolError;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The protocol document's examples are real: each decodes with the codec and encodes back to the same JSON. */
class ProtocolDocTest {
    private static final Path DOC = Path.of("..", "docs", "agent-protocol.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final Set<String> SERVER_TYPES = Set.of("reply", "event");

    private static String doc;
    private static List<String> examples;
    private final ProtocolCodec codec = new ProtocolCodec();

    @BeforeAll
    static void readDoc() throws IOException {
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
        examples = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(doc);
        while (m.find()) {
            examples.add(m.group(1).trim());
        }
    }

    @Test
    void everyJsonExampleDecodesAndEncodesBackUnchanged() {
        assertThat(examples).hasSizeGreaterThan(20);
        for (String example : examples) {
            JsonNode tree = codec.readTree(example);
            boolean fromServer = SERVER_TYPES.contains(tree.path("type").asText());
            String reencoded;
            if (fromServer) {
                Decoded<ServerMessage> d = codec.decodeServerMessage(example);
                assertThat(d).as(example).isInstanceOf(Decoded.Ok.class);
                ServerMessage message = ((Decoded.Ok<ServerMessage>) d).value();
                if (message instanceof EventMessage e) {
                    assertThat(e.event()).as("a known event: " + example).isNotInstanceOf(ServerEvent.UnknownEvent.class);
                }
                reencoded = codec.encode(message);
            } else {
                Decoded<Request> d = codec.decodeRequest(example);
                assertThat(d).as(example).isInstanceOf(Decoded.Ok.class);
                reencoded = codec.encode(((Decoded.Ok<Request>) d).value());
            }
            // same fields and values: a misspelt or undocumented field would be lost on the way back
            assertThat(codec.readTree(reencoded)).as(example).isEqualTo(tree);
        }
    }

    @Test
    void everyRequestTypeAndEventHasAnExample() {
        Set<String> types = new HashSet<>();
        Set<String> events = new HashSet<>();
        for (String example : examples) {
            JsonNode tree = codec.readTree(example);
            types.add(tree.path("type").asText());
            if (tree.has("event")) {
                events.add(tree.path("event").asText());
            }
        }
        assertThat(types).containsAll(Request.TYPES);
        assertThat(events).containsAll(ServerEvent.KNOWN);
    }

    @Test
    void everyErrorCodeIsDocumented() {
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(doc).contains("`" + c.name() + "`");
        }
        for (ProtocolError c : ProtocolError.values()) {
            assertThat(doc).contains("`" + c.name() + "`");
        }
    }
}
