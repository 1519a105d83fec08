package org.ctiserver.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerEvent.CallConnectedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallEndedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.ConfigEvent;
import org.ctiserver.protocol.message.ServerEvent.SessionReplacedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpCompletedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpStartedEvent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ProtocolCodecPropertiesTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Property
    void requestsSurviveAnEncodeDecodeRoundTrip(@ForAll("requests") Request request) {
        String json = codec.encode(request);
        assertThat(codec.decodeRequest(json)).isEqualTo(new Decoded.Ok<>(request));
    }

    @Property
    void serverMessagesSurviveAnEncodeDecodeRoundTrip(@ForAll("serverMessages") ServerMessage message) {
        String json = codec.encode(message);
        assertThat(codec.decodeServerMessage(json)).isEqualTo(new Decoded.Ok<>(message));
    }

    @Property(tries = 2000)
    void arbitraryTextNeverThrowsOutOfTheDecoder(@ForAll String text) {
        assertThat(codec.decodeRequest(text)).isNotNull();
        assertThat(codec.decodeServerMessage(text)).isNotNull();
    }

    @Property(tries = 2000)
    void jsonLikeTextYieldsAValueOrATypedError(@ForAll("jsonLike") String text) {
        Decoded<Request> decoded = codec.decodeRequest(text);
        assertThat(decoded).isNotNull();
        if (decoded instanceof Decoded.Failed<Request> f) {
            assertThat(f.code()).isNotNull();
        }
        assertThat(codec.decodeServerMessage(text)).isNotNull();
    }

    @Property(tries = 2000)
    void objectsWithKnownTypesButArbitraryFieldsYieldAValueOrATypedError(@ForAll("looseRequests") String text) {
        Decoded<Request> decoded = codec.decodeRequest(text);
        assertThat(decoded).isInstanceOfAny(Decoded.Ok.class, Decoded.Failed.class);
    }

    // ---- generators ----

    /** Code-like texts: not blank, no control characters. */
    private static Arbitrary<String> codes() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(ProtocolCodec.MAX_CODE_LENGTH)
                .filter(s -> !s.isBlank() && s.chars().noneMatch(Character::isISOControl));
    }

    private static Arbitrary<String> ids() {
        return codes().filter(s -> s.length() <= ProtocolCodec.MAX_ID_LENGTH);
    }

    private static Arbitrary<String> langs() {
        return Arbitraries.of(Lang.SUPPORTED);
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> password = Arbitraries.strings().ofMinLength(1).ofMaxLength(ProtocolCodec.MAX_PASSWORD_LENGTH);
        Arbitrary<String> notes = Arbitraries.strings().ofMaxLength(200).injectNull(0.3);
        return Arbitraries.oneOf(
                Combinators.combine(ids(), Arbitraries.integers(), langs().injectNull(0.3)).as(Request.Hello::new),
                Combinators.combine(ids(), Arbitraries.integers().injectNull(0.3), codes(), password, codes(),
                        langs().injectNull(0.3)).as(Request.Login::new),
                ids().map(Request.Logout::new),
                ids().map(Request.Ready::new),
                Combinators.combine(ids(), codes()).as(Request.NotReady::new),
                ids().map(Request.Hangup::new),
                Combinators.combine(ids(), codes(), notes, codes().injectNull(0.5)).as(Request.CompleteWrapUp::new),
                Combinators.combine(ids(), langs()).as(Request.SetLang::new),
                ids().map(Request.Ping::new));
    }

    @Provide
    Arbitrary<ServerMessage> serverMessages() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> optText = text.injectNull(0.2);
        Arbitrary<Long> times = Arbitraries.longs().between(0, 4_102_444_800_000L);
        Arbitrary<Reply> replies = Arbitraries.oneOf(
                Combinators.combine(optText, Arbitraries.integers().injectNull(0.5))
                        .as((id, v) -> new Reply(id, true, v, null)),
                Combinators.combine(optText, Arbitraries.integers().injectNull(0.5), codes(), text)
                        .as((id, v, code, msg) -> new Reply(id, false, v, new ErrorBody(code, msg))));
        Arbitrary<Map<String, String>> data = Arbitraries.maps(Arbitraries.strings().ofMaxLength(10), text).ofMaxSize(4);
        Arbitrary<List<Choice>> choices = Combinators.combine(codes(), text, Arbitraries.of(true, false))
                .as(Choice::new).list().ofMaxSize(5);
        Arbitrary<ServerEvent> events = Arbitraries.oneOf(
                Combinators.combine(optText, Arbitraries.of(AgentState.class),
                        Arbitraries.of(AgentState.class).injectNull(0.3), text, times, optText)
                        .as(AgentStateEvent::new),
                Combinators.combine(optText, optText, optText, optText, optText, optText, times, data)
                        .flatAs((call, q, qn, num, name, dialed, wait, d) -> times.map(at ->
                                new CallOfferedEvent(call, q, qn, num, name, dialed, wait, d, at))),
                Combinators.combine(optText, optText, times).as(CallConnectedEvent::new),
                Combinators.combine(optText, optText, Arbitraries.of(CallOutcome.class), optText, times)
                        .as(CallEndedEvent::new),
                Combinators.combine(optText, times, times).as(WrapUpStartedEvent::new),
                Combinators.combine(optText, optText, optText, Arbitraries.of(true, false), times)
                        .as(WrapUpCompletedEvent::new),
                Combinators.combine(optText, optText, optText, choices, choices, times).as(ConfigEvent::new),
                times.map(SessionReplacedEvent::new));
        Arbitrary<EventMessage> eventMessages = Combinators.combine(Arbitraries.longs().greaterOrEqual(1), events)
                .as(EventMessage::new);
        return Arbitraries.oneOf(replies, eventMessages);
    }

    @Provide
    Arbitrary<String> jsonLike() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\"type\"", "\"id\"", "\"login\"",
                "\"ready\"", "\"version\"", "1", "-0", "1e999", "null", "true", "\"\\u0000\"", "\"\\ud800\"", " ",
                "\"agentId\"", "\"password\"", "\"extension\"", "\"reply\"", "\"event\"", "\"seq\"", "\"ok\"");
        return token.list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> looseRequests() {
        Arbitrary<String> type = Arbitraries.of(Request.TYPES);
        Arbitrary<String> value = Arbitraries.of("null", "1", "1.5", "-1", "true", "[]", "{}", "\"\"", "\"  \"",
                "\"x\"", "\"zh-CN\"", "\"en\"", "\"fr\"", "99999999999999999999", "\"" + "a".repeat(5000) + "\"");
        Arbitrary<String> field = Arbitraries.of("id", "version", "lang", "agentId", "password", "extension", "reason",
                "disposition", "notes", "nextReason");
        Arbitrary<String> fields = Combinators.combine(field, value).as((f, v) -> "\"" + f + "\":" + v)
                .list().ofMaxSize(8).uniqueElements(s -> s.substring(0, s.indexOf(':')))
                .map(list -> String.join(",", list));
        return Combinators.combine(type, fields)
                .as((t, f) -> "{\"type\":\"" + t + "\"" + (f.isEmpty() ? "" : "," + f) + "}");
    }
}
