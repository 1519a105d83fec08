package org.ctiserver.protocol;

import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.protocol.message.Request;
import org.ctiserver.protocol.message.Request.Answer;
import org.ctiserver.protocol.message.Request.CancelConsult;
import org.ctiserver.protocol.message.Request.CompleteTransfer;
import org.ctiserver.protocol.message.Request.Conference;
import org.ctiserver.protocol.message.Request.Consult;
import org.ctiserver.protocol.message.Request.Dial;
import org.ctiserver.protocol.message.Request.ExtendWrapUp;
import org.ctiserver.protocol.message.Request.Hold;
import org.ctiserver.protocol.message.Request.Record;
import org.ctiserver.protocol.message.Request.Resume;
import org.ctiserver.protocol.message.Request.ScheduleCallback;
import org.ctiserver.protocol.message.Request.SendDtmf;
import org.ctiserver.protocol.message.Request.SetCallData;
import org.ctiserver.protocol.message.Request.TargetKind;
import org.ctiserver.protocol.message.Request.Transfer;

/** The engine commands of the call-control requests, always for the session's own agent. */
final class CallCommands {
    private CallCommands() {
    }

    static AgentCommand toCommand(String agentId, Request request) {
        if (request instanceof Answer) {
            return new AgentCommand.Answer(agentId);
        } else if (request instanceof Hold) {
            return new AgentCommand.Hold(agentId);
        } else if (request instanceof Resume) {
            return new AgentCommand.Resume(agentId);
        } else if (request instanceof Transfer r) {
            return new AgentCommand.Transfer(agentId, target(r.targetKind(), r.target()));
        } else if (request instanceof Consult r) {
            return new AgentCommand.Consult(agentId, target(r.targetKind(), r.target()));
        } else if (request instanceof CompleteTransfer) {
            return new AgentCommand.CompleteTransfer(agentId);
        } else if (request instanceof CancelConsult) {
            return new AgentCommand.CancelConsult(agentId);
        } else if (request instanceof Conference) {
            return new AgentCommand.Conference(agentId);
        } else if (request instanceof SendDtmf r) {
            return new AgentCommand.SendDtmf(agentId, r.digits());
        } else if (request instanceof Dial r) {
            return new AgentCommand.Dial(agentId, r.number());
        } else if (request instanceof ScheduleCallback r) {
            return new AgentCommand.ScheduleCallback(agentId, r.number(), r.dueMs(), r.note() == null ? "" : r.note());
        } else if (request instanceof Request.AcceptPreview r) {
            return new AgentCommand.AcceptPreview(agentId, r.previewId());
        } else if (request instanceof Request.SkipPreview r) {
            return new AgentCommand.SkipPreview(agentId, r.previewId(), r.reason() == null ? "" : r.reason());
        } else if (request instanceof ExtendWrapUp r) {
            return new AgentCommand.ExtendWrapUp(agentId, r.seconds());
        } else if (request instanceof Record r) {
            return new AgentCommand.Record(agentId, r.action());
        } else if (request instanceof SetCallData r) {
            return new AgentCommand.SetCallData(agentId, r.name(), r.value());
        }
        throw new IllegalArgumentException("no engine command for " + request.type());
    }

    static AgentCommand.Target target(TargetKind kind, String target) {
        return switch (kind) {
            case AGENT -> new AgentCommand.Target.Agent(target);
            case QUEUE -> new AgentCommand.Target.Queue(target);
            case NUMBER -> new AgentCommand.Target.Number(target);
        };
    }
}
