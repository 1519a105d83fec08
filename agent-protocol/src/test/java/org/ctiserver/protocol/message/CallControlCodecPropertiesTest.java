package org.ctiserver.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.ConsultState;
import org.ctiserver.core.event.CtiEvent.OutboundState;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.protocol.message.ReplyBody.AgentInfo;
import org.ctiserver.protocol.message.ReplyBody.QueueInfo;
import org.ctiserver.protocol.message.Request.TargetKind;
import org.ctiserver.protocol.message.ServerEvent.Access;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The call-control and supervisor messages: round trips, and loose input that never escapes as an exception. */
class CallControlCodecPropertiesTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Property
    void callControlRequestsSurviveARoundTrip(@ForAll("requests") Request request) {
        assertThat(codec.decodeRequest(codec.encode(request))).isEqualTo(new Decoded.Ok<>(request));
    }

    @Property
    void callControlEventsAndListsSurviveARoundTrip(@ForAll("serverMessages") ServerMessage message) {
        assertThat(codec.decodeServerMessage(codec.encode(message))).isEqualTo(new Decoded.Ok<>(message));
    }

    @Property(tries = 2000)
    void looseFieldsYieldAValueOrATypedError(@ForAll("looseRequests") String text) {
        Decoded<Request> decoded = codec.decodeRequest(text);
        assertThat(decoded).isInstanceOfAny(Decoded.Ok.class, Decoded.Failed.class);
        if (decoded instanceof Decoded.Ok<Request> ok) {
            // whatever got through obeys the field rules
            Request r = ok.value();
            if (r instanceof Request.SendDtmf d) {
                assertThat(d.digits()).matches(ProtocolCodec.DTMF);
            } else if (r instanceof Request.Dial d) {
                assertThat(d.number()).matches(ProtocolCodec.PHONE_NUMBER);
            } else if (r instanceof Request.ExtendWrapUp e) {
                assertThat(e.seconds()).isBetween(1, ProtocolCodec.MAX_EXTEND_SECONDS);
            } else if (r instanceof Request.SetSkills s) {
                assertThat(s.skills().values()).allMatch(l -> l >= 1 && l <= 10);
            } else if (r instanceof Request.Consult c) {
                assertThat(c.targetKind()).isNotEqualTo(TargetKind.QUEUE);
            }
        }
    }

    private static Arbitrary<String> codes() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(ProtocolCodec.MAX_CODE_LENGTH)
                .filter(s -> !s.isBlank() && s.chars().noneMatch(Character::isISOControl));
    }

    private static Arbitrary<String> ids() {
        return codes();
    }

    private static Arbitrary<String> digits() {
        return Arbitraries.strings().withChars("0123456789*#ABCD").ofMinLength(1).ofMaxLength(32);
    }

    private static Arbitrary<String> numbers() {
        return Combinators.combine(Arbitraries.of("", "+"),
                Arbitraries.strings().withChars("0123456789*#").ofMinLength(1).ofMaxLength(31)).as(String::concat);
    }

    private static Arbitrary<Map<String, Integer>> skills() {
        return Arbitraries.maps(Arbitraries.strings().withChars("abcxyz019._-").ofMinLength(1).ofMaxLength(10)
                        .filter(s -> ProtocolCodec.SKILL_NAME.matcher(s).matches()),
                Arbitraries.integers().between(1, 10)).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> notes = Arbitraries.strings().ofMaxLength(100).injectNull(0.3);
        Arbitrary<String> value = Arbitraries.strings().ofMaxLength(50).filter(s -> s.chars().noneMatch(Character::isISOControl));
        return Arbitraries.oneOf(
                ids().map(Request.Answer::new), ids().map(Request.Hold::new), ids().map(Request.Resume::new),
                Combinators.combine(ids(), Arbitraries.of(TargetKind.class), codes()).as(Request.Transfer::new),
                Combinators.combine(ids(), Arbitraries.of(TargetKind.AGENT, TargetKind.NUMBER), codes())
                        .as(Request.Consult::new),
                ids().map(Request.CompleteTransfer::new), ids().map(Request.CancelConsult::new),
                ids().map(Request.Conference::new),
                Combinators.combine(ids(), digits()).as(Request.SendDtmf::new),
                Combinators.combine(ids(), numbers()).as(Request.Dial::new),
                Combinators.combine(ids(), numbers(), Arbitraries.longs().between(1, Long.MAX_VALUE), notes)
                        .as(Request.ScheduleCallback::new),
                Combinators.combine(ids(), Arbitraries.integers().between(1, 3600)).as(Request.ExtendWrapUp::new),
                Combinators.combine(ids(), Arbitraries.of(RecordingAction.class)).as(Request.Record::new),
                Combinators.combine(ids(), Arbitraries.strings().withChars("abcXYZ09_.-").ofMinLength(1).ofMaxLength(20)
                        .filter(s -> ProtocolCodec.DATA_NAME.matcher(s).matches()), value).as(Request.SetCallData::new),
                ids().map(Request.ListAgents::new), ids().map(Request.ListQueues::new),
                Combinators.combine(ids(), codes(), codes()).as(Request.ForceNotReady::new),
                Combinators.combine(ids(), codes()).as(Request.ForceLogout::new),
                Combinators.combine(ids(), codes(), Arbitraries.of(SpyMode.class)).as(Request.Spy::new),
                Combinators.combine(ids(), codes(), skills()).as(Request.SetSkills::new),
                Combinators.combine(ids(), codes()).as(Request.AcceptPreview::new),
                Combinators.combine(ids(), codes(), notes).as(Request.SkipPreview::new));
    }

    @Provide
    Arbitrary<ServerMessage> serverMessages() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
        Arbitrary<String> opt = text.injectNull(0.2);
        Arbitrary<Long> times = Arbitraries.longs().between(0, 4_102_444_800_000L);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<Map<String, String>> texts = Arbitraries.maps(Arbitraries.strings().ofMaxLength(10), text).ofMaxSize(4);
        Arbitrary<List<String>> groups = text.list().ofMaxSize(3);
        Arbitrary<ServerEvent> events = Arbitraries.oneOf(
                Combinators.combine(opt, opt, bool, times).as(ServerEvent.HoldChangedEvent::new),
                Combinators.combine(opt, opt, opt, opt, opt, bool, times).as(ServerEvent.CallTransferredEvent::new),
                Combinators.combine(opt, opt, opt, opt, Arbitraries.of(ConsultState.class), opt, times)
                        .as(ServerEvent.ConsultChangedEvent::new),
                Combinators.combine(opt, opt, opt, times).as(ServerEvent.ConferenceStartedEvent::new),
                Combinators.combine(opt, opt, Arbitraries.of(RecordingAction.class), opt, times)
                        .as(ServerEvent.RecordingChangedEvent::new),
                Combinators.combine(opt, opt, opt, Arbitraries.of(SpyMode.class), bool, times)
                        .as(ServerEvent.SpyChangedEvent::new),
                Combinators.combine(opt, opt, opt, Arbitraries.of(OutboundState.class), opt, times)
                        .as(ServerEvent.OutboundCallEvent::new),
                Combinators.combine(opt, opt, opt, times).as(ServerEvent.DtmfEvent::new),
                Combinators.combine(opt, skills(), opt, times).as(ServerEvent.SkillsChangedEvent::new),
                Combinators.combine(opt, opt, opt, times, opt, times).as(ServerEvent.CallbackScheduledEvent::new),
                Combinators.combine(opt, opt, times, times).as(ServerEvent.WrapUpExtendedEvent::new),
                Combinators.combine(opt, opt, opt, opt, opt, times, times).as(ServerEvent.PreviewOfferedEvent::new),
                Combinators.combine(opt, opt, Arbitraries.of(CtiEvent.PreviewOutcome.class), opt, times, times)
                        .as(ServerEvent.PreviewEndedEvent::new),
                Combinators.combine(opt, opt, opt, opt, texts, texts, times).as(ServerEvent.CustomerRecordEvent::new),
                Combinators.combine(opt, opt, opt, opt, opt, opt, times, texts)
                        .flatAs((c, q, qn, n, nm, d, w, data) -> Combinators.combine(times, texts).as((at, masked) ->
                                new ServerEvent.CallOfferedEvent(c, q, qn, n, nm, d, w, data, at, masked))),
                Combinators.combine(opt, opt, opt, times, opt, text, groups, bool)
                        .as((lang, id, name, now, session, role, g, calls) -> new ServerEvent.ConfigEvent(lang, id,
                                name, List.of(), List.of(), now, session, new Access(role, g, "机密", calls))));
        Arbitrary<AgentInfo> agents = Combinators.combine(codes(), opt, Arbitraries.of(AgentState.class), text, times,
                        opt, opt, bool)
                .flatAs((id, name, state, reason, since, ext, call, held) -> Combinators.combine(skills(), groups)
                        .as((sk, g) -> new AgentInfo(id, name, state, reason, since, ext, call, held, sk, g)));
        Arbitrary<QueueInfo> queues = Combinators.combine(codes(), opt, Arbitraries.integers().between(0, 1000), times,
                        times, times, times, Arbitraries.doubles().between(-1, 100))
                .as((id, name, waiting, longest, offered, answered, abandoned, sl) -> new QueueInfo(id, name, waiting,
                        longest, offered, answered, abandoned, sl, 9000, 180000, 1, 2, 3, 4, 10));
        Arbitrary<ServerMessage> replies = Arbitraries.oneOf(
                Combinators.combine(opt, agents.list().ofMaxSize(4))
                        .as((id, list) -> Reply.ok(id, new ReplyBody.AgentList(list))),
                Combinators.combine(opt, queues.list().ofMaxSize(4))
                        .as((id, list) -> Reply.ok(id, new ReplyBody.QueueList(list))));
        return Arbitraries.oneOf(replies,
                Combinators.combine(Arbitraries.longs().greaterOrEqual(1), events).as(EventMessage::new));
    }

    @Provide
    Arbitrary<String> looseRequests() {
        Arbitrary<String> type = Arbitraries.of(Request.TYPES.subList(9, Request.TYPES.size()));
        Arbitrary<String> value = Arbitraries.of("null", "1", "0", "3601", "-1", "11", "1.5", "true", "[]", "{}",
                "\"\"", "\" \"", "\"x\"", "\"agent\"", "\"queue\"", "\"number\"", "\"START\"", "\"LISTEN\"",
                "\"12#\"", "\"+861\"", "\"1 2\"", "\"\\u0000\"", "{\"a\":3}", "{\"a\":0}", "{\"a b\":3}", "{\"a\":\"3\"}",
                "99999999999999999999", "\"" + "9".repeat(70) + "\"");
        Arbitrary<String> field = Arbitraries.of("id", "targetKind", "target", "digits", "number", "dueMs", "note",
                "seconds", "action", "name", "value", "agentId", "reason", "mode", "skills");
        Arbitrary<String> fields = Combinators.combine(field, value).as((f, v) -> "\"" + f + "\":" + v)
                .list().ofMaxSize(8).uniqueElements(s -> s.substring(0, s.indexOf(':')))
                .map(list -> String.join(",", list));
        return Combinators.combine(type, fields)
                .as((t, f) -> "{\"type\":\"" + t + "\"" + (f.isEmpty() ? "" : "," + f) + "}");
    }
}
