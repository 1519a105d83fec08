package org.ctiserver.adapter.asterisk;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One AMI session over some client library or codec. A new instance is made for every connection attempt;
 * reconnecting, pinging and timeouts belong to {@link AsteriskAdapter}, not to the transport.
 */
interface AmiTransport {

    /**
     * Connects and logs in, blocking for at most a few connect timeouts. From then on events flow to the
     * listener until {@link #close()} or {@link Listener#onDisconnected}.
     *
     * @return a description of the PBX version, for {@code LinkUp}
     * @throws IOException when the connection or the login fails ({@link LoginRefusedException} for bad credentials)
     */
    String open(Listener listener) throws IOException;

    /**
     * Writes an action. The callback runs once, possibly on the transport's own thread (so it must not block),
     * with the response, or with null when the connection was lost before the response arrived.
     */
    void send(AmiAction action, Consumer<AmiResponse> callback) throws IOException;

    /** Logs off when still logged in and releases everything; best effort, never throws. */
    void close();

    /** Receives events on the transport's dispatch thread: implementations must return at once. */
    interface Listener {
        void onEvent(String name, Map<String, String> fields);

        void onDisconnected(String reason);
    }

    /** {@code Response: Success|Error} of an action, with its {@code Message}. */
    record AmiResponse(boolean success, String message) {
    }

    /** Asterisk refused the login: retrying only helps after the credentials or manager.conf are fixed. */
    final class LoginRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        LoginRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
