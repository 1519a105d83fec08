package org.ctiserver.protocol.message;

import java.util.List;

import org.ctiserver.core.pbx.PbxCommand.RecordingAction;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;

/**
 * What a toolbar asks the server. Each request carries the client's {@code id}, echoed in the reply.
 * New requests (transfer, conference, supervisor actions) are added here and in {@link ProtocolCodec}.
 */
public sealed interface Request {
    String id();

    /** The wire name, the value of {@code "type"}. */
    String type();

    /** The request types this version knows, for documentation checks. */
    List<String> TYPES = List.of(Hello.TYPE, Login.TYPE, Logout.TYPE, Ready.TYPE, NotReady.TYPE, Hangup.TYPE,
            CompleteWrapUp.TYPE, SetLang.TYPE, Ping.TYPE, Answer.TYPE, Hold.TYPE, Resume.TYPE, Transfer.TYPE,
            Consult.TYPE, CompleteTransfer.TYPE, CancelConsult.TYPE, Conference.TYPE, SendDtmf.TYPE, Dial.TYPE,
            ScheduleCallback.TYPE, ExtendWrapUp.TYPE, Record.TYPE, SetCallData.TYPE, ListAgents.TYPE,
            ListQueues.TYPE, ForceNotReady.TYPE, ForceLogout.TYPE, Spy.TYPE, SetSkills.TYPE, AcceptPreview.TYPE,
            SkipPreview.TYPE);

    /** The requests only supervisors (and, for some, QA monitors and administrators) may send. */
    List<String> SUPERVISOR_TYPES = List.of(ListAgents.TYPE, ListQueues.TYPE, ForceNotReady.TYPE, ForceLogout.TYPE,
            Spy.TYPE, SetSkills.TYPE);

    /** Opens the conversation: the protocol version the client speaks and, optionally, its language. */
    record Hello(String id, int version, String lang) implements Request {
        public static final String TYPE = "hello";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Authenticates and signs the agent in on an extension. {@code version} may be null when a hello
     * already fixed it; {@code lang} may be null to keep the session's language. A reconnecting client
     * names the logical session it had ({@code sessionId}, from the {@code config} event) and the last
     * {@code seq} it processed, to get the events after it replayed; both null on a first login.
     */
    record Login(String id, Integer version, String agentId, String password, String extension, String lang,
                 String sessionId, Long lastSeq) implements Request {
        public static final String TYPE = "login";

        public Login(String id, Integer version, String agentId, String password, String extension, String lang) {
            this(id, version, agentId, password, extension, lang, null, null);
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** Never shows the password, so a logged request cannot leak it. */
        @Override
        public String toString() {
            return "Login[id=" + id + ", version=" + version + ", agentId=" + agentId + ", password=***, extension="
                    + extension + ", lang=" + lang + ", sessionId=" + sessionId + ", lastSeq=" + lastSeq + "]";
        }
    }

    record Logout(String id) implements Request {
        public static final String TYPE = "logout";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Ready(String id) implements Request {
        public static final String TYPE = "ready";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param reason one of the reason codes of the {@code config} event */
    record NotReady(String id, String reason) implements Request {
        public static final String TYPE = "notReady";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Hangup(String id) implements Request {
        public static final String TYPE = "hangup";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Ends after-call work. {@code notes} and {@code nextReason} may be null; with a {@code nextReason}
     * the agent goes not ready with it instead of ready.
     */
    record CompleteWrapUp(String id, String disposition, String notes, String nextReason) implements Request {
        public static final String TYPE = "completeWrapUp";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Changes the language of the session's texts; the server answers with a fresh {@code config} event. */
    record SetLang(String id, String lang) implements Request {
        public static final String TYPE = "setLang";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Ping(String id) implements Request {
        public static final String TYPE = "ping";

        @Override
        public String type() {
            return TYPE;
        }
    }

    // ---- call control: act on the session's own agent's call ----

    /** Answer the offered call from the toolbar (phones that support remote answer). */
    record Answer(String id) implements Request {
        public static final String TYPE = "answer";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Put the caller on hold (保持). */
    record Hold(String id) implements Request {
        public static final String TYPE = "hold";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Take the held caller back (恢复). */
    record Resume(String id) implements Request {
        public static final String TYPE = "resume";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Blind transfer (转接) to an agent, a queue or a number. */
    record Transfer(String id, TargetKind targetKind, String target) implements Request {
        public static final String TYPE = "transfer";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Consultation (咨询): the caller waits on hold while the agent calls an agent or a number. */
    record Consult(String id, TargetKind targetKind, String target) implements Request {
        public static final String TYPE = "consult";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Hand the caller to the consulted party (完成转接). */
    record CompleteTransfer(String id) implements Request {
        public static final String TYPE = "completeTransfer";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Release the consulted party and take the caller back (取消咨询). */
    record CancelConsult(String id) implements Request {
        public static final String TYPE = "cancelConsult";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Turn the consultation into a three-way call (三方通话). */
    record Conference(String id) implements Request {
        public static final String TYPE = "conference";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param digits 1 to 32 of {@code 0-9 * # A-D} */
    record SendDtmf(String id, String digits) implements Request {
        public static final String TYPE = "sendDtmf";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Manual outbound call (外呼): the agent's phone rings, then {@code number} is dialed. */
    record Dial(String id, String number) implements Request {
        public static final String TYPE = "dial";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Book a call back (预约回呼) to {@code number} at {@code dueMs}; {@code note} may be null. */
    record ScheduleCallback(String id, String number, long dueMs, String note) implements Request {
        public static final String TYPE = "scheduleCallback";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Take the preview call (预览式外呼) {@code previewId} offered by {@code previewOffered}: the phone rings, then the number is dialed. */
    record AcceptPreview(String id, String previewId) implements Request {
        public static final String TYPE = "acceptPreview";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Pass on the preview call {@code previewId}; {@code reason} may be null. */
    record SkipPreview(String id, String previewId, String reason) implements Request {
        public static final String TYPE = "skipPreview";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param seconds more after-call work time, 1 to 3600 */
    record ExtendWrapUp(String id, int seconds) implements Request {
        public static final String TYPE = "extendWrapUp";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Start, pause, resume or stop the recording (录音) of the call. */
    record Record(String id, RecordingAction action) implements Request {
        public static final String TYPE = "record";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Attach a named value to the call (a channel variable on the PBX). */
    record SetCallData(String id, String name, String value) implements Request {
        public static final String TYPE = "setCallData";

        @Override
        public String type() {
            return TYPE;
        }
    }

    // ---- supervision: checked against the role and the supervisor's groups ----

    /** The agents of the supervisor's groups with their live state; answered in the reply's {@code agents}. */
    record ListAgents(String id) implements Request {
        public static final String TYPE = "listAgents";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The queues of the supervisor's agents with their live figures; answered in the reply's {@code queues}. */
    record ListQueues(String id) implements Request {
        public static final String TYPE = "listQueues";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Make an agent not ready with {@code reason} (at once when idle, after the call otherwise). */
    record ForceNotReady(String id, String agentId, String reason) implements Request {
        public static final String TYPE = "forceNotReady";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Sign an agent out (强制签出). */
    record ForceLogout(String id, String agentId) implements Request {
        public static final String TYPE = "forceLogout";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Listen (监听), whisper (密语) or barge (强插) into an agent's call from the supervisor's own extension. */
    record Spy(String id, String agentId, SpyMode mode) implements Request {
        public static final String TYPE = "spy";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Replace an agent's skills: name to level 1-10. */
    record SetSkills(String id, String agentId, java.util.Map<String, Integer> skills) implements Request {
        public static final String TYPE = "setSkills";

        public SetSkills {
            skills = java.util.Map.copyOf(skills);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Where a transfer or a consultation goes; on the wire in lower case. */
    enum TargetKind {
        AGENT, QUEUE, NUMBER;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static TargetKind fromWire(String text) {
            for (TargetKind k : values()) {
                if (k.wire().equals(text)) {
                    return k;
                }
            }
            return null;
        }
    }
}
