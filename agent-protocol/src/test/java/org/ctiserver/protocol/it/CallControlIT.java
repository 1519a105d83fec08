package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.protocol.it.TestBed.join;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.AgentCommand.Target;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.ErrorCode;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.ConsultState;
import org.ctiserver.core.event.CtiEvent.OutboundState;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.Request.TargetKind;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.CallTransferredEvent;
import org.ctiserver.protocol.message.ServerEvent.CallbackScheduledEvent;
import org.ctiserver.protocol.message.ServerEvent.ConferenceStartedEvent;
import org.ctiserver.protocol.message.ServerEvent.ConsultChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.DtmfEvent;
import org.ctiserver.protocol.message.ServerEvent.HoldChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.OutboundCallEvent;
import org.ctiserver.protocol.message.ServerEvent.PreviewEndedEvent;
import org.ctiserver.protocol.message.ServerEvent.PreviewOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.RecordingChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.SkillsChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpExtendedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The call-control requests and events through the real client, over real WebSockets, against the endpoint. */
@Tag("integration")
class CallControlIT {
    private final ControlBed bed = new ControlBed();

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private static Reply ok(Reply reply) {
        assertThat(reply.error()).as("error").isNull();
        return reply;
    }

    @Test
    void everyCallRequest_reachesTheEngineForTheSessionsOwnAgent() {
        AgentClient c = bed.login("1001", "zh-CN").client();
        Map<Supplier<CompletableFuture<Reply>>, AgentCommand> cases = new LinkedHashMap<>();
        cases.put(c::answer, new AgentCommand.Answer("1001"));
        cases.put(c::hold, new AgentCommand.Hold("1001"));
        cases.put(c::resume, new AgentCommand.Resume("1001"));
        cases.put(() -> c.transferToAgent("1002"), new AgentCommand.Transfer("1001", new Target.Agent("1002")));
        cases.put(() -> c.transferToQueue("service"), new AgentCommand.Transfer("1001", new Target.Queue("service")));
        cases.put(() -> c.transferToNumber("13900139000"),
                new AgentCommand.Transfer("1001", new Target.Number("13900139000")));
        cases.put(() -> c.consult(TargetKind.AGENT, "1002"), new AgentCommand.Consult("1001", new Target.Agent("1002")));
        cases.put(() -> c.consult(TargetKind.NUMBER, "8500"), new AgentCommand.Consult("1001", new Target.Number("8500")));
        cases.put(c::completeTransfer, new AgentCommand.CompleteTransfer("1001"));
        cases.put(c::cancelConsult, new AgentCommand.CancelConsult("1001"));
        cases.put(c::conference, new AgentCommand.Conference("1001"));
        cases.put(() -> c.sendDtmf("1234#"), new AgentCommand.SendDtmf("1001", "1234#"));
        cases.put(() -> c.dial("+8613800138000"), new AgentCommand.Dial("1001", "+8613800138000"));
        cases.put(() -> c.scheduleCallback("13800138000", 1_767_232_800_000L, "客户下午方便"),
                new AgentCommand.ScheduleCallback("1001", "13800138000", 1_767_232_800_000L, "客户下午方便"));
        cases.put(() -> c.scheduleCallback("13800138000", 1_767_232_800_000L, null),
                new AgentCommand.ScheduleCallback("1001", "13800138000", 1_767_232_800_000L, ""));
        cases.put(() -> c.extendWrapUp(60), new AgentCommand.ExtendWrapUp("1001", 60));
        cases.put(() -> c.acceptPreview("pv-3"), new AgentCommand.AcceptPreview("1001", "pv-3"));
        cases.put(() -> c.skipPreview("pv-3", "客户改约明天"), new AgentCommand.SkipPreview("1001", "pv-3", "客户改约明天"));
        cases.put(() -> c.skipPreview("pv-4", null), new AgentCommand.SkipPreview("1001", "pv-4", ""));
        for (RecordingAction a : RecordingAction.values()) {
            cases.put(() -> c.record(a), new AgentCommand.Record("1001", a));
        }
        cases.put(() -> c.setCallData("ticket", "T-42"), new AgentCommand.SetCallData("1001", "ticket", "T-42"));

        for (Map.Entry<Supplier<CompletableFuture<Reply>>, AgentCommand> e : cases.entrySet()) {
            int before = bed.cti.commands.size();
            ok(join(e.getKey().get()));
            assertThat(bed.cti.commands.subList(before, bed.cti.commands.size())).containsExactly(e.getValue());
        }
    }

    @Test
    void engineRefusals_comeBackAsStableCodesWithTextsInTheSessionsLanguage() {
        Recorder rec;
        AgentClient c;
        ControlBed.Logged l = bed.login("1001", "zh-CN");
        c = l.client();
        rec = l.rec();
        bed.cti.answer(AgentCommand.Resume.class, CommandResult.error(ErrorCode.ILLEGAL_CALL_STATE, "not held"));
        bed.cti.answer(AgentCommand.Transfer.class, CommandResult.error(ErrorCode.INVALID_TARGET, "agent busy"));
        bed.cti.answer(AgentCommand.Answer.class, CommandResult.error(ErrorCode.NOT_SUPPORTED, "no remote answer"));
        bed.cti.answer(AgentCommand.Hold.class, CommandResult.error(ErrorCode.NO_ACTIVE_CALL, "no call"));

        Reply resume = join(c.resume());
        assertThat(resume.errorCode()).isEqualTo("ILLEGAL_CALL_STATE");
        assertThat(resume.error().message()).isEqualTo("当前通话状态下不能执行此操作");
        Reply transfer = join(c.transferToAgent("1002"));
        assertThat(transfer.errorCode()).isEqualTo("INVALID_TARGET");
        assertThat(transfer.error().message()).isEqualTo("转接或咨询的目标无法接听");
        assertThat(join(c.hold()).errorCode()).isEqualTo("NO_ACTIVE_CALL");

        ok(join(c.setLang("en")));
        Reply answer = join(c.answer());
        assertThat(answer.errorCode()).isEqualTo("NOT_SUPPORTED");
        assertThat(answer.error().message()).isEqualTo("The phone or the system does not support this");
        // the session goes on
        ok(join(c.ping()));
        assertThat(rec.events).isNotEmpty();
    }

    @Test
    void badFields_areRefusedBeforeTheEngine_andTheConnectionStaysUsable() {
        ControlBed.Logged l = bed.login("1001", "en");
        int before = bed.cti.commands.size();
        List<String> bad = List.of(
                "{\"type\":\"sendDtmf\",\"id\":\"b1\",\"digits\":\"12x\"}",
                "{\"type\":\"sendDtmf\",\"id\":\"b2\",\"digits\":\"" + "1".repeat(33) + "\"}",
                "{\"type\":\"consult\",\"id\":\"b3\",\"targetKind\":\"queue\",\"target\":\"sales\"}",
                "{\"type\":\"transfer\",\"id\":\"b4\",\"targetKind\":\"moon\",\"target\":\"x\"}",
                "{\"type\":\"dial\",\"id\":\"b5\",\"number\":\"138 0013\"}",
                "{\"type\":\"extendWrapUp\",\"id\":\"b6\",\"seconds\":0}",
                "{\"type\":\"record\",\"id\":\"b7\",\"action\":\"REWIND\"}",
                "{\"type\":\"setCallData\",\"id\":\"b8\",\"name\":\"a b\",\"value\":\"x\"}",
                "{\"type\":\"scheduleCallback\",\"id\":\"b9\",\"number\":\"138\",\"dueMs\":-5}",
                "{\"type\":\"acceptPreview\",\"id\":\"b10\",\"previewId\":\"" + "p".repeat(200) + "\"}",
                "{\"type\":\"skipPreview\",\"id\":\"b11\",\"previewId\":42}");
        for (String text : bad) {
            join(l.client().sendText(text));
        }
        for (int i = 1; i <= bad.size(); i++) {
            String id = "b" + i;
            Reply r = l.rec().awaitReply(reply -> id.equals(reply.id()));
            assertThat(r.errorCode()).as(bad.get(i - 1)).isEqualTo("INVALID_FIELD");
        }
        join(l.client().sendText("{\"type\":\"transfer\",\"id\":\"m1\",\"targetKind\":\"agent\"}"));
        Reply missing = l.rec().awaitReply(r -> "m1".equals(r.id()));
        assertThat(missing.errorCode()).isEqualTo("MISSING_FIELD");
        assertThat(missing.error().message()).isEqualTo("Missing field: target");
        ok(join(l.client().ping()));
        assertThat(bed.cti.commands).hasSize(before);
    }

    @Test
    void callEvents_reachTheAgentConcerned_inOrder_andNoOtherAgent() {
        ControlBed.Logged a = bed.login("1001", "zh-CN");
        ControlBed.Logged other = bed.login("1002", "zh-CN");
        long t = System.currentTimeMillis();
        ScriptedCti e = bed.cti;
        List<CtiEvent> emitted = List.of(
                new CtiEvent.CallHoldChanged(e.nextSequence(), t, "1001", "c1", true),
                new CtiEvent.CallHoldChanged(e.nextSequence(), t + 1, "1001", "c1", false),
                new CtiEvent.ConsultChanged(e.nextSequence(), t + 2, "1001", "c1", "agent", "1003", ConsultState.FAILED, "busy"),
                new CtiEvent.ConferenceStarted(e.nextSequence(), t + 3, "1001", "c1", "cti-c1"),
                new CtiEvent.RecordingChanged(e.nextSequence(), t + 4, "c1", "1001", RecordingAction.PAUSE, "cti-c1.wav"),
                new CtiEvent.CallDtmf(e.nextSequence(), t + 5, "1001", "c1", "5"),
                new CtiEvent.OutboundCallChanged(e.nextSequence(), t + 6, "1001", "orig-1", "13800138000",
                        OutboundState.DIALING, ""),
                new CtiEvent.AgentSkillsChanged(e.nextSequence(), t + 7, "1001", Map.of("billing", 5), "2001"),
                new CtiEvent.CallbackScheduled(e.nextSequence(), t + 8, "cb-1", "1001", "13800138000", t + 3_600_000, "下午"),
                new CtiEvent.WrapUpExtended(e.nextSequence(), t + 9, "1001", "c1", t + 60_000),
                new CtiEvent.PreviewOffered(e.nextSequence(), t + 10, "1001", "pv-2", "13800138000", "下午", "callback",
                        t + 30_000),
                new CtiEvent.PreviewEnded(e.nextSequence(), t + 10, "1001", "pv-2", CtiEvent.PreviewOutcome.SKIPPED,
                        "忙", t + 300_000),
                new CtiEvent.CallTransferred(e.nextSequence(), t + 10, "c1", "sales", "1001", "queue", "service", false));
        emitted.forEach(e::emit);

        a.rec().await(CallTransferredEvent.class);
        List<ServerEvent> got = a.rec().events.stream().map(EventMessage::event)
                .filter(ev -> !(ev instanceof ServerEvent.ConfigEvent) && !(ev instanceof ServerEvent.AgentStateEvent))
                .toList();
        assertThat(got).containsExactly(
                new HoldChangedEvent("1001", "c1", true, t),
                new HoldChangedEvent("1001", "c1", false, t + 1),
                new ConsultChangedEvent("1001", "c1", "agent", "1003", ConsultState.FAILED, "busy", t + 2),
                new ConferenceStartedEvent("1001", "c1", "cti-c1", t + 3),
                new RecordingChangedEvent("1001", "c1", RecordingAction.PAUSE, "cti-c1.wav", t + 4),
                new DtmfEvent("1001", "c1", "5", t + 5),
                new OutboundCallEvent("1001", "orig-1", "13800138000", OutboundState.DIALING, "", t + 6),
                new SkillsChangedEvent("1001", Map.of("billing", 5), "2001", t + 7),
                new CallbackScheduledEvent("cb-1", "1001", "13800138000", t + 3_600_000, "下午", t + 8),
                new WrapUpExtendedEvent("1001", "c1", t + 60_000, t + 9),
                new PreviewOfferedEvent("1001", "pv-2", "13800138000", "下午", "callback", t + 30_000, t + 10),
                new PreviewEndedEvent("1001", "pv-2", CtiEvent.PreviewOutcome.SKIPPED, "忙", t + 300_000, t + 10),
                new CallTransferredEvent("c1", "sales", "1001", "queue", "service", false, t + 10));
        // sequence without gaps across old and new events
        List<Long> seqs = a.rec().events.stream().map(EventMessage::seq).toList();
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
        // the agent is never told of being listened to
        e.emit(new CtiEvent.SpyChanged(e.nextSequence(), t + 11, "2001", "1001", "c1", SpyMode.LISTEN, true));
        assertThat(join(a.client().ping()).ok()).isTrue();
        assertThat(a.rec().find(ServerEvent.SpyChangedEvent.class, x -> true)).isEmpty();
        assertThat(other.rec().events).allMatch(m -> m.event() instanceof ServerEvent.ConfigEvent
                || m.event() instanceof ServerEvent.AgentStateEvent s && "1002".equals(s.agentId()));
    }

    @Test
    void typedListeners_getOnlyTheirKind() {
        AgentClient c = bed.client();
        List<HoldChangedEvent> holds = new java.util.concurrent.CopyOnWriteArrayList<>();
        c.onEvent(HoldChangedEvent.class, holds::add);
        Recorder rec = new Recorder(c);
        ok(join(c.login("1001", "pw-1001", "8001", "zh-CN")));
        rec.await(ServerEvent.AgentStateEvent.class);
        bed.cti.emit(new CtiEvent.CallHoldChanged(bed.cti.nextSequence(), 5, "1001", "c9", true));
        rec.await(HoldChangedEvent.class);
        assertThat(holds).containsExactly(new HoldChangedEvent("1001", "c9", true, 5));
    }
}
