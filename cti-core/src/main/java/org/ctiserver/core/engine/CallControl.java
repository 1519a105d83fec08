package org.ctiserver.core.engine;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.queue.QueueConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call control on an agent's call: hold and resume, blind transfer, recording, DTMF, call data, and transfers made on
 * the phone; it hands consultations, outbound calls and supervisors' commands to {@link Consultations},
 * {@link OutboundCalls} and {@link SupervisorActions}. Part of the {@link Engine} (same thread, same state).
 *
 * <p>What happens to a call that leaves its agent:
 * <ul>
 *   <li>to another agent (blind, or a completed consultation): the same call is offered to the target (CallOffered
 *       with the screen pop) and answered again; it counts as answered once, in the queue it arrived in;</li>
 *   <li>to a queue: the caller waits on hold and the call waits again in that queue, in its old place, under that
 *       queue's rules (its maximum wait from the transfer); refused while the queue is closed, full or without
 *       agents;</li>
 *   <li>to a number, or transferred on the phone itself: the call leaves the CTI at once (CallEnded, answered,
 *       reason {@link #TRANSFERRED} or {@link #TRANSFERRED_ON_PHONE}); the rest of it is the PBX's (CDR);</li>
 * </ul>
 * and in each case the first agent starts after-call work and the call's queue counts one transfer.
 */
final class CallControl {
    private static final Logger log = LoggerFactory.getLogger(CallControl.class);

    static final String TRANSFERRED = "transferred";
    static final String TRANSFERRED_ON_PHONE = "transferred on the phone";

    private static final Pattern DTMF = Pattern.compile("[0-9*#A-D]{1,64}");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{1,32}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int MAX_VALUE_LENGTH = 1024;

    private final Engine engine;
    private final OfferOutcomes outcomes;
    private final Consultations consultations;
    private final OutboundCalls outbound;
    private final SupervisorActions supervisor;
    private final QueueRulesSetup rules;

    CallControl(Engine engine, OfferOutcomes outcomes, QueueRulesSetup rules) {
        this.engine = engine;
        this.rules = rules;
        this.outcomes = outcomes;
        this.consultations = new Consultations(engine, this, outcomes);
        this.outbound = new OutboundCalls(engine);
        this.supervisor = new SupervisorActions(engine, this);
        engine.commands().setControl(this);
    }

    OutboundCalls outbound() {
        return outbound;
    }

    SupervisorActions supervisor() {
        return supervisor;
    }

    Consultations consultations() {
        return consultations;
    }

    // ------------------------------------------------------------------ commands

    /** The call-control commands of a logged-in agent. */
    CommandResult apply(Agent agent, AgentCommand command) {
        if (command instanceof AgentCommand.Answer) {
            return answer(agent);
        } else if (command instanceof AgentCommand.Hold) {
            return hold(agent);
        } else if (command instanceof AgentCommand.Resume) {
            return resume(agent);
        } else if (command instanceof AgentCommand.Transfer c) {
            return transfer(agent, c.target());
        } else if (command instanceof AgentCommand.Consult c) {
            return consultations.consult(agent, c.target());
        } else if (command instanceof AgentCommand.CompleteTransfer) {
            return consultations.complete(agent);
        } else if (command instanceof AgentCommand.CancelConsult) {
            return consultations.cancel(agent);
        } else if (command instanceof AgentCommand.Conference) {
            return consultations.conference(agent);
        } else if (command instanceof AgentCommand.SendDtmf c) {
            return sendDtmf(agent, c.digits());
        } else if (command instanceof AgentCommand.Dial c) {
            return outbound.dial(agent, c.number());
        } else if (command instanceof AgentCommand.ScheduleCallback c) {
            return outbound.schedule(agent, c);
        } else if (command instanceof AgentCommand.AcceptPreview c) {
            return outbound.acceptPreview(agent, c.previewId());
        } else if (command instanceof AgentCommand.SkipPreview c) {
            return outbound.skipPreview(agent, c.previewId(), c.reason());
        } else if (command instanceof AgentCommand.ExtendWrapUp c) {
            return supervisor.extendWrapUp(agent, c.extraSeconds());
        } else if (command instanceof AgentCommand.Record c) {
            return record(agent, c.action());
        } else if (command instanceof AgentCommand.SetCallData c) {
            return setCallData(agent, c.name(), c.value());
        }
        return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "unknown command " + command);
    }

    /** The call the agent is talking on, else null. */
    Call talkingCall(Agent agent) {
        if (agent.state() != AgentState.TALKING || agent.currentCallId() == null) {
            return null;
        }
        Call call = engine.callById(agent.currentCallId());
        return call != null && call.state() == CallState.TALKING && agent.id().equals(call.agentId()) ? call : null;
    }

    static CommandResult noCall(Agent agent) {
        return CommandResult.error(ErrorCode.NO_ACTIVE_CALL,
                "agent " + agent.id() + " has no call in progress (" + agent.state() + ")");
    }

    static CommandResult illegal(String detail) {
        return CommandResult.error(ErrorCode.ILLEGAL_CALL_STATE, detail);
    }

    static boolean validNumber(String number) {
        return number != null && NUMBER.matcher(number.trim()).matches();
    }

    private CommandResult answer(Agent agent) {
        if (agent.state() != AgentState.RESERVED) {
            return CommandResult.error(ErrorCode.NO_ACTIVE_CALL, "agent " + agent.id() + " has no call offered");
        }
        // AMI cannot take a SIP phone off hook; only phones with a remote-answer event (vendor-specific) could
        return CommandResult.error(ErrorCode.NOT_SUPPORTED,
                "remote answer is not supported: answer the call on the phone " + agent.extension());
    }

    private CommandResult hold(Agent agent) {
        Call call = talkingCall(agent);
        if (call == null) {
            return noCall(agent);
        }
        if (consultations.of(call.id()) != null) {
            return illegal("call " + call.id() + " is in a consultation");
        }
        if (call.held() || call.holdPending()) {
            return illegal("call " + call.id() + " is already on hold");
        }
        if (call.agentChannel() == null) {
            return illegal("the agent's leg of call " + call.id() + " is not known");
        }
        call.setHoldPending(true);
        engine.pbx(new PbxCommand.HoldCall(call.id(), call.channel(), call.agentChannel()));
        return CommandResult.ok();
    }

    private CommandResult resume(Agent agent) {
        Call call = talkingCall(agent);
        if (call == null) {
            return noCall(agent);
        }
        if (consultations.of(call.id()) != null) {
            return illegal("call " + call.id() + " is in a consultation: complete or cancel it");
        }
        if (!call.held()) {
            return illegal("call " + call.id() + " is not on hold");
        }
        call.setBridgePending(true);
        engine.pbx(new PbxCommand.BridgeChannels(call.id(), call.channel(), call.agentChannel()));
        return CommandResult.ok();
    }

    private CommandResult transfer(Agent agent, AgentCommand.Target target) {
        Call call = talkingCall(agent);
        if (call == null) {
            return noCall(agent);
        }
        if (consultations.of(call.id()) != null) {
            return illegal("call " + call.id() + " is in a consultation: complete or cancel it");
        }
        if (target instanceof AgentCommand.Target.Agent t) {
            Agent to = engine.agentById(t.agentId());
            CommandResult bad = checkTargetAgent(agent, to, t.agentId());
            if (bad != null) {
                return bad;
            }
            emitTransferred(call, agent, "agent", to.id(), false);
            engine.endings().leaveAgent(call, "transferred to agent " + to.id());
            engine.reserve(call, to);
            engine.pbx(new PbxCommand.Redirect(call.id(), call.channel(),
                    new PbxCommand.Destination.AgentPhone(to.extension())));
            return CommandResult.ok();
        } else if (target instanceof AgentCommand.Target.Queue t) {
            QueueConfig queue = t.queueId() == null ? null : engine.queueConfig(t.queueId());
            if (queue == null) {
                return CommandResult.error(ErrorCode.INVALID_TARGET, "no queue '" + t.queueId() + "'");
            }
            // refused while the agent still has the caller, rather than the caller meeting the queue's action
            String refusal = rules.transferRefusal(queue.id(), engine.epochMs);
            if (refusal != null) {
                return CommandResult.error(ErrorCode.INVALID_TARGET, "cannot transfer to queue " + queue.id() + ": "
                        + refusal);
            }
            emitTransferred(call, agent, "queue", queue.id(), false);
            engine.endings().leaveAgent(call, "transferred to queue " + queue.id());
            engine.pbx(new PbxCommand.ParkCaller(call.id(), call.channel()));
            call.requeue();
            engine.moveToQueue(call, queue);
            rules.transferredIn(call, engine.nowNs);
            engine.requeue(call);
            return CommandResult.ok();
        } else if (target instanceof AgentCommand.Target.Number t) {
            if (!validNumber(t.number())) {
                return CommandResult.error(ErrorCode.INVALID_TARGET, "'" + t.number() + "' is not a number to dial");
            }
            emitTransferred(call, agent, "number", t.number().trim(), false);
            engine.countersOf(call.queueId()).callTransferred();
            engine.pbx(new PbxCommand.Redirect(call.id(), call.channel(),
                    new PbxCommand.Destination.External(t.number().trim())));
            engine.endings().callGone(call, TRANSFERRED, true);
            return CommandResult.ok();
        }
        return CommandResult.error(ErrorCode.INVALID_TARGET, "no transfer target");
    }

    /** Null when {@code to} can take a call from {@code from} now, else the refusal. */
    CommandResult checkTargetAgent(Agent from, Agent to, String toId) {
        if (to == null) {
            return CommandResult.error(ErrorCode.INVALID_TARGET, "no agent '" + toId + "'");
        }
        if (to == from) {
            return CommandResult.error(ErrorCode.INVALID_TARGET, "agent " + toId + " is the agent of the call");
        }
        if (!engine.phones().offerable(to)) {
            return CommandResult.error(ErrorCode.INVALID_TARGET, "agent " + toId + " cannot take a call now ("
                    + to.state() + (to.engagement() == null ? "" : ", " + to.engagement()) + ")");
        }
        return null;
    }

    void emitTransferred(Call call, Agent from, String kind, String target, boolean consulted) {
        engine.emit(new CtiEvent.CallTransferred(engine.nextSeq(), engine.epochMs, call.id(), call.queueId(), from.id(),
                kind, target, consulted));
    }

    private CommandResult record(Agent agent, RecordingAction action) {
        Call call = talkingCall(agent);
        if (call == null) {
            return noCall(agent);
        }
        if (action == null) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "no recording action");
        }
        String last = call.recordingAction();
        boolean recording = RecordingAction.START.name().equals(last) || RecordingAction.RESUME.name().equals(last);
        boolean paused = RecordingAction.PAUSE.name().equals(last);
        boolean ok = switch (action) {
            case START -> !recording && !paused;
            case PAUSE -> recording;
            case RESUME -> paused;
            case STOP -> recording || paused;
        };
        if (!ok) {
            return illegal("call " + call.id() + " cannot " + action.name().toLowerCase(Locale.ROOT)
                    + " its recording now (" + (last == null ? "not recorded" : last) + ")");
        }
        String file = action == RecordingAction.START ? "cti-" + call.id() + "-" + engine.epochMs + ".wav"
                : call.recordingFile();
        call.setRecording(file, action.name());
        engine.pbx(new PbxCommand.Record(call.id(), call.channel(), action, file));
        return CommandResult.ok();
    }

    private CommandResult sendDtmf(Agent agent, String digits) {
        String d = digits == null ? "" : digits.trim().toUpperCase(Locale.ROOT);
        if (!DTMF.matcher(d).matches()) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT,
                    "DTMF digits must be 1 to 64 of 0-9 * # A-D: '" + digits + "'");
        }
        Call call = talkingCall(agent);
        if (call != null) {
            engine.pbx(new PbxCommand.SendDtmf(call.id(), call.channel(), d));
            return CommandResult.ok();
        }
        // an outbound call: the digits go to the far end (an IVR the agent dialed)
        return outbound.sendDtmf(agent, d) ? CommandResult.ok() : noCall(agent);
    }

    private CommandResult setCallData(Agent agent, String name, String value) {
        if (name == null || !VARIABLE.matcher(name).matches()) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT,
                    "call data name must be a letter or _ then letters, digits or _ (at most 64): '" + name + "'");
        }
        if (value == null || value.length() > MAX_VALUE_LENGTH || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT,
                    "call data value must be one line of at most " + MAX_VALUE_LENGTH + " characters");
        }
        Call call = talkingCall(agent);
        if (call == null) {
            return noCall(agent);
        }
        engine.pbx(new PbxCommand.SetVariable(call.id(), call.channel(), name, value));
        return CommandResult.ok();
    }

    // ------------------------------------------------------------------ PBX events

    /** @return true when the event was about call control and needs nothing more */
    boolean on(PbxEvent event) {
        if (consultations.on(event) || outbound.on(event) || supervisor.on(event)) {
            return true;
        }
        if (event instanceof PbxEvent.MusicOnHold e) {
            onMusic(e);
            return true;
        } else if (event instanceof PbxEvent.ChannelBridged e) {
            onBridged(e);
            return true;
        } else if (event instanceof PbxEvent.RecordingChanged e) {
            onRecording(e);
            return true;
        } else if (event instanceof PbxEvent.DtmfReceived e) {
            Call call = engine.callById(e.uniqueId());
            if (call != null && call.state() == CallState.TALKING && e.digit() != null && !e.digit().isEmpty()) {
                engine.emit(new CtiEvent.CallDtmf(engine.nextSeq(), engine.epochMs, call.agentId(), call.id(), e.digit()));
            }
            return true;
        } else if (event instanceof PbxEvent.PhoneTransferred e) {
            onPhoneTransferred(e);
            return true;
        } else if (event instanceof PbxEvent.AgentAnswered e) {
            return reconnected(e);
        } else if (event instanceof PbxEvent.CallRequeued e) {
            return backAtRoutePoint(e);
        } else if (event instanceof PbxEvent.CommandFailed e) {
            return onFailed(e);
        }
        return event instanceof PbxEvent.ConferenceChanged || event instanceof PbxEvent.AmdResult;
    }

    private void onMusic(PbxEvent.MusicOnHold e) {
        Call call = engine.callById(e.uniqueId());
        // the route point plays music too: only a talking call's music is a hold
        if (call == null || call.state() != CallState.TALKING) {
            return;
        }
        if (e.started() && !call.held() && (call.holdPending() || consultations.of(call.id()) != null)) {
            call.setHeld(true);
            engine.emit(new CtiEvent.CallHoldChanged(engine.nextSeq(), engine.epochMs, call.agentId(), call.id(), true));
        }
    }

    private void onBridged(PbxEvent.ChannelBridged e) {
        Call call = engine.callById(e.uniqueId());
        if (call != null && call.state() == CallState.TALKING && call.held() && call.bridgePending()
                && consultations.of(call.id()) == null) {
            call.setHeld(false);
            engine.emit(new CtiEvent.CallHoldChanged(engine.nextSeq(), engine.epochMs, call.agentId(), call.id(), false));
        }
    }

    private void onRecording(PbxEvent.RecordingChanged e) {
        Call call = engine.callById(e.uniqueId());
        if (call == null || e.action() == null) {
            return;
        }
        engine.emit(new CtiEvent.RecordingChanged(engine.nextSeq(), engine.epochMs, call.id(), call.agentId(),
                e.action(), call.recordingFile()));
    }

    /** A transfer made on the phone: the call leaves the CTI (see the class comment); the agent wraps up. */
    private void onPhoneTransferred(PbxEvent.PhoneTransferred e) {
        Call call = engine.callById(e.transfereeUniqueId());
        if (call == null || call.state() != CallState.TALKING) {
            log.debug("transfer on a phone of {} ignored: not a call in talk", e.transfereeUniqueId());
            return;
        }
        Agent agent = engine.agentById(call.agentId());
        String target = e.extension() == null ? "" : e.extension();
        emitTransferred(call, agent, "number", target, e.attended());
        engine.countersOf(call.queueId()).callTransferred();
        engine.endings().callGone(call, TRANSFERRED_ON_PHONE, true);
    }

    /** The agent's phone answered the caller again (given back after a failed consultation): its new leg. */
    private boolean reconnected(PbxEvent.AgentAnswered e) {
        Call call = engine.callById(e.callId());
        Agent agent = call == null ? null : engine.agentById(call.agentId());
        if (call == null || call.state() != CallState.TALKING || agent == null
                || !java.util.Objects.equals(e.agentExtension(), agent.extension())
                || java.util.Objects.equals(e.agentChannel(), call.agentChannel())) {
            return false;
        }
        log.info("call {} is back with agent {} on {}", call.id(), agent.id(), e.agentChannel());
        call.setAgentChannel(e.agentChannel());
        if (call.held()) {
            call.setHeld(false);
            engine.emit(new CtiEvent.CallHoldChanged(engine.nextSeq(), engine.epochMs, agent.id(), call.id(), false));
        }
        return true;
    }

    /**
     * The dialplan put a talking call back at the route point (the agent did not take it back after a consultation):
     * it leaves the agent, who wraps up, and waits again in its queue.
     */
    private boolean backAtRoutePoint(PbxEvent.CallRequeued e) {
        Call call = engine.callById(e.callId());
        Agent agent = call == null ? null : engine.agentById(call.agentId());
        // only the dial to the call's own agent (a late requeue of an earlier offer is the router's business)
        if (call == null || call.state() != CallState.TALKING || agent == null
                || !java.util.Objects.equals(e.lastAgentExtension(), agent.extension())) {
            return false;
        }
        consultations.callLeftAgent(call);
        log.info("call {} of agent {} is back at the route point: waits again", call.id(), call.agentId());
        engine.endings().leaveAgent(call, "back at the route point");
        call.requeue();
        engine.requeue(call);
        return true;
    }

    private boolean onFailed(PbxEvent.CommandFailed e) {
        PbxCommand failed = e.command();
        Call call = failed == null ? null : engine.callById(failed.callId());
        if (call == null) {
            return false;
        }
        if (failed instanceof PbxCommand.HoldCall) {
            log.warn("hold of call {} failed: {}", call.id(), e.message());
            call.setHoldPending(false);
            return true;
        } else if (failed instanceof PbxCommand.Record r) {
            log.warn("recording {} of call {} failed: {}", r.action(), call.id(), e.message());
            if (r.action() == RecordingAction.START) {
                call.setRecording("", null);
            }
            return true;
        } else if (failed instanceof PbxCommand.BridgeChannels) {
            log.warn("bridge for call {} failed: {}", call.id(), e.message());
            call.setBridgePending(false);
            return true;
        } else if (failed instanceof PbxCommand.SendDtmf
                || failed instanceof PbxCommand.SetVariable || failed instanceof PbxCommand.ParkCaller) {
            log.warn("{} for call {} failed: {}", failed.getClass().getSimpleName(), call.id(), e.message());
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ engine hooks

    /** The call is over (hung up, cleared, transferred away): its consultation and spies end. */
    void callEnded(Call call) {
        consultations.callEnded(call);
    }

    /** The agent logged out (by itself or forced): its outbound call and consultations are no longer tracked. */
    void loggedOut(Agent agent) {
        outbound.loggedOut(agent);
        consultations.targetLoggedOut(agent);
    }

    /** After the calls are reconciled with a snapshot: consultation legs, outbound calls and spies. */
    void resync(PbxEvent.ChannelsSnapshot snapshot) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Set<String> channels = new java.util.HashSet<>();
        for (PbxEvent.ChannelInfo c : snapshot.channels()) {
            ids.add(c.uniqueId());
            channels.add(c.channel());
        }
        consultations.resync(ids, channels);
        outbound.resync(ids);
        supervisor.resync(channels);
    }

    static Map<String, String> vars(String key, String value, String key2, String value2) {
        return Map.of(key, value, key2, value2);
    }
}
