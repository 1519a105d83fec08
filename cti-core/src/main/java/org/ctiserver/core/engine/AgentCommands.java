package org.ctiserver.core.engine;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.pbx.PbxCommand;

/**
 * The agents' commands, checked and applied on the engine's state. Part of {@link Engine} (same thread,
 * same time), kept apart only to keep each class readable. Every refusal is an error code, never silence.
 */
final class AgentCommands {
    private final Engine engine;
    private CallControl control;

    AgentCommands(Engine engine) {
        this.engine = engine;
    }

    void setControl(CallControl control) {
        this.control = control;
    }

    CommandResult apply(AgentCommand command) {
        Agent agent = command == null ? null : engine.agentById(command.agentId());
        if (agent == null) {
            return CommandResult.error(ErrorCode.UNKNOWN_AGENT,
                    "no agent '" + (command == null ? null : command.agentId()) + "'");
        }
        if (command instanceof AgentCommand.Login c) {
            return login(agent, c.extension());
        }
        if (!agent.state().isLoggedIn()) {
            return CommandResult.error(ErrorCode.NOT_LOGGED_IN, "agent " + agent.id() + " is not logged in");
        }
        if (command instanceof AgentCommand.Logout) {
            return logout(agent);
        } else if (command instanceof AgentCommand.Ready) {
            return ready(agent);
        } else if (command instanceof AgentCommand.NotReady c) {
            return notReady(agent, c.reasonCode());
        } else if (command instanceof AgentCommand.Hangup) {
            return hangup(agent);
        } else if (command instanceof AgentCommand.CompleteWrapUp c) {
            return completeWrapUp(agent, c);
        }
        return control.apply(agent, command);
    }

    private CommandResult login(Agent agent, String extension) {
        if (extension == null || extension.isBlank()) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "extension is blank");
        }
        if (agent.state().isLoggedIn()) {
            return CommandResult.error(ErrorCode.ALREADY_LOGGED_IN,
                    "agent " + agent.id() + " is already logged in on " + agent.extension());
        }
        String ext = extension.trim();
        Agent holder = engine.agentsByExtension.get(ext);
        if (holder != null && holder != agent) {
            return CommandResult.error(ErrorCode.EXTENSION_IN_USE,
                    "extension " + ext + " is in use by agent " + holder.id());
        }
        agent.setExtension(ext);
        CommandResult r = agent.transition(AgentState.NOT_READY, "", engine.nowNs, engine.epochMs);
        if (r.isOk()) {
            engine.agentsByExtension.put(ext, agent);
        } else {
            agent.setExtension(null);
        }
        return r;
    }

    CommandResult logout(Agent agent) {
        CommandResult r;
        if (agent.state() == AgentState.WRAP_UP) {
            r = engine.endings().finishWrapUp(agent, "", "", false, AgentState.LOGGED_OUT, "");
        } else {
            r = agent.transition(AgentState.LOGGED_OUT, "", engine.nowNs, engine.epochMs);
        }
        if (r.isOk()) {
            control.loggedOut(agent);
            engine.agentsByExtension.remove(agent.extension());
            agent.setExtension(null);
        }
        return r;
    }

    private CommandResult ready(Agent agent) {
        switch (agent.state()) {
            case WRAP_UP:
                // leaving after-call work without a disposition is allowed; the handle time ends here
                return engine.endings().finishWrapUp(agent, "", "", false, AgentState.READY, "");
            case RESERVED:
                // the table allows RESERVED -> READY for the engine (caller left); an agent cannot drop an offer
                return refused(agent, AgentState.READY);
            default:
                return agent.transition(AgentState.READY, "", engine.nowNs, engine.epochMs);
        }
    }

    private CommandResult notReady(Agent agent, String reason) {
        if (reason == null || !engine.notReadyReasons.contains(reason)) {
            return CommandResult.error(ErrorCode.UNKNOWN_REASON, "not-ready reason '" + reason + "' is not configured");
        }
        switch (agent.state()) {
            case WRAP_UP:
                return engine.endings().finishWrapUp(agent, "", "", false, AgentState.NOT_READY, reason);
            case READY:
            case NOT_READY:
                return agent.transition(AgentState.NOT_READY, reason, engine.nowNs, engine.epochMs);
            default:
                // RESERVED and TALKING: the call comes first (strict on purpose)
                return refused(agent, AgentState.NOT_READY);
        }
    }

    private CommandResult hangup(Agent agent) {
        AgentState s = agent.state();
        Call call = agent.currentCallId() == null ? null : engine.callById(agent.currentCallId());
        if ((s != AgentState.RESERVED && s != AgentState.TALKING) || call == null) {
            if (control.outbound().hangup(agent)) {
                return CommandResult.ok();
            }
            return CommandResult.error(ErrorCode.NO_ACTIVE_CALL, "agent " + agent.id() + " has no call to hang up (" + s + ")");
        }
        // the call ends when the PBX reports the hang-up, not before
        call.requestHangup();
        engine.pbx(new PbxCommand.HangupCall(call.id(), call.channel()));
        return CommandResult.ok();
    }

    private CommandResult completeWrapUp(Agent agent, AgentCommand.CompleteWrapUp c) {
        if (agent.state() != AgentState.WRAP_UP) {
            return CommandResult.error(ErrorCode.ILLEGAL_TRANSITION,
                    "agent " + agent.id() + " is not in wrap-up but " + agent.state());
        }
        String disposition = c.dispositionCode() == null ? "" : c.dispositionCode();
        boolean known = engine.config().dispositions().containsKey(disposition)
                // with no dispositions configured, none can be required
                || (disposition.isEmpty() && engine.config().dispositions().isEmpty());
        if (!known) {
            return CommandResult.error(ErrorCode.UNKNOWN_DISPOSITION, "disposition '" + disposition + "' is not configured");
        }
        String next = c.nextReasonCode();
        boolean toNotReady = next != null && !next.isBlank();
        if (toNotReady && !engine.notReadyReasons.contains(next)) {
            return CommandResult.error(ErrorCode.UNKNOWN_REASON, "not-ready reason '" + next + "' is not configured");
        }
        return engine.endings().finishWrapUp(agent, disposition, c.notes() == null ? "" : c.notes(), false,
                toNotReady ? AgentState.NOT_READY : AgentState.READY, toNotReady ? next : "");
    }

    private static CommandResult refused(Agent agent, AgentState to) {
        return CommandResult.error(ErrorCode.ILLEGAL_TRANSITION,
                "agent " + agent.id() + " cannot go from " + agent.state() + " to " + to);
    }
}
