package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.ctiserver.pbxsim.ami.AmiMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The simulated PBX: channels, calls, phones and dialplan globals. Everything here runs on the one event
 * loop thread that also serves the AMI sockets, so there is no locking; the flows live in
 * {@link CallFlows}, {@link DialFlows} and {@link OriginateFlows}.
 */
public final class SimEngine {
    final SimulatorConfig config;
    final SimScheduler clock;
    final Events ev;
    final SimulatorLedger ledger;
    final SplittableRandom rng;
    final TreeMap<String, Chan> channels = new TreeMap<>();
    final Map<String, PhoneState> phones = new LinkedHashMap<>();
    final Map<String, String> globals = new LinkedHashMap<>();
    final CallFlows calls;
    final DialFlows dials;
    final OriginateFlows originates;
    final ControlFlows control;
    final ConferenceFlows conferences;
    final MediaFlows media;
    final IvrFlows ivr;
    final DialplanActionFlows actions;
    final TransferFlows transfers;
    final Variables variables;
    final TrafficGenerator traffic;
    final BuiltinRouter router;
    /** Calls whose pair is up, in creation order. */
    final Map<String, Call> liveCalls = new LinkedHashMap<>();
    private long uniqueSeq;
    private int localSeq;
    private final SplittableRandom bridgeIds;

    public SimEngine(SimulatorConfig config, SimScheduler clock, EventSink sink, SimulatorLedger ledger) {
        this.config = config;
        this.clock = clock;
        this.ledger = ledger;
        this.ev = new Events(clock, sink, ledger);
        this.rng = new SplittableRandom(config.seed());
        this.bridgeIds = rng.split();
        for (SimulatorConfig.Phone p : config.phones()) {
            phones.put(p.extension(), new PhoneState(p, rng.split()));
        }
        this.calls = new CallFlows(this);
        this.dials = new DialFlows(this);
        this.originates = new OriginateFlows(this);
        this.control = new ControlFlows(this);
        this.conferences = new ConferenceFlows(this);
        this.media = new MediaFlows(this);
        this.ivr = new IvrFlows(this);
        this.actions = new DialplanActionFlows(this);
        this.transfers = new TransferFlows(this);
        this.variables = new Variables(this);
        this.traffic = new TrafficGenerator(this, rng.split());
        this.router = new BuiltinRouter(this, config.autoRoute());
    }

    public void start() {
        traffic.start();
    }

    public SimScheduler clock() {
        return clock;
    }

    /** Starts an event with Event, Privilege and the next Timestamp (for events the server builds itself). */
    public AmiMessage.Builder startEvent(String name, String privilege) {
        return ev.start(name, privilege);
    }

    /** Broadcasts an event built with {@link #startEvent}. */
    public void emit(AmiMessage.Builder event) {
        ev.send(event);
    }

    /** Simulated time as an Asterisk timestamp ({@code 1795491068.214814}). */
    public String timestampNow() {
        return Events.formatMicros(clock.now());
    }

    public Instant now() {
        return instant();
    }

    // ---------------------------------------------------------------- ids and channels

    String nextUniqueid() {
        return (clock.now() / 1_000_000L) + "." + uniqueSeq++;
    }

    LocalPair newPair(LocalPair.Kind kind, String exten, String context, String linkedid) {
        LocalPair p = new LocalPair(kind, exten, context);
        String base = p.device + "-" + String.format("%08x", localSeq++);
        String u1 = nextUniqueid();
        String u2 = nextUniqueid();
        String linked = linkedid == null ? u1 : linkedid;
        long now = clock.now();
        p.one = new Chan(base + ";1", u1, linked, Chan.DOWN, context, exten, now, p, true);
        p.two = new Chan(base + ";2", u2, linked, Chan.RING, context, exten, now, p, false);
        channels.put(p.one.name, p.one);
        channels.put(p.two.name, p.two);
        return p;
    }

    /** The next 8-hex-digit channel number ({@code -00000004}), shared with Local channels as in Asterisk. */
    String nextLocalId() {
        return String.format("%08x", localSeq++);
    }

    /** ConfbridgeList items of a room, or null when no such conference is active. */
    public List<AmiMessage> confbridgeList(String actionId, String room) {
        return conferences.listItems(actionId, room);
    }

    public List<AmiMessage> confbridgeRooms(String actionId) {
        return conferences.roomItems(actionId);
    }

    /** Hangup event and removal from the channel list. */
    void hangupChan(Chan c, int cause) {
        if (c.gone) {
            return;
        }
        ev.hangup(c, cause);
        channels.remove(c.name);
        if (c.recording != null) {
            ledger.recordRecording(c.uniqueid, c.recording, false, instant());
            c.recording = null;
        }
        media.channelGone(c);
    }

    String newBridgeId() {
        return new UUID((bridgeIds.nextLong() & ~0xF000L) | 0x4000L,
                (bridgeIds.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    /** Every AMI connection is about to be cut (fault injection): noted in the ledger. */
    public void connectionsDropped() {
        clock.catchUp();
        ledger.recordConnectionsDropped(instant());
    }

    Instant instant() {
        long us = clock.now();
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
    }

    /** A dialplan global as seconds (the lab's behaviour knobs, e.g. AGENT_2001_RING), or the fallback. */
    double globalSeconds(String name, double fallback) {
        String v = globals.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    boolean globalFlag(String name) {
        return "1".equals(globals.get(name));
    }

    /** Announces a phone's hint state (0 Idle, 1 InUse) when it changes. */
    void hint(PhoneState phone, int status) {
        if (phone != null && phone.hint != status) {
            phone.hint = status;
            ev.extensionStatus(phone.extension(), phone.device(), status);
            if (status == 0) {
                phone.idleSince = clock.now();
                router.poke();
            }
        }
    }

    boolean isRoutePoint(String context, String exten) {
        return config.routePointContext().equals(context) && config.routePointExten().equals(exten);
    }

    static final String IVR_EXTEN = "101";

    /** {@code [inbound] 101}: the IVR flavour of the route point (reads one digit first, trace 13). */
    boolean isIvrRoutePoint(String context, String exten) {
        return config.routePointContext().equals(context) && IVR_EXTEN.equals(exten);
    }

    boolean isAgentDial(String context) {
        return config.agentDialContext().equals(context) || "route".equals(context);
    }

    // ---------------------------------------------------------------- AMI-facing operations

    /** The channel with this exact name, or null. */
    public Chan channel(String name) {
        return name == null ? null : channels.get(name);
    }

    public List<Chan> channelsMatching(Pattern pattern) {
        List<Chan> out = new ArrayList<>();
        for (Chan c : channels.values()) {
            if (pattern.matcher(c.name).find()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether the dialplan has this extension (the simulator's fixed dialplan, see the lab README). */
    public boolean extensionExists(String context, String exten) {
        if (context == null || exten == null) {
            return false;
        }
        if (isRoutePoint(context, exten) || isIvrRoutePoint(context, exten)) {
            return true;
        }
        if (isAgentDial(context) || context.equals("outbound")) {
            return exten.matches("\\d+");
        }
        if (context.equals(ControlFlows.HOLD)) {
            return exten.equals("caller") || exten.equals("agent");
        }
        if (conferences.isConference(context)) {
            return ConferenceFlows.isRoom(exten);
        }
        return switch (context) {
            case "agents", "callers", "pstn", "supervisor" -> exten.matches("\\d+");
            case "amd" -> exten.equals("s");
            default -> false;
        };
    }

    /** A numeric priority or one of the dialplan's labels; -1 when the label does not exist. */
    public int priorityOf(String context, String exten, String priority) {
        if (priority == null) {
            return -1;
        }
        String p = priority.trim();
        if (p.matches("\\d+")) {
            try {
                return Integer.parseInt(p);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        if (isRoutePoint(context, exten)) {
            return switch (p) {
                case "wait" -> 7;
                case "requeue" -> 9;
                default -> -1;
            };
        }
        if (isAgentDial(context) && p.equals("done")) {
            return 6;
        }
        return -1;
    }

    public void redirect(Chan c, String context, String exten, int priority) {
        if (c.pair.owner instanceof AgentLeg leg && c == leg.one() && leg.state == AgentLeg.State.UP) {
            control.redirectLeg(leg, context, exten, priority);
            return;
        }
        calls.redirect(c, context, exten, priority);
    }

    /**
     * A dual Redirect (Channel + ExtraChannel). A bridged caller and its agent leg sent to {@code [hold]} or to a
     * conference move together (traces 07, 10); anything else is two Redirects one after the other.
     */
    public void dualRedirect(Chan c1, String ctx1, String ex1, int p1, Chan c2, String ctx2, String ex2, int p2) {
        if (c1.pair.owner instanceof AgentLeg && c2.pair.owner instanceof Call) {
            // the agent leg named first: the same move with the caller first
            dualRedirect(c2, ctx2, ex2, p2, c1, ctx1, ex1, p1);
            return;
        }
        if (c1.pair.owner instanceof Call call && c1 == call.one() && c2.pair.owner instanceof AgentLeg leg
                && leg.one() == c2 && !c1.gone && !c2.gone) {
            if (ctx1.equals(ControlFlows.HOLD) && ctx2.equals(ControlFlows.HOLD)
                    && (call.where == Call.Where.BRIDGED || call.where == Call.Where.XBRIDGED)
                    && control.holdBoth(call, leg)) {
                return;
            }
            if (conferences.isConference(ctx1) && ctx1.equals(ctx2) && ex1.equals(ex2)
                    && conferences.joinBoth(call, leg, ctx1, ex1)) {
                return;
            }
        }
        redirect(c1, ctx1, ex1, p1);
        if (!c2.gone) {
            redirect(c2, ctx2, ex2, p2);
        }
    }

    /** AMI Bridge of two {@code ;1} channels; returns an error message, or null once bridged. */
    public String bridge(Chan c1, Chan c2) {
        if (c1 == c2) {
            return "Unable to bridge channels";
        }
        if (!c1.one || !c2.one || !bridgeable(c1) || !bridgeable(c2)) {
            return "Unable to bridge channels";
        }
        control.bridge(c1, c2);
        return null;
    }

    /** An answered {@code ;1} that runs a dialplan, or a dialed leg that was answered. */
    private static boolean bridgeable(Chan c) {
        if (c.pair.owner instanceof Call call) {
            return call.where != Call.Where.STARTING && call.where != Call.Where.ENDED;
        }
        return c.pair.owner instanceof AgentLeg leg && leg.state == AgentLeg.State.UP;
    }

    /** AMI BlindTransfer; false when the channel is not bridged (Response {@code Transfer invalid}). */
    public boolean blindTransfer(Chan transferer, String context, String exten) {
        return transfers.blindTransfer(transferer, context, exten);
    }

    public void mixMonitor(Chan c, String file) {
        media.mixMonitor(c, file);
    }

    public boolean mixMonitorMute(Chan c, String direction, boolean on) {
        return media.mixMonitorMute(c, direction, on);
    }

    public boolean stopMixMonitor(Chan c) {
        return media.stopMixMonitor(c);
    }

    public void playDtmf(Chan c, String digit, long durationMs, boolean receive) {
        media.playDtmf(c, digit, durationMs, receive);
    }

    /**
     * Test hook: the caller's handset presses keys (each digit reaches the caller's {@code ;1} as DTMFBegin/DTMFEnd,
     * and a Read() at the IVR route point takes it). {@code callOrChannel} is a call id or a channel name.
     * Returns false when there is no such live call.
     */
    public boolean callerPresses(String callOrChannel, String digits) {
        Call call = liveCalls.get(callOrChannel);
        if (call == null) {
            Chan c = channels.get(callOrChannel);
            call = c != null && c.pair.owner instanceof Call k ? k : null;
        }
        if (call == null || call.where == Call.Where.ENDED || call.one().gone) {
            return false;
        }
        media.callerPresses(call, digits, 0.25);
        return true;
    }

    /** AMI Hangup of one channel. */
    public void hangup(Chan c, int cause) {
        if (c.gone) {
            return;
        }
        if (c.pair.xbridge != null) {
            control.xHangup(c.pair, c);
            return;
        }
        if (c.pair.conf != null) {
            conferences.hangup(c.pair, c);
            return;
        }
        Object owner = c.pair.owner;
        if (owner instanceof Call call) {
            calls.amiHangup(call, c, cause);
        } else if (owner instanceof AgentLeg leg) {
            if (leg.held) {
                control.heldLegHangsUp(leg, c);
                return;
            }
            dials.amiHangupLeg(leg, c, cause);
        } else {
            hangupChan(c, cause);
        }
    }

    public void originate(OriginateRequest r) {
        originates.originate(r);
    }

    /** Getvar: a channel variable or function (null channel = global); null when unset. */
    public String getVar(Chan c, String name) {
        return variables.get(c, name);
    }

    /** Setvar: globals change the simulated phones' behaviour the way the lab's globals do (AGENT_2001_RING ...). */
    public void setVar(Chan c, String name, String value) {
        variables.set(c, name, value);
    }

    /** CoreShowChannel items, sorted by channel name as Asterisk lists them. */
    public List<AmiMessage> coreShowChannelItems(String actionId) {
        ledger.recordChannelsListed(instant());
        List<AmiMessage> out = new ArrayList<>();
        for (Chan c : channels.values()) {
            AmiMessage.Builder b = AmiMessage.builder().add("Event", "CoreShowChannel");
            b.addIfPresent("ActionID", actionId);
            Events.snapshot(b, "", c);
            long secs = Math.max(0, (clock.now() - c.createdMicros) / 1_000_000L);
            b.add("Application", c.app).add("ApplicationData", c.appData)
                    .add("Duration", String.format("%02d:%02d:%02d", secs / 3600, (secs / 60) % 60, secs % 60))
                    .add("BridgeId", c.bridge == null ? "" : c.bridge.uniqueid);
            out.add(b.build());
        }
        return out;
    }

    /** Status items (all channels, or one), in the order and with the fields of trace 02. */
    public List<AmiMessage> statusItems(String actionId, Chan only) {
        return statusItems(actionId, only, List.of());
    }

    /**
     * Status items with the channel variables asked for ({@code Variables: A,B}): as Asterisk 22's action_status,
     * one {@code Variable: NAME=value} header per name, empty when unset, before the ActionID.
     */
    public List<AmiMessage> statusItems(String actionId, Chan only, List<String> variables) {
        List<AmiMessage> out = new ArrayList<>();
        for (Chan c : only == null ? channels.values() : List.of(only)) {
            AmiMessage.Builder b = AmiMessage.builder().add("Event", "Status").add("Privilege", "Call");
            Events.snapshot(b, "", c);
            b.add("Type", "Local").add("DNID", "").add("EffectiveConnectedLineNum", c.connNum)
                    .add("EffectiveConnectedLineName", c.connName).add("TimeToHangup", "0")
                    .add("BridgeID", c.bridge == null ? "" : c.bridge.uniqueid).add("Application", c.app)
                    .add("Data", c.appData).add("Nativeformats", "(slin)").add("Readformat", "slin")
                    .add("Readtrans", "").add("Writeformat", "slin").add("Writetrans", "").add("Callgroup", "0")
                    .add("Pickupgroup", "0").add("Seconds", Math.max(0, (clock.now() - c.createdMicros) / 1_000_000L));
            for (String v : variables) {
                String value = getVar(c, v);
                b.add("Variable", v + "=" + (value == null ? "" : value));
            }
            b.addIfPresent("ActionID", actionId);
            out.add(b.build());
        }
        return out;
    }

    private List<Bridge> bridges() {
        List<Bridge> out = new ArrayList<>();
        for (Chan c : channels.values()) {
            if (c.bridge != null && !out.contains(c.bridge)) {
                out.add(c.bridge);
            }
        }
        return out;
    }

    private static AmiMessage.Builder bridgeFields(AmiMessage.Builder b, Bridge br) {
        return Events.bridgeSnapshot(b, "", br);
    }

    /** BridgeList items. */
    public List<AmiMessage> bridgeListItems(String actionId) {
        List<AmiMessage> out = new ArrayList<>();
        for (Bridge br : bridges()) {
            out.add(bridgeFields(AmiMessage.builder().add("Event", "BridgeListItem").addIfPresent("ActionID", actionId), br)
                    .build());
        }
        return out;
    }

    /** BridgeInfo: the member items then the complete event with the bridge snapshot; null for an unknown bridge. */
    public List<AmiMessage> bridgeInfo(String actionId, String bridgeId) {
        for (Bridge br : bridges()) {
            if (br.uniqueid.equals(bridgeId)) {
                List<AmiMessage> out = new ArrayList<>();
                for (Chan c : br.members) {
                    AmiMessage.Builder b = AmiMessage.builder().add("Event", "BridgeInfoChannel").addIfPresent("ActionID", actionId);
                    Events.snapshot(b, "", c);
                    out.add(b.build());
                }
                out.add(bridgeFields(AmiMessage.builder().add("Event", "BridgeInfoComplete").addIfPresent("ActionID", actionId)
                        .add("EventList", "Complete").add("ListItems", br.members.size()), br).build());
                return out;
            }
        }
        return null;
    }

    /** ExtensionStateList items: one hint per configured phone. */
    public List<AmiMessage> extensionStateItems(String actionId) {
        List<AmiMessage> out = new ArrayList<>();
        for (PhoneState p : phones.values()) {
            AmiMessage.Builder b = AmiMessage.builder().add("Event", "ExtensionStatus");
            b.addIfPresent("ActionID", actionId);
            int st = hintStatus(p);
            out.add(b.add("Exten", p.extension()).add("Context", "hints").add("Hint", p.device())
                    .add("Status", st).add("StatusText", Events.extensionStatusText(st)).build());
        }
        return out;
    }

    /**
     * DeviceStateList items (Asterisk 13+: DeviceStateChange events with the ActionID, no Timestamp): one per
     * configured phone, NOT_INUSE or INUSE as its hint, UNAVAILABLE when unregistered.
     */
    public List<AmiMessage> deviceStateItems(String actionId) {
        List<AmiMessage> out = new ArrayList<>();
        for (PhoneState p : phones.values()) {
            String state = !p.registered ? "UNAVAILABLE" : p.hint == 0 ? "NOT_INUSE" : "INUSE";
            out.add(AmiMessage.builder().add("Event", "DeviceStateChange").addIfPresent("ActionID", actionId)
                    .add("Device", p.device()).add("State", state).build());
        }
        return out;
    }

    /** Hint of {@code exten@context}: {hint, status}; status -1 and empty hint when there is none. */
    public String[] extensionState(String exten, String context) {
        PhoneState p = "hints".equals(context) ? phones.get(exten) : null;
        if (p == null) {
            return new String[] {"", "-1", "Unknown"};
        }
        int st = hintStatus(p);
        return new String[] {p.device(), Integer.toString(st), Events.extensionStatusText(st)};
    }

    private static int hintStatus(PhoneState p) {
        return p.registered ? p.hint : 4;
    }

    // ---------------------------------------------------------------- control (fault hooks)

    public void pauseTraffic() {
        traffic.paused = true;
    }

    public void resumeTraffic() {
        traffic.paused = false;
    }

    public boolean trafficPaused() {
        return traffic.paused;
    }

    /** Registers or unregisters a phone; an unregistered phone cannot be dialed. Returns false for an unknown one. */
    public boolean setPhoneRegistered(String extension, boolean registered) {
        PhoneState p = phones.get(extension);
        if (p == null) {
            return false;
        }
        if (p.registered != registered) {
            p.registered = registered;
            ev.deviceState(p.device(), registered ? "NOT_INUSE" : "UNAVAILABLE");
            ev.extensionStatus(p.extension(), p.device(), registered ? p.hint : 4);
        }
        return true;
    }

    /** Starts one generated call of the named call type now; returns its call id, or null for an unknown type. */
    public String injectCall(String callTypeName) {
        for (SimulatorConfig.CallType t : config.callTypes()) {
            if (t.name().equals(callTypeName)) {
                return traffic.arrive(t);
            }
        }
        return null;
    }

    /** Names of the channels that exist, sorted as Asterisk lists them. */
    public java.util.List<String> channelNames() {
        return java.util.List.copyOf(channels.keySet());
    }

    public int channelCount() {
        return channels.size();
    }
}
