package org.ctiserver.protocol.message;

import java.util.List;

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
            CompleteWrapUp.TYPE, SetLang.TYPE, Ping.TYPE);

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
}
