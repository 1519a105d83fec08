package org.ctiserver.adapter.asterisk;

import java.io.IOException;
import java.util.List;
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

    /**
     * Whether {@link #send} only hands the action to the transport's own I/O thread and returns at once, whatever
     * the socket's state: then any thread, the engine's included, may call it, and the adapter does so without a hop
     * through its action thread (one thread wake-up less between a routing decision and the PBX).
     */
    default boolean sendNeverBlocks() {
        return false;
    }

    /**
     * Sends an action answered by an event list ({@code EventList: start} ... {@code ...Complete}) and waits for the
     * whole list, at most {@code timeoutMs}. Blocks: never call it on the transport's dispatch thread.
     * Each item comes in wire form (header → value); the repeated {@code Variable: NAME=value} headers of a
     * {@code Status} item come as {@code Variable(NAME)} → value.
     *
     * @throws ListRefusedException when Asterisk answers {@code Response: Error}
     * @throws IOException          when the connection fails or the list is not complete in time
     * @throws UnsupportedOperationException when this transport cannot read lists (then no resync is done)
     */
    default List<Map<String, String>> list(AmiAction action, long timeoutMs) throws IOException {
        throw new UnsupportedOperationException("event lists are not supported by " + getClass().getSimpleName());
    }

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

    /** Asterisk answered an event-list action with {@code Response: Error}. */
    final class ListRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        ListRefusedException(String message) {
            super(message);
        }
    }

    /** Asterisk refused the login: retrying only helps after the credentials or manager.conf are fixed. */
    final class LoginRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        LoginRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
