package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorLedger.EndReason;
import org.ctiserver.pbxsim.ami.AmiMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ConfBridge rooms: {@code [conf] _8XXX: NoOp, ConfBridge(room,cti_bridge,cti_user), Hangup} (trace 10). A room is a
 * softmix bridge with a hidden announcer ({@code CBAnn/<room>-N;2}) that counts in BridgeNumChannels; it starts
 * with the first member and ends with the last. Room names follow the product's sample dialplan
 * ({@code _[0-9A-Za-z].}), which the engine's {@code cti-<call id>} rooms need; the lab's {@code 8XXX} are among them.
 */
final class ConferenceFlows {
    static final String CONTEXT = "conf";
    /** The rooms the product's sample dialplan accepts ({@code _[0-9A-Za-z].}); the lab's {@code 8XXX} among them. */
    private static final java.util.regex.Pattern ROOM = java.util.regex.Pattern.compile("[0-9A-Za-z][0-9A-Za-z_-]*");

    private final SimEngine eng;
    private final Events ev;
    private final Map<String, Conference> rooms = new LinkedHashMap<>();

    ConferenceFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    boolean isConference(String context) {
        return CONTEXT.equals(context);
    }

    private static String appData(String room) {
        return room + ",cti_bridge,cti_user";
    }

    /** A bridged caller and its agent leg redirected together (dual Redirect, trace 10). */
    boolean joinBoth(Call call, AgentLeg leg, String context, String room) {
        Chan one = call.one();
        Chan a1 = leg.one();
        Bridge old = one.bridge;
        if (old == null || a1.bridge != old) {
            return false;
        }
        if (call.talkTimer != null) {
            call.talkTimer.cancel();
        }
        ev.varSet(one, "BRIDGEPEER", "");
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.newexten(one, context, room, 1, one.app, one.appData);
        ev.newexten(a1, context, room, 1, a1.app, a1.appData);
        ev.bridgeLeave(old, one);
        ev.bridgeLeave(old, a1);
        one.pair.xbridge = null;
        a1.pair.xbridge = null;
        ev.newexten(a1, 2, "ConfBridge", appData(room));
        Conference conf = room(room, true);
        ev.varSet(one, "DIALSTATUS", "ANSWER");
        ev.newexten(one, 2, "ConfBridge", appData(room));
        ev.bridgeDestroy(old);
        start(conf);
        enter(conf, one);
        enter(conf, a1);
        call.where = Call.Where.CONF;
        call.bridge = null;
        call.leg = null;
        return true;
    }

    /** A call's {@code ;1} runs {@code [conf]} (single Redirect of a caller at the route point, on hold ...). */
    void join(LocalPair p, String context, String room, int priority, String[] oldApp) {
        Chan c = p.one;
        if (priority <= 1) {
            if (oldApp != null) {
                ev.newexten(c, context, room, 1, oldApp[0], oldApp[1]);
            } else {
                ev.newexten(c, context, room, 1, "NoOp", "CTI conference " + room + ": " + c.name + " joins");
            }
        }
        ev.newexten(c, context, room, 2, "ConfBridge", appData(room));
        Conference conf = room(room, true);
        start(conf);
        enter(conf, c);
        if (p.owner instanceof Call call) {
            call.where = Call.Where.CONF;
            call.bridge = null;
        }
    }

    /**
     * A dialed agent leg redirected alone (trace 10: the consulted agent joins): its Dial partner, left alone in
     * the Dial bridge, returns from Dial and hangs up.
     */
    void redirectLeg(AgentLeg leg, String context, String room, int priority) {
        Chan a1 = leg.one();
        Bridge old = a1.bridge;
        Call dialer = leg.call != null && leg.call.leg == leg && old != null && leg.call.one().bridge == old
                ? leg.call : null;
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.newexten(a1, context, room, 1, a1.app, a1.appData);
        if (dialer != null) {
            Chan k1 = dialer.one();
            Chan k2 = dialer.two();
            if (dialer.talkTimer != null) {
                dialer.talkTimer.cancel();
            }
            ev.varSet(k1, "BRIDGEPEER", "");
            ev.bridgeLeave(old, a1);
            ev.bridgeLeave(old, k1);
            dialer.leg = null;
            ev.newexten(a1, 2, "ConfBridge", appData(room));
            Conference conf = room(room, true);
            start(conf);
            enter(conf, a1, () -> {
                ev.bridgeDestroy(old);
                eng.control.answeredVars(k1);
                ev.softHangupRequest(k1, 16);
                ev.hangupRequest(k2, 16);
                eng.hangupChan(k1, 16);
                ev.deviceState(dialer.pair.device, "INUSE");
            });
            ev.softHangupRequest(k2, 16);
            eng.hangupChan(k2, 16);
            ev.deviceState(dialer.pair.device, "INUSE");
            eng.calls.endCall(dialer, EndReason.AMI_HANGUP);
            leg.call = null;
            return;
        }
        if (old != null && a1.pair.xbridge != null) {
            eng.control.leaveXBridge(a1.pair);
        } else if (a1.pair.conf != null) {
            leaveForRedirect(a1);
        }
        ev.newexten(a1, 2, "ConfBridge", appData(room));
        Conference conf = room(room, true);
        start(conf);
        enter(conf, a1);
    }

    private Conference room(String room, boolean create) {
        Conference conf = rooms.get(room);
        if (conf == null && create) {
            Bridge br = new Bridge(eng.newBridgeId(), "base", "softmix", "ConfBridge", room);
            conf = new Conference(room, br, eng.clock.now(), "CBAnn/" + room + "-" + eng.nextLocalId() + ";2");
            rooms.put(room, conf);
            ev.bridgeCreate(br);
            br.hidden = 1;
        }
        return conf;
    }

    private void start(Conference conf) {
        if (!conf.started) {
            conf.started = true;
            ev.send(Events.bridgeSnapshot(ev.start("ConfbridgeStart", Events.CALL).add("Conference", conf.room), "",
                    conf.bridge));
            ev.deviceState("confbridge:" + conf.room, "INUSE");
        }
    }

    private void enter(Conference conf, Chan c) {
        enter(conf, c, null);
    }

    /** BridgeEnter, everybody's BRIDGEPEER, then ConfbridgeJoin ({@code between} runs before the join event). */
    private void enter(Conference conf, Chan c, Runnable between) {
        ev.bridgeEnter(conf.bridge, c);
        conf.members.add(c);
        c.pair.conf = conf;
        peers(conf);
        if (between != null) {
            between.run();
        }
        AmiMessage.Builder b = Events.bridgeSnapshot(ev.start("ConfbridgeJoin", Events.CALL).add("Conference", conf.room),
                "", conf.bridge);
        Events.snapshot(b, "", c);
        ev.send(b.add("Admin", "No").add("Muted", "No"));
    }

    private void peers(Conference conf) {
        for (Chan m : conf.members) {
            StringBuilder v = new StringBuilder(conf.announcer);
            for (Chan o : conf.members) {
                if (o != m) {
                    v.append(',').append(o.name);
                }
            }
            ev.varSet(m, "BRIDGEPEER", v.toString());
        }
    }

    private void confbridgeLeave(Conference conf, Chan c) {
        AmiMessage.Builder b = Events.bridgeSnapshot(ev.start("ConfbridgeLeave", Events.CALL).add("Conference", conf.room),
                "", conf.bridge);
        Events.snapshot(b, "", c);
        ev.send(b.add("Admin", "No"));
    }

    /** Leaves the room (hangup or Redirect); the last one out ends the conference. */
    private void leave(Conference conf, Chan c, boolean hangup) {
        boolean last = conf.members.size() == 1;
        if (last) {
            ev.varSet(c, "BRIDGEPEER", "");
            confbridgeLeave(conf, c);
            ev.bridgeLeave(conf.bridge, c);
        } else {
            confbridgeLeave(conf, c);
            ev.varSet(c, "BRIDGEPEER", "");
            ev.bridgeLeave(conf.bridge, c);
        }
        conf.members.remove(c);
        c.pair.conf = null;
        if (!last) {
            peers(conf);
        }
        if (hangup) {
            ev.varSet(c, "CONFBRIDGE_RESULT", "HANGUP");
        }
        if (last) {
            ev.deviceState("confbridge:" + conf.room, "NOT_INUSE");
            ev.send(Events.bridgeSnapshot(ev.start("ConfbridgeEnd", Events.CALL).add("Conference", conf.room), "",
                    conf.bridge));
            ev.deviceState("CBAnn/" + conf.room, "INUSE");
            conf.bridge.hidden = 0;
            ev.bridgeDestroy(conf.bridge);
            rooms.remove(conf.room);
        }
    }

    /** A member is redirected elsewhere. */
    void leaveForRedirect(Chan c) {
        Conference conf = c.pair.conf;
        if (conf != null) {
            leave(conf, c, false);
        }
    }

    /** A member hangs up: AMI Hangup of a half, or its handset ({@code amiChan} null). */
    void hangup(LocalPair p, Chan amiChan) {
        Conference conf = p.conf;
        Chan c1 = p.one;
        Chan c2 = p.two;
        boolean last = conf.members.size() == 1;
        if (p.owner instanceof Call call) {
            call.cancelTimers();
        } else if (p.owner instanceof AgentLeg leg) {
            leg.cancelTimers();
        }
        if (amiChan == null || amiChan == c2) {
            if (amiChan == null) {
                (p.owner instanceof Call call ? call.handset : ((AgentLeg) p.owner).handset).hangup(ev, c2);
            }
            ev.softHangupRequest(c2, 16);
            ev.hangupRequest(c1, 16);
            eng.hangupChan(c2, 16);
            leave(conf, c1, true);
            ev.softHangupRequest(c1, 16);
            eng.hangupChan(c1, 16);
        } else {
            leave(conf, c1, true);
            ev.softHangupRequest(c1, 16);
            ev.hangupRequest(c2, 16);
            eng.hangupChan(c1, 16);
            ev.softHangupRequest(c2, 16);
            eng.hangupChan(c2, 16);
        }
        ev.deviceState(p.device, "NOT_INUSE");
        ev.deviceState(p.device, "NOT_INUSE");
        if (last) {
            ev.deviceState("CBAnn/" + conf.room, "UNKNOWN");
        }
        EndReason reason = amiChan != null ? EndReason.AMI_HANGUP
                : p.owner instanceof Call ? EndReason.CALLER_HANGUP : EndReason.AGENT_HANGUP;
        if (p.owner instanceof Call call) {
            if (call.phone != null && call.phone.free(call)) {
                eng.hint(call.phone, 0);
            }
            eng.calls.endCall(call, reason);
        } else if (p.owner instanceof AgentLeg leg) {
            eng.dials.release(leg);
            leg.state = AgentLeg.State.ENDED;
        }
    }

    /** ConfbridgeList items of a room (null when it does not exist). */
    List<AmiMessage> listItems(String actionId, String room) {
        Conference conf = rooms.get(room);
        if (conf == null) {
            return null;
        }
        List<AmiMessage> out = new ArrayList<>();
        long now = eng.clock.now();
        for (Chan c : conf.members) {
            AmiMessage.Builder b = AmiMessage.builder().add("Event", "ConfbridgeList").addIfPresent("ActionID", actionId)
                    .add("Conference", room).add("Admin", "No").add("MarkedUser", "No").add("WaitMarked", "No")
                    .add("EndMarked", "No").add("EndMarkedAny", "No").add("Waiting", "No").add("Muted", "No")
                    .add("Talking", "No")
                    .add("AnsweredTime", Math.max(0, (now - Math.max(c.answeredMicros, c.createdMicros)) / 1_000_000L));
            Events.snapshot(b, "", c);
            out.add(b.build());
        }
        return out;
    }

    /** ConfbridgeListRooms items. */
    List<AmiMessage> roomItems(String actionId) {
        List<AmiMessage> out = new ArrayList<>();
        for (Conference conf : rooms.values()) {
            out.add(AmiMessage.builder().add("Event", "ConfbridgeListRooms").addIfPresent("ActionID", actionId)
                    .add("Conference", conf.room).add("Parties", conf.members.size()).add("Marked", 0)
                    .add("Locked", "No").add("Muted", "No").build());
        }
        return out;
    }

    static boolean isRoom(String exten) {
        return exten != null && ROOM.matcher(exten).matches();
    }
}
