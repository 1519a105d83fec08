package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.pbxsim.ami.AmiEventMask;
import org.ctiserver.pbxsim.ami.AmiMessage;

/**
 * Builds events with Asterisk 22's header names and order (Event, Privilege, Timestamp, then a channel
 * snapshot, then the event's own fields) and applies the channel changes they announce.
 */
final class Events {
    static final String CALL = "call,all";
    static final String DIALPLAN = "dialplan,all";
    static final String USER = "user,all";
    static final String DTMF = "dtmf,all";

    private final SimScheduler clock;
    private final EventSink sink;
    private final SimulatorLedger ledger;
    private long lastTs;

    Events(SimScheduler clock, EventSink sink, SimulatorLedger ledger) {
        this.clock = clock;
        this.sink = sink;
        this.ledger = ledger;
    }

    /** Timestamp of the next event: the simulated clock, kept strictly increasing like Asterisk's. */
    String timestamp() {
        long ts = Math.max(clock.now(), lastTs + 1);
        lastTs = ts;
        return formatMicros(ts);
    }

    static String formatMicros(long micros) {
        long s = Math.floorDiv(micros, 1_000_000L);
        long us = Math.floorMod(micros, 1_000_000L);
        String frac = Long.toString(us);
        return s + "." + "000000".substring(frac.length()) + frac;
    }

    AmiMessage.Builder start(String name, String privilege) {
        return AmiMessage.builder().add("Event", name).add("Privilege", privilege).add("Timestamp", timestamp());
    }

    void send(AmiMessage.Builder b) {
        AmiMessage m = b.build();
        String name = m.headers().get(0).value();
        ledger.countEvent(name);
        sink.emit(m, AmiEventMask.ofPrivilege(m.headers().get(1).value()));
    }

    static void snapshot(AmiMessage.Builder b, String prefix, Chan c) {
        b.add(prefix + "Channel", c.name)
                .add(prefix + "ChannelState", c.state)
                .add(prefix + "ChannelStateDesc", Chan.stateDesc(c.state))
                .add(prefix + "CallerIDNum", c.cidNum)
                .add(prefix + "CallerIDName", c.cidName)
                .add(prefix + "ConnectedLineNum", c.connNum)
                .add(prefix + "ConnectedLineName", c.connName)
                .add(prefix + "Language", "en")
                .add(prefix + "AccountCode", "")
                .add(prefix + "Context", c.context)
                .add(prefix + "Exten", c.exten)
                .add(prefix + "Priority", c.priority)
                .add(prefix + "Uniqueid", c.uniqueid)
                .add(prefix + "Linkedid", c.linkedid);
    }

    private AmiMessage.Builder chanEvent(String name, String privilege, Chan c) {
        AmiMessage.Builder b = start(name, privilege);
        snapshot(b, "", c);
        return b;
    }

    void newchannel(Chan c) {
        send(chanEvent("Newchannel", CALL, c));
    }

    /** The channel runs {@code app(data)} at context/exten/priority. */
    void newexten(Chan c, String context, String exten, int priority, String app, String data) {
        c.context = context;
        c.exten = exten;
        c.priority = priority;
        c.app = app;
        c.appData = data;
        send(chanEvent("Newexten", DIALPLAN, c).add("Extension", exten).add("Application", app).add("AppData", data));
    }

    void newexten(Chan c, int priority, String app, String data) {
        newexten(c, c.context, c.exten, priority, app, data);
    }

    void varSet(Chan c, String variable, String value) {
        c.vars.put(variable, value);
        send(chanEvent("VarSet", DIALPLAN, c).add("Variable", variable).add("Value", value));
    }

    void globalVarSet(String variable, String value) {
        send(start("VarSet", DIALPLAN).add("Channel", "none").add("Uniqueid", "none")
                .add("Variable", variable).add("Value", value));
    }

    void newCallerid(Chan c) {
        send(chanEvent("NewCallerid", CALL, c).add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"));
    }

    void newConnectedLine(Chan c) {
        send(chanEvent("NewConnectedLine", CALL, c));
    }

    void newstate(Chan c, int state, long nowMicros) {
        c.state = state;
        if (state == Chan.UP && c.answeredMicros < 0) {
            c.answeredMicros = nowMicros;
        }
        send(chanEvent("Newstate", CALL, c));
    }

    void localBridge(LocalPair p) {
        AmiMessage.Builder b = start("LocalBridge", CALL);
        snapshot(b, "LocalOne", p.one);
        snapshot(b, "LocalTwo", p.two);
        send(b.add("Context", p.context).add("Exten", p.exten).add("LocalOptimization", "Yes"));
    }

    private AmiMessage.Builder dialEvent(String name, Chan from, Chan to) {
        AmiMessage.Builder b = start(name, CALL);
        if (from != null) {
            snapshot(b, "", from);
        }
        snapshot(b, "Dest", to);
        return b;
    }

    void dialBegin(Chan from, Chan to, String dialString) {
        send(dialEvent("DialBegin", from, to).add("DialString", dialString));
    }

    void dialState(Chan from, Chan to, String status) {
        send(dialEvent("DialState", from, to).add("DialStatus", status));
    }

    void dialEnd(Chan from, Chan to, String status) {
        send(dialEvent("DialEnd", from, to).add("DialStatus", status));
    }

    private AmiMessage.Builder bridgeEvent(String name, Bridge br) {
        return bridgeSnapshot(start(name, CALL), "", br);
    }

    static AmiMessage.Builder bridgeSnapshot(AmiMessage.Builder b, String prefix, Bridge br) {
        b.add(prefix + "BridgeUniqueid", br.uniqueid).add(prefix + "BridgeType", br.type)
                .add(prefix + "BridgeTechnology", br.technology).add(prefix + "BridgeCreator", br.creator)
                .add(prefix + "BridgeName", br.name).add(prefix + "BridgeNumChannels", br.numChannels())
                .add(prefix + "BridgeVideoSourceMode", "none");
        return b;
    }

    void bridgeCreate(Bridge br) {
        send(bridgeEvent("BridgeCreate", br));
    }

    void bridgeEnter(Bridge br, Chan c) {
        br.members.add(c);
        c.bridge = br;
        AmiMessage.Builder b = bridgeEvent("BridgeEnter", br);
        snapshot(b, "", c);
        send(b);
    }

    void bridgeLeave(Bridge br, Chan c) {
        br.members.remove(c);
        c.bridge = null;
        AmiMessage.Builder b = bridgeEvent("BridgeLeave", br);
        snapshot(b, "", c);
        send(b);
    }

    void bridgeDestroy(Bridge br) {
        send(bridgeEvent("BridgeDestroy", br));
    }

    void mohStart(Chan c) {
        send(chanEvent("MusicOnHoldStart", CALL, c).add("Class", "default"));
    }

    void mohStop(Chan c) {
        send(chanEvent("MusicOnHoldStop", CALL, c));
    }

    /** UserEvent from the dialplan app: the body follows the snapshot, in the given order. */
    void userEvent(Chan c, String userEvent, String... body) {
        AmiMessage.Builder b = chanEvent("UserEvent", USER, c).add("UserEvent", userEvent);
        for (int i = 0; i + 1 < body.length; i += 2) {
            b.add(body[i], body[i + 1]);
        }
        send(b);
    }

    void softHangupRequest(Chan c, int cause) {
        send(chanEvent("SoftHangupRequest", CALL, c).add("Cause", cause));
    }

    void hangupRequest(Chan c, int cause) {
        send(chanEvent("HangupRequest", CALL, c).add("Cause", cause));
    }

    void hangup(Chan c, int cause) {
        c.gone = true;
        send(chanEvent("Hangup", CALL, c).add("Cause", cause).add("Cause-txt", causeText(cause)));
    }

    void deviceState(String device, String state) {
        send(start("DeviceStateChange", CALL).add("Device", device).add("State", state));
    }

    void extensionStatus(String exten, String hint, int status) {
        send(start("ExtensionStatus", CALL).add("Exten", exten).add("Context", "hints").add("Hint", hint)
                .add("Status", status).add("StatusText", extensionStatusText(status)));
    }

    /** {@code target} is Context/Exten, or Application/Data for an application Originate. */
    void originateResponse(String actionId, boolean success, String channel, String[] target,
                           int reason, String uniqueid, String cidNum, String cidName) {
        AmiMessage.Builder b = start("OriginateResponse", CALL);
        if (actionId != null) {
            b.add("ActionID", actionId);
        }
        b.add("Response", success ? "Success" : "Failure").add("Channel", channel);
        for (int i = 0; i + 1 < target.length; i += 2) {
            b.add(target[i], target[i + 1]);
        }
        send(b.add("Reason", reason).add("Uniqueid", uniqueid).add("CallerIDNum", cidNum).add("CallerIDName", cidName));
    }

    static String causeText(int cause) {
        return switch (cause) {
            case 0 -> "Unknown";
            case 1 -> "Unallocated (unassigned) number";
            case 16 -> "Normal Clearing";
            case 17 -> "User busy";
            case 18 -> "No user responding";
            case 19 -> "User alerting, no answer";
            case 21 -> "Call Rejected";
            case 34 -> "Circuit/channel congestion";
            default -> "Unknown";
        };
    }

    static String extensionStatusText(int status) {
        return switch (status) {
            case -1 -> "Unknown";
            case 0 -> "Idle";
            case 1 -> "InUse";
            case 2 -> "Busy";
            case 4 -> "Unavailable";
            case 8 -> "Ringing";
            case 9 -> "InUse&Ringing";
            case 16 -> "Hold";
            case 17 -> "InUse&Hold";
            default -> "Unknown";
        };
    }
}
