package org.ctiserver.core.command;

import org.ctiserver.core.pbx.PbxCommand.RecordingAction;

/**
 * What a seat agent (through the toolbar) asks the engine. The front end has already
 * authenticated the agent and checked that {@code agentId} is the session's own agent.
 */
public sealed interface AgentCommand {
    String agentId();

    /** Sign in on a phone extension; the agent starts NOT_READY. */
    record Login(String agentId, String extension) implements AgentCommand {
    }

    record Logout(String agentId) implements AgentCommand {
    }

    record Ready(String agentId) implements AgentCommand {
    }

    /** @param reasonCode one of the configured not-ready reasons */
    record NotReady(String agentId, String reasonCode) implements AgentCommand {
    }

    /** Hang up the agent's current call (offered or talking). */
    record Hangup(String agentId) implements AgentCommand {
    }

    /**
     * End after-call work. {@code dispositionCode} is one of the configured dispositions;
     * the agent goes READY, or NOT_READY with {@code nextReasonCode} when it is not null.
     */
    record CompleteWrapUp(String agentId, String dispositionCode, String notes, String nextReasonCode) implements AgentCommand {
    }

    /** Answer the offered call from the CTI, where the agent's phone supports remote answer. */
    record Answer(String agentId) implements AgentCommand {
    }

    /** Put the caller of the agent's call on hold (music); the agent stays TALKING. */
    record Hold(String agentId) implements AgentCommand {
    }

    /** Take the held caller back. */
    record Resume(String agentId) implements AgentCommand {
    }

    /** Blind transfer: the call goes to {@code target} and leaves the agent, who starts wrap-up. */
    record Transfer(String agentId, Target target) implements AgentCommand {
    }

    /** Consultation: the caller waits on hold while the agent's phone calls {@code target} (an agent or a number). */
    record Consult(String agentId, Target target) implements AgentCommand {
    }

    /** End a consultation by handing the caller to the consulted party. */
    record CompleteTransfer(String agentId) implements AgentCommand {
    }

    /** End a consultation without transferring: the consulted party is released and the caller comes back. */
    record CancelConsult(String agentId) implements AgentCommand {
    }

    /** Turn a consultation into a three-way conference of caller, agent and consulted party. */
    record Conference(String agentId) implements AgentCommand {
    }

    /** Send DTMF digits ({@code 0-9*#A-D}) to the caller, e.g. to an IVR the agent dialed. */
    record SendDtmf(String agentId, String digits) implements AgentCommand {
    }

    /** Manual outbound call: the agent's phone rings first, then {@code number} is dialed. */
    record Dial(String agentId, String number) implements AgentCommand {
    }

    /** Book a call back to {@code number} at {@code dueEpochMs}, to be offered to this agent (or the queue). */
    record ScheduleCallback(String agentId, String number, long dueEpochMs, String note) implements AgentCommand {
    }

    /** Give the current after-call work {@code extraSeconds} more. */
    record ExtendWrapUp(String agentId, int extraSeconds) implements AgentCommand {
    }

    /** Start, pause, resume or stop the recording of the agent's call. */
    record Record(String agentId, RecordingAction action) implements AgentCommand {
    }

    /** Attach data to the agent's call (a channel variable on the PBX, e.g. the disposition for the dialplan). */
    record SetCallData(String agentId, String name, String value) implements AgentCommand {
    }

    /** Take the preview call {@code previewId} the engine offered: the agent's phone rings, then the number is dialed. */
    record AcceptPreview(String agentId, String previewId) implements AgentCommand {
    }

    /**
     * Pass on the preview call {@code previewId}: the callback is tried again later, or dropped after the configured
     * number of skips. {@code reason} is free text for the record (may be empty).
     */
    record SkipPreview(String agentId, String previewId, String reason) implements AgentCommand {
    }

    /** Where a transfer or a consultation goes. */
    sealed interface Target {
        /** Another agent, by agent id; the engine dials the phone the agent is logged in on. */
        record Agent(String agentId) implements Target {
        }

        /** A queue: the caller waits there again, keeping the call's data. Transfers only. */
        record Queue(String queueId) implements Target {
        }

        /** An outside number or an extension that is no agent's. */
        record Number(String number) implements Target {
        }
    }
}
