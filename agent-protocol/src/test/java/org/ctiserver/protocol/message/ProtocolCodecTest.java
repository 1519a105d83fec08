package org.ctiserver.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolCodecTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    private Decoded.Failed<Request> failure(String json) {
        Decoded<Request> d = codec.decodeRequest(json);
        assertThat(d).isInstanceOf(Decoded.Failed.class);
        return (Decoded.Failed<Request>) d;
    }

    @Test
    void decodesALogin() {
        Decoded<Request> d = codec.decodeRequest("""
                {"type":"login","id":"1","version":1,"agentId":"1001","password":"pw","extension":"8001","lang":"en"}""");
        assertThat(d).isEqualTo(new Decoded.Ok<>(new Request.Login("1", 1, "1001", "pw", "8001", "en")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "nonsense", "{", "[]", "null", "42", "\"text\"", "{\"type\":\"ping\",\"id\":\"1\"} x",
            "{\"type\":\"ping\",\"type\":\"ping\",\"id\":\"1\"}"})
    void garbageIsBadJsonWithoutId(String text) {
        Decoded.Failed<Request> f = failure(text);
        assertThat(f.code()).isEqualTo(ProtocolError.BAD_JSON);
        assertThat(f.id()).isNull();
    }

    @Test
    void deepNestingIsBadJsonNotAStackOverflow() {
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThat(failure(deep).code()).isEqualTo(ProtocolError.BAD_JSON);
    }

    @Test
    void unknownTypeKeepsTheId() {
        Decoded.Failed<Request> f = failure("{\"type\":\"fly\",\"id\":\"7\"}");
        assertThat(f.code()).isEqualTo(ProtocolError.UNKNOWN_TYPE);
        assertThat(f.id()).isEqualTo("7");
    }

    @Test
    void missingFieldNamesTheField() {
        Decoded.Failed<Request> f = failure("{\"type\":\"notReady\",\"id\":\"8\"}");
        assertThat(f.code()).isEqualTo(ProtocolError.MISSING_FIELD);
        assertThat(f.detail()).isEqualTo("reason");
        assertThat(f.id()).isEqualTo("8");
    }

    @Test
    void missingIdIsReportedWithoutId() {
        Decoded.Failed<Request> f = failure("{\"type\":\"ready\"}");
        assertThat(f.code()).isEqualTo(ProtocolError.MISSING_FIELD);
        assertThat(f.detail()).isEqualTo("id");
        assertThat(f.id()).isNull();
    }

    @Test
    void wrongJsonTypesAndValuesAreInvalidFields() {
        assertThat(failure("{\"type\":\"hello\",\"id\":\"1\",\"version\":\"1\"}").code()).isEqualTo(ProtocolError.INVALID_FIELD);
        assertThat(failure("{\"type\":\"hello\",\"id\":\"1\",\"version\":1.5}").code()).isEqualTo(ProtocolError.INVALID_FIELD);
        assertThat(failure("{\"type\":\"setLang\",\"id\":\"1\",\"lang\":\"fr\"}").code()).isEqualTo(ProtocolError.INVALID_FIELD);
        assertThat(failure("{\"type\":\"notReady\",\"id\":\"1\",\"reason\":\"a\\nb\"}").code())
                .isEqualTo(ProtocolError.INVALID_FIELD);
        assertThat(failure("{\"type\":\"ready\",\"id\":\"" + "x".repeat(65) + "\"}").code())
                .isEqualTo(ProtocolError.INVALID_FIELD);
    }

    @Test
    void blankRequiredTextIsMissing() {
        assertThat(failure("{\"type\":\"notReady\",\"id\":\"1\",\"reason\":\"  \"}").code())
                .isEqualTo(ProtocolError.MISSING_FIELD);
    }

    @Test
    void loginNeverShowsThePasswordInItsText() {
        assertThat(new Request.Login("1", 1, "1001", "s3cret", "8001", null).toString()).doesNotContain("s3cret");
    }

    @Test
    void unknownEventsReachNewerClientsWhole() {
        Decoded<ServerMessage> d = codec.decodeServerMessage("{\"type\":\"event\",\"seq\":3,\"event\":\"holdStarted\",\"callId\":\"c1\"}");
        assertThat(d).isInstanceOf(Decoded.Ok.class);
        EventMessage m = (EventMessage) ((Decoded.Ok<ServerMessage>) d).value();
        assertThat(m.event()).isInstanceOf(ServerEvent.UnknownEvent.class);
        assertThat(((ServerEvent.UnknownEvent) m.event()).fields().get("callId").asText()).isEqualTo("c1");
        assertThat(codec.readTree(codec.encode(m))).isEqualTo(codec.readTree(
                "{\"type\":\"event\",\"seq\":3,\"event\":\"holdStarted\",\"callId\":\"c1\"}"));
    }

    @Test
    void aReplyIsOkExactlyWhenItHasNoError() {
        assertThat(codec.decodeServerMessage("{\"type\":\"reply\",\"id\":\"1\",\"ok\":false}"))
                .isInstanceOf(Decoded.Failed.class);
        assertThat(codec.decodeServerMessage(
                "{\"type\":\"reply\",\"id\":\"1\",\"ok\":true,\"error\":{\"code\":\"X\",\"message\":\"m\"}}"))
                .isInstanceOf(Decoded.Failed.class);
    }
}
