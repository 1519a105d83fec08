package org.ctiserver.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEvent.AgentStateChanged;
import org.ctiserver.core.event.CtiEvent.CallConnected;
import org.ctiserver.core.event.CtiEvent.CallEnded;
import org.ctiserver.core.event.CtiEvent.CallOffered;
import org.ctiserver.core.event.CtiEvent.WrapUpCompleted;
import org.ctiserver.core.event.CtiEvent.WrapUpStarted;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.protocol.message.Choice;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerEvent.CallConnectedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallEndedEvent;
import org.ctiserver.protocol.message.ServerEvent.CallOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.ConfigEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpCompletedEvent;
import org.ctiserver.protocol.message.ServerEvent.WrapUpStartedEvent;

/** Turns engine events into protocol events and the engine's configuration into the {@code config} event. */
final class EventMapper {
    /** The reason the engine sets on ring-no-answer; always present, never chosen by the agent. */
    static final String RONA = "RONA";
    private static final List<String> REASON_ORDER = List.of("break", "short-break", "short_break", "shortBreak",
            "meal", "lunch", "training", "meeting");
    private static final List<String> DISPOSITION_ORDER = List.of("inquiry", "complaint", "suggestion", "repair");

    private final Map<String, String> queueNames = new HashMap<>();
    private final Map<String, String> agentNames = new HashMap<>();
    private final Map<String, String> reasons;
    private final Map<String, String> dispositions;

    EventMapper(EngineConfig config) {
        for (QueueConfig q : config.queues()) {
            queueNames.put(q.id(), q.name());
        }
        for (AgentProfile a : config.agents()) {
            agentNames.put(a.id(), a.name());
        }
        reasons = config.notReadyReasons();
        dispositions = config.dispositions();
    }

    /** The agent an engine event concerns, or null when it concerns none (a call queued, an unanswered end). */
    static String agentOf(CtiEvent event) {
        if (event instanceof AgentStateChanged e) {
            return e.agentId();
        } else if (event instanceof CallOffered e) {
            return e.agentId();
        } else if (event instanceof CallConnected e) {
            return e.agentId();
        } else if (event instanceof CallEnded e) {
            return e.agentId();
        } else if (event instanceof WrapUpStarted e) {
            return e.agentId();
        } else if (event instanceof WrapUpCompleted e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.CallHoldChanged e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.CallTransferred e) {
            return e.fromAgentId();
        } else if (event instanceof CtiEvent.ConsultChanged e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.ConferenceStarted e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.RecordingChanged e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.OutboundCallChanged e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.CallDtmf e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.AgentSkillsChanged e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.CallbackScheduled e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.WrapUpExtended e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.PreviewOffered e) {
            return e.agentId();
        } else if (event instanceof CtiEvent.PreviewEnded e) {
            return e.agentId();
        }
        // SpyChanged is not the agent's to see: only supervisors get it (see subjectOf)
        return null;
    }

    /** The agent whose groups decide which supervisors see the event, or null. */
    static String subjectOf(CtiEvent event) {
        if (event instanceof CtiEvent.SpyChanged e) {
            return e.agentId();
        }
        return agentOf(event);
    }

    /**
     * True for the events the supervisors of the agent's groups see too: state, hold, transfers, consultations,
     * conferences, recording, supervision, skills, outbound calls and callbacks. Not the screen pop (customer data),
     * DTMF (may be a PIN) nor after-call work.
     */
    static boolean forSupervisors(ServerEvent event) {
        return event instanceof AgentStateEvent || event instanceof ServerEvent.HoldChangedEvent
                || event instanceof ServerEvent.CallTransferredEvent || event instanceof ServerEvent.ConsultChangedEvent
                || event instanceof ServerEvent.ConferenceStartedEvent
                || event instanceof ServerEvent.RecordingChangedEvent || event instanceof ServerEvent.SpyChangedEvent
                || event instanceof ServerEvent.SkillsChangedEvent || event instanceof ServerEvent.OutboundCallEvent
                || event instanceof ServerEvent.CallbackScheduledEvent;
    }

    /** The protocol event for an engine event, or null when toolbars do not see it. */
    ServerEvent toServerEvent(CtiEvent event) {
        if (event instanceof AgentStateChanged e) {
            return new AgentStateEvent(e.agentId(), e.to(), e.from(), e.reason(), e.atEpochMs(),
                    e.to().isLoggedIn() ? e.extension() : null);
        } else if (event instanceof CallOffered e) {
            return new CallOfferedEvent(e.callId(), e.queueId(), queueName(e.queueId()), e.callerNumber(),
                    e.callerName(), e.dialedNumber(), e.waitMs(), e.data(), e.atEpochMs());
        } else if (event instanceof CallConnected e) {
            return new CallConnectedEvent(e.callId(), e.queueId(), e.atEpochMs());
        } else if (event instanceof CallEnded e) {
            return new CallEndedEvent(e.callId(), e.queueId(), e.outcome(), e.reason(), e.atEpochMs());
        } else if (event instanceof WrapUpStarted e) {
            return new WrapUpStartedEvent(e.callId(), e.deadlineEpochMs(), e.atEpochMs());
        } else if (event instanceof WrapUpCompleted e) {
            return new WrapUpCompletedEvent(e.callId(), e.dispositionCode(), e.notes(), e.byDeadline(), e.atEpochMs());
        } else if (event instanceof CtiEvent.CallHoldChanged e) {
            return new ServerEvent.HoldChangedEvent(e.agentId(), e.callId(), e.held(), e.atEpochMs());
        } else if (event instanceof CtiEvent.CallTransferred e) {
            return new ServerEvent.CallTransferredEvent(e.callId(), e.queueId(), e.fromAgentId(), e.targetKind(),
                    e.target(), e.consulted(), e.atEpochMs());
        } else if (event instanceof CtiEvent.ConsultChanged e) {
            return new ServerEvent.ConsultChangedEvent(e.agentId(), e.callId(), e.targetKind(), e.target(), e.state(),
                    e.reason(), e.atEpochMs());
        } else if (event instanceof CtiEvent.ConferenceStarted e) {
            return new ServerEvent.ConferenceStartedEvent(e.agentId(), e.callId(), e.room(), e.atEpochMs());
        } else if (event instanceof CtiEvent.RecordingChanged e) {
            return new ServerEvent.RecordingChangedEvent(e.agentId(), e.callId(), e.action(), e.file(), e.atEpochMs());
        } else if (event instanceof CtiEvent.SpyChanged e) {
            return new ServerEvent.SpyChangedEvent(e.supervisorId(), e.agentId(), e.callId(), e.mode(), e.active(),
                    e.atEpochMs());
        } else if (event instanceof CtiEvent.OutboundCallChanged e) {
            return new ServerEvent.OutboundCallEvent(e.agentId(), e.requestId(), e.number(), e.state(), e.reason(),
                    e.atEpochMs());
        } else if (event instanceof CtiEvent.CallDtmf e) {
            return new ServerEvent.DtmfEvent(e.agentId(), e.callId(), e.digit(), e.atEpochMs());
        } else if (event instanceof CtiEvent.AgentSkillsChanged e) {
            return new ServerEvent.SkillsChangedEvent(e.agentId(), e.skills(), e.supervisorId(), e.atEpochMs());
        } else if (event instanceof CtiEvent.CallbackScheduled e) {
            return new ServerEvent.CallbackScheduledEvent(e.callbackId(), e.agentId(), e.number(), e.dueEpochMs(),
                    e.note(), e.atEpochMs());
        } else if (event instanceof CtiEvent.WrapUpExtended e) {
            return new ServerEvent.WrapUpExtendedEvent(e.agentId(), e.callId(), e.deadlineEpochMs(), e.atEpochMs());
        } else if (event instanceof CtiEvent.PreviewOffered e) {
            return new ServerEvent.PreviewOfferedEvent(e.agentId(), e.previewId(), e.number(), e.note(), e.kind(),
                    e.deadlineEpochMs(), e.atEpochMs());
        } else if (event instanceof CtiEvent.PreviewEnded e) {
            return new ServerEvent.PreviewEndedEvent(e.agentId(), e.previewId(), e.outcome(), e.reason(),
                    e.retryEpochMs(), e.atEpochMs());
        }
        return null;
    }

    String queueName(String queueId) {
        return queueId == null ? null : queueNames.getOrDefault(queueId, queueId);
    }

    String agentName(String agentId) {
        return agentNames.get(agentId);
    }

    /** The config event with the user's access (role, groups, clearance, whether the user takes calls). */
    ConfigEvent config(String lang, org.ctiserver.protocol.access.User user, boolean takesCalls, long serverTimeMs) {
        ConfigEvent c = config(lang, user.id(), serverTimeMs);
        String name = c.agentName() != null ? c.agentName() : user.name();
        return new ConfigEvent(c.lang(), c.agentId(), name, c.reasons(), c.dispositions(), c.serverTimeMs(), null,
                new ServerEvent.Access(user.role().wire(), user.groups().stream().sorted().toList(), user.clearance(),
                        takesCalls));
    }

    ConfigEvent config(String lang, String agentId, long serverTimeMs) {
        List<Choice> reasonList = new ArrayList<>();
        sorted(reasons.keySet(), REASON_ORDER).stream().filter(code -> !RONA.equals(code))
                .forEach(code -> reasonList.add(new Choice(code, Texts.reason(lang, code, reasons.get(code)))));
        reasonList.add(new Choice(RONA, Texts.reason(lang, RONA, reasons.getOrDefault(RONA, RONA)), true));
        List<Choice> dispositionList = new ArrayList<>();
        sorted(dispositions.keySet(), DISPOSITION_ORDER).forEach(code ->
                dispositionList.add(new Choice(code, Texts.disposition(lang, code, dispositions.get(code)))));
        return new ConfigEvent(lang, agentId, agentName(agentId), reasonList, dispositionList, serverTimeMs);
    }

    /** Well-known codes first in their usual order, then the rest by code, so lists are stable across restarts. */
    private static List<String> sorted(Collection<String> codes, List<String> preferred) {
        List<String> out = new ArrayList<>(codes);
        out.sort(Comparator.<String>comparingInt(c -> {
            int i = preferred.indexOf(c);
            return i < 0 ? preferred.size() : i;
        }).thenComparing(Comparator.naturalOrder()));
        return out;
    }
}
