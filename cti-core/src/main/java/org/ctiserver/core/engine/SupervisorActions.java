package org.ctiserver.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.call.Call;
import org.ctiserver.core.call.CallState;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervisors' commands (force not ready, force logout, skills, listening in) and the agent's wrap-up extension.
 * Part of the {@link Engine}. The rules:
 * <ul>
 *   <li>ForceNotReady takes effect at once for an idle agent (READY or NOT_READY); for one with a call or in wrap-up
 *       it is remembered and applied when the call or the wrap-up ends, whatever the agent asks for then;</li>
 *   <li>ForceLogout signs the agent out now: an offered call waits again in its queue, a call in talk is left to
 *       the phone (its record ends with {@link #LOGGED_OUT_REASON}, handled without wrap-up), a wrap-up ends;</li>
 *   <li>SetSkills applies to the next routing decision (the router tests the agent again);</li>
 *   <li>Spy calls the supervisor's phone and lets it listen to (whisper to, barge into) the agent's leg.</li>
 * </ul>
 */
final class SupervisorActions {
    private static final Logger log = LoggerFactory.getLogger(SupervisorActions.class);

    static final String LOGGED_OUT_REASON = "agent logged out by a supervisor";
    static final int MAX_EXTEND_SECONDS = 3600;

    /** One spy call; {@code spyerChannel} is the supervisor's line once its phone answered. */
    private static final class Spy {
        final String requestId;
        final String supervisorId;
        final String agentId;
        final String callId;
        final PbxCommand.SpyMode mode;
        final String agentChannel;
        String spyerChannel;

        Spy(String requestId, String supervisorId, String agentId, String callId, PbxCommand.SpyMode mode,
            String agentChannel) {
            this.requestId = requestId;
            this.supervisorId = supervisorId;
            this.agentId = agentId;
            this.callId = callId;
            this.mode = mode;
            this.agentChannel = agentChannel;
        }
    }

    private final Engine engine;
    private final CallControl control;
    private final Map<String, Spy> spies = new LinkedHashMap<>();
    private long requests;

    SupervisorActions(Engine engine, CallControl control) {
        this.engine = engine;
        this.control = control;
    }

    CommandResult apply(SupervisorCommand command) {
        Agent agent = command == null ? null : engine.agentById(command.agentId());
        if (agent == null) {
            return CommandResult.error(ErrorCode.UNKNOWN_AGENT,
                    "no agent '" + (command == null ? null : command.agentId()) + "'");
        }
        if (command.supervisorId() == null || command.supervisorId().isBlank()) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "no supervisor id");
        }
        if (command instanceof SupervisorCommand.SetSkills c) {
            return setSkills(agent, c);
        }
        if (!agent.state().isLoggedIn()) {
            return CommandResult.error(ErrorCode.NOT_LOGGED_IN, "agent " + agent.id() + " is not logged in");
        }
        if (command instanceof SupervisorCommand.ForceNotReady c) {
            return forceNotReady(agent, c.reasonCode());
        } else if (command instanceof SupervisorCommand.ForceLogout) {
            return forceLogout(agent);
        } else if (command instanceof SupervisorCommand.Spy c) {
            return spy(agent, c);
        }
        return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "unknown command " + command);
    }

    private CommandResult forceNotReady(Agent agent, String reason) {
        if (reason == null || !engine.notReadyReasons.contains(reason)) {
            return CommandResult.error(ErrorCode.UNKNOWN_REASON, "not-ready reason '" + reason + "' is not configured");
        }
        if (agent.state() == AgentState.READY || agent.state() == AgentState.NOT_READY) {
            return engine.transition(agent, AgentState.NOT_READY, reason);
        }
        // RESERVED, TALKING, WRAP_UP: applied by Engine.transition when the agent leaves the call or the wrap-up
        agent.setPendingNotReadyReason(reason);
        return CommandResult.ok();
    }

    private CommandResult forceLogout(Agent agent) {
        Call call = agent.currentCallId() == null ? null : engine.callById(agent.currentCallId());
        if (agent.state() == AgentState.RESERVED && call != null && call.state() == CallState.OFFERED) {
            // the phone still rings: parking the caller ends that dial, and the call is routed again from there
            engine.pbx(new PbxCommand.ParkCaller(call.id(), call.channel()));
            call.closeSegment(engine.epochMs, "agent logged out");
            call.requeue();
            agent.setCurrentCallId(null);
            agent.setPendingNotReadyReason(null);
            engine.transition(agent, AgentState.NOT_READY, "");
            engine.requeue(call);
        } else if (agent.state() == AgentState.TALKING && call != null && call.state() == CallState.TALKING) {
            leaveToPhone(agent, call);
        } else if (agent.state() == AgentState.RESERVED || agent.state() == AgentState.TALKING) {
            agent.setCurrentCallId(null);
            engine.transition(agent, AgentState.NOT_READY, "");
        }
        return engine.commands().logout(agent);
    }

    /** The call in talk stays on the phone but leaves the CTI: its record ends, the agent's handling too. */
    private void leaveToPhone(Agent agent, Call call) {
        engine.endings().callGoneWithoutWrapUp(call, LOGGED_OUT_REASON);
        agent.setCurrentCallId(null);
        agent.setPendingNotReadyReason(null);
        engine.transition(agent, AgentState.NOT_READY, "");
    }

    private CommandResult setSkills(Agent agent, SupervisorCommand.SetSkills c) {
        for (Map.Entry<String, Integer> e : c.skills().entrySet()) {
            if (e.getKey().isBlank() || e.getValue() == null || e.getValue() < 1 || e.getValue() > 10) {
                return CommandResult.error(ErrorCode.INVALID_ARGUMENT,
                        "skill '" + e.getKey() + "' must have a name and a level from 1 to 10, not " + e.getValue());
            }
        }
        agent.setSkills(c.skills());
        engine.phones().reindex(agent);
        engine.store().agentChanged(agent.snapshot());
        engine.emit(new CtiEvent.AgentSkillsChanged(engine.nextSeq(), engine.epochMs, agent.id(), c.skills(),
                c.supervisorId()));
        return CommandResult.ok();
    }

    private CommandResult spy(Agent agent, SupervisorCommand.Spy c) {
        if (c.supervisorExtension() == null || c.supervisorExtension().isBlank()) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "no supervisor extension");
        }
        if (c.mode() == null) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT, "no spy mode");
        }
        Call call = control.talkingCall(agent);
        if (call == null) {
            return CallControl.noCall(agent);
        }
        if (call.agentChannel() == null) {
            return CallControl.illegal("agent " + agent.id() + " has no leg to listen to now (consultation)");
        }
        Spy s = new Spy("spy-" + (++requests) + "-" + call.id(), c.supervisorId(), agent.id(), call.id(), c.mode(),
                call.agentChannel());
        spies.put(s.requestId, s);
        engine.pbx(new PbxCommand.Spy(call.id(), s.requestId, c.supervisorExtension().trim(), call.agentChannel(),
                c.mode()));
        return CommandResult.ok();
    }

    CommandResult extendWrapUp(Agent agent, int extraSeconds) {
        if (agent.state() != AgentState.WRAP_UP) {
            return CommandResult.error(ErrorCode.ILLEGAL_TRANSITION,
                    "agent " + agent.id() + " is not in wrap-up but " + agent.state());
        }
        if (extraSeconds < 1 || extraSeconds > MAX_EXTEND_SECONDS) {
            return CommandResult.error(ErrorCode.INVALID_ARGUMENT,
                    "extra seconds must be from 1 to " + MAX_EXTEND_SECONDS + ", not " + extraSeconds);
        }
        if (agent.wrapUpDeadlineNs() == 0) {
            return CallControl.illegal("agent " + agent.id() + "'s wrap-up has no deadline to extend");
        }
        long deadlineNs = agent.wrapUpDeadlineNs() + TimeUnit.SECONDS.toNanos(extraSeconds);
        long token = engine.scheduleTimer(deadlineNs, Timers.Kind.WRAP_UP_END, agent.id());
        agent.setWrapUpDeadline(deadlineNs, token);
        // from the deadline the agent was told: the wall clock and the monotonic clock do not move in step to the ms
        long deadlineEpochMs = agent.wrapUpDeadlineEpochMs() + TimeUnit.SECONDS.toMillis(extraSeconds);
        agent.setWrapUpDeadlineEpochMs(deadlineEpochMs);
        engine.emit(new CtiEvent.WrapUpExtended(engine.nextSeq(), engine.epochMs, agent.id(), agent.currentCallId(),
                deadlineEpochMs));
        return CommandResult.ok();
    }

    // ------------------------------------------------------------------ PBX events

    boolean on(PbxEvent event) {
        if (spies.isEmpty()) {
            return false;
        }
        if (event instanceof PbxEvent.OriginateResult e) {
            Spy s = spies.get(e.requestId());
            if (s == null) {
                return false;
            }
            if (e.outcome() == PbxEvent.OriginateOutcome.ANSWERED) {
                s.spyerChannel = e.channel();
            } else {
                stopped(s, "supervisor's phone: " + e.outcome());
            }
            return true;
        } else if (event instanceof PbxEvent.SpyChanged e) {
            Spy s = find(e);
            if (s == null) {
                return true;
            }
            if (e.started()) {
                engine.emit(new CtiEvent.SpyChanged(engine.nextSeq(), engine.epochMs, s.supervisorId, s.agentId,
                        s.callId, s.mode, true));
            } else {
                stopped(s, "stopped");
            }
            return true;
        } else if (event instanceof PbxEvent.CommandFailed e && e.command() instanceof PbxCommand.Spy c) {
            Spy s = spies.get(c.requestId());
            if (s != null) {
                stopped(s, "spy failed: " + e.message());
            }
            return s != null;
        } else if (event instanceof PbxEvent.ChannelHungUp e) {
            // the supervisor hung up before ChanSpy started (after it started, ChanSpyStop comes)
            for (Spy s : spies.values()) {
                if (e.channel() != null && e.channel().equals(s.spyerChannel)) {
                    stopped(s, "supervisor hung up");
                    return false;
                }
            }
        }
        return false;
    }

    private Spy find(PbxEvent.SpyChanged e) {
        for (Spy s : spies.values()) {
            if (e.spyerChannel() != null && e.spyerChannel().equals(s.spyerChannel)) {
                return s;
            }
        }
        for (Spy s : spies.values()) {
            if (e.spyeeChannel() != null && e.spyeeChannel().equals(s.agentChannel)) {
                return s;
            }
        }
        return null;
    }

    private void stopped(Spy s, String why) {
        spies.remove(s.requestId);
        log.info("spy {} of supervisor {} on agent {} ended: {}", s.requestId, s.supervisorId, s.agentId, why);
        engine.emit(new CtiEvent.SpyChanged(engine.nextSeq(), engine.epochMs, s.supervisorId, s.agentId, s.callId,
                s.mode, false));
    }

    /** After a snapshot: a spy whose supervisor line is gone ended while the link was down. */
    void resync(Set<String> channels) {
        for (Spy s : new ArrayList<>(spies.values())) {
            if (s.spyerChannel == null || !channels.contains(s.spyerChannel)) {
                stopped(s, "ended while PBX link was down");
            }
        }
    }
}
