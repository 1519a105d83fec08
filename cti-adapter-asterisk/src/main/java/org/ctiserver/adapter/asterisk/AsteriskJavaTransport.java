package org.ctiserver.adapter.asterisk;

import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.AbstractManagerAction;
import org.asteriskjava.manager.action.BridgeAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.MixMonitorAction;
import org.asteriskjava.manager.action.MixMonitorMuteAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PlayDtmfAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.action.StopMixMonitorAction;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.StatusAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.event.StatusEvent;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.asteriskjava.manager.response.ManagerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        c.registerUserEventClass(CtiAmdResultEvent.class);
        // Asterisk-Java 3.41 has no class for this event and would drop it: registered like a UserEvent class,
        // it is mapped by its class name
        c.registerUserEventClass(MixMonitorMuteEvent.class);
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
    public List<Map<String, String>> list(AmiAction action, long timeoutMs) throws IOException {
        ManagerConnection c = connection;
        if (c == null) {
            throw new IOException("not connected");
        }
        if (action.name().equals(Resynchronizer.DEVICE_STATE_LIST)) {
            return deviceStateList(c, timeoutMs);
        }
        EventGeneratingAction request;
        if (action.name().equals(AmiAction.CORE_SHOW_CHANNELS)) {
            request = new CoreShowChannelsAction();
        } else if (action.name().equals(AmiAction.STATUS)) {
            StatusAction status = new StatusAction(action.header("Channel"));
            status.setVariables(action.header("Variables"));
            request = status;
        } else {
            throw new IllegalArgumentException("unsupported AMI list action " + action.name());
        }
        ResponseEvents answer;
        try {
            answer = c.sendEventGeneratingAction(request, timeoutMs);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        } catch (org.asteriskjava.manager.EventTimeoutException e) {
            if (e.getPartialResult() == null || e.getPartialResult().getResponse() == null) {
                // not even a Response: this peer does not answer the action (no Asterisk does that)
                throw new ListRefusedException(action.name() + ": no response within " + timeoutMs + " ms");
            }
            throw new IOException(action.name() + " list not complete within " + timeoutMs + " ms", e);
        }
        if (answer.getResponse() instanceof ManagerError error) {
            throw new ListRefusedException(action.name() + ": " + error.getMessage());
        }
        List<Map<String, String>> items = new ArrayList<>();
        for (ResponseEvent e : answer.getEvents()) {
            if (e instanceof CoreShowChannelEvent ch) {
                Map<String, String> f = channelFields(e);
                put(f, "Channel", ch.getChannel());
                put(f, "Uniqueid", ch.getUniqueid());
                put(f, "Linkedid", ch.getLinkedid());
                put(f, "Application", ch.getApplication());
                put(f, "BridgeId", ch.getBridgeid());
                items.add(f);
            } else if (e instanceof StatusEvent st) {
                Map<String, String> f = channelFields(e);
                put(f, "Channel", st.getChannel());
                put(f, "Uniqueid", st.getUniqueId());
                put(f, "Linkedid", st.getLinkedId());
                put(f, "Application", st.getApplication());
                put(f, "BridgeID", st.getBridgeId());
                if (st.getVariables() != null) {
                    st.getVariables().forEach((k, v) -> put(f, "Variable(" + k + ")", v));
                }
                items.add(f);
            }
        }
        return items;
    }

    /**
     * {@code DeviceStateList}: Asterisk-Java has no action class for it, and builds its items as plain
     * {@code DeviceStateChangeEvent}s (no {@link ResponseEvent}), which it hands to the event listeners like live ones.
     * So only the response is awaited here and the list is returned empty: the items reach the adapter as events
     * (a device state is a state, whenever it comes).
     */
    private static List<Map<String, String>> deviceStateList(ManagerConnection c, long timeoutMs) throws IOException {
        org.asteriskjava.manager.response.ManagerResponse response;
        try {
            response = c.sendAction(new DeviceStateListAction(), timeoutMs);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new ListRefusedException(Resynchronizer.DEVICE_STATE_LIST + ": no response within " + timeoutMs + " ms");
        }
        if (response instanceof ManagerError error) {
            throw new ListRefusedException(Resynchronizer.DEVICE_STATE_LIST + ": " + error.getMessage());
        }
        return List.of();
    }

    /** {@code Action: DeviceStateList} (Asterisk 13+), which Asterisk-Java 3.41 does not have. */
    static final class DeviceStateListAction extends org.asteriskjava.manager.action.AbstractManagerAction {
        private static final long serialVersionUID = 1L;

        @Override
        public String getAction() {
            return Resynchronizer.DEVICE_STATE_LIST;
        }
    }

    private static Map<String, String> channelFields(ResponseEvent e) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "Context", e.getContext());
        put(f, "Exten", e.getExten());
        put(f, "ChannelStateDesc", e.getChannelStateDesc());
        put(f, "CallerIDNum", e.getCallerIdNum());
        put(f, "CallerIDName", e.getCallerIdName());
        return f;
    }

    private static void put(Map<String, String> f, String name, String value) {
        if (value != null) {
            f.put(name, value);
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

    /** The Asterisk-Java action object for an action in wire form (its headers as the stock classes name them). */
    static ManagerAction toManagerAction(AmiAction action) {
        ManagerAction m = switch (action.name()) {
            case AmiAction.REDIRECT -> redirect(action);
            case AmiAction.HANGUP -> new HangupAction(action.header("Channel"));
            case AmiAction.PING -> new PingAction();
            case AmiAction.BRIDGE -> new BridgeAction(action.header("Channel1"), action.header("Channel2"),
                    !"no".equalsIgnoreCase(action.header("Tone")));
            case AmiAction.ORIGINATE -> originate(action);
            case AmiAction.MIX_MONITOR -> new MixMonitorAction(action.header("Channel"), action.header("File"),
                    action.header("Options"));
            case AmiAction.MIX_MONITOR_MUTE -> new MixMonitorMuteAction(action.header("Channel"),
                    action.header("Direction"), action.intHeader("State", 0));
            case AmiAction.STOP_MIX_MONITOR -> new StopMixMonitorAction(action.header("Channel"));
            case AmiAction.PLAY_DTMF -> {
                PlayDtmfAction dtmf = new PlayDtmfAction(action.header("Channel"), action.header("Digit"));
                dtmf.setDuration(action.intHeader("Duration", AmiCommands.DTMF_DURATION_MS));
                yield dtmf;
            }
            case AmiAction.SETVAR -> new SetVarAction(action.header("Channel"), action.header("Variable"),
                    action.header("Value"));
            default -> throw new IllegalArgumentException("unsupported AMI action " + action.name());
        };
        if (!action.requestId().isEmpty() && m instanceof AbstractManagerAction a) {
            // Asterisk-Java sends "<its internal id>#<this>" and strips its part again from the events
            a.setActionId(action.requestId());
        }
        return m;
    }

    private static RedirectAction redirect(AmiAction action) {
        RedirectAction r = new RedirectAction(action.header("Channel"), action.header("Context"),
                action.header("Exten"), action.intHeader("Priority", 1));
        if (action.header("ExtraChannel") != null) {
            r.setExtraChannel(action.header("ExtraChannel"));
            r.setExtraContext(action.header("ExtraContext"));
            r.setExtraExten(action.header("ExtraExten"));
            r.setExtraPriority(action.intHeader("ExtraPriority", 1));
        }
        return r;
    }

    private static OriginateAction originate(AmiAction action) {
        OriginateAction o = new OriginateAction();
        o.setChannel(action.header("Channel"));
        if (action.header("Application") != null) {
            o.setApplication(action.header("Application"));
            o.setData(action.header("Data"));
        } else {
            o.setContext(action.header("Context"));
            o.setExten(action.header("Exten"));
            o.setPriority(action.intHeader("Priority", 1));
        }
        if (action.header("CallerID") != null) {
            o.setCallerId(action.header("CallerID"));
        }
        o.setTimeout(Long.parseLong(action.header("Timeout")));
        o.setAsync(Boolean.parseBoolean(action.header("Async")));
        if (!action.variables().isEmpty()) {
            o.setVariables(new LinkedHashMap<>(action.variables()));
        }
        return o;
    }
}
