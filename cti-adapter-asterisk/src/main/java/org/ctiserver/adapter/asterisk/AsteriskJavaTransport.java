package org.ctiserver.adapter.asterisk;

import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.asteriskjava.manager.response.ManagerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * {@link AmiTransport} over Asterisk-Java's {@link ManagerConnection}: one reader thread and one dispatch
 * thread per connection, events and responses delivered on the dispatch thread. Asterisk-Java's own
 * reconnect loop (fixed 50 ms / 5 s intervals, same connection object) is stopped as soon as the
 * disconnect is seen: the adapter reconnects with its own backoff on a fresh transport.
 */
final class AsteriskJavaTransport implements AmiTransport, ManagerEventListener {
    private static final Logger log = LoggerFactory.getLogger(AsteriskJavaTransport.class);

    private final AmiSettings settings;
    private volatile ManagerConnection connection;
    private volatile Listener listener;

    AsteriskJavaTransport(AmiSettings settings) {
        this.settings = settings;
    }

    @Override
    public String open(Listener eventListener) throws IOException {
        int timeoutMs = AmiSettings.toMillisInt(settings.connectTimeout());
        ManagerConnection c = new ManagerConnectionFactory(settings.host(), settings.port(), settings.username(),
                settings.secret()).createManagerConnection();
        c.setSocketTimeout(timeoutMs); // TCP connect; Asterisk-Java's default 0 waits forever
        if (c instanceof ManagerConnectionImpl impl) {
            impl.setDefaultResponseTimeout(timeoutMs); // banner, Challenge, Login, version probe, Logoff
        }
        // without a registered class Asterisk-Java drops these UserEvents without a trace
        c.registerUserEventClass(CtiCallWaitingEvent.class);
        c.registerUserEventClass(CtiCallRequeuedEvent.class);
        this.listener = eventListener;
        this.connection = c;
        c.addEventListener(this);
        try {
            c.login(); // Challenge AuthType: MD5, then Login with md5(challenge + secret)
        } catch (AuthenticationFailedException e) {
            throw new LoginRefusedException("login as '" + settings.username() + "' refused: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("no answer from " + settings.host() + ":" + settings.port() + " during login: "
                    + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IOException("connection not usable for login: " + e.getMessage(), e);
        }
        return c.getVersion() + " (" + c.getProtocolIdentifier() + ")";
    }

    @Override
    public void send(AmiAction action, Consumer<AmiResponse> callback) throws IOException {
        ManagerConnection c = connection;
        if (c == null) {
            throw new IOException("not connected");
        }
        try {
            c.sendAction(toManagerAction(action), response -> {
                if (response == null) {
                    callback.accept(null); // Asterisk-Java's signal for "connection lost before the response"
                } else {
                    callback.accept(new AmiResponse(!(response instanceof ManagerError),
                            response.getMessage() == null ? "" : response.getMessage()));
                }
            });
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        ManagerConnection c = connection;
        if (c == null) {
            return;
        }
        // not removeEventListener: called from the dispatch loop it throws ConcurrentModificationException there
        listener = null;
        ManagerConnectionState state = c.getState();
        if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
            try {
                c.logoff(); // also ends Asterisk-Java's reconnect thread, which only runs while RECONNECTING
            } catch (IllegalStateException raced) {
                log.debug("logoff skipped: {}", raced.getMessage());
            }
        }
    }

    @Override
    public void onManagerEvent(ManagerEvent event) {
        Listener l = listener;
        if (l == null) {
            return;
        }
        if (event instanceof DisconnectEvent) {
            // Asterisk-Java has closed the socket and started its own reconnect thread, which sleeps 50 ms
            // before it tries: stop it now (no network I/O: the socket is gone) so that only the adapter's
            // backoff decides when to reconnect, and on a fresh connection.
            close();
            l.onDisconnected("connection to " + settings.host() + ":" + settings.port() + " lost");
            return;
        }
        EventTranslator.AmiFrame frame = EventTranslator.toFrame(event);
        if (frame != null) {
            l.onEvent(frame.name(), frame.fields());
        }
    }

    private static ManagerAction toManagerAction(AmiAction action) {
        switch (action.name()) {
            case AmiAction.REDIRECT:
                return new RedirectAction(action.header("Channel"), action.header("Context"), action.header("Exten"),
                        Integer.valueOf(action.header("Priority")));
            case AmiAction.HANGUP:
                return new HangupAction(action.header("Channel"));
            case AmiAction.PING:
                return new PingAction();
            default:
                throw new IllegalArgumentException("unsupported AMI action " + action.name());
        }
    }
}
