package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorLedger.EndReason;

/**
 * Call control on answered calls: hold by a (dual) Redirect to {@code [hold]} (trace 07, 09b), the AMI
 * {@code Bridge} action (resume 07, consultation completed 09b), and how a bridge made by the Bridge action ends. Parties are Local pairs: a {@link Call} (its {@code ;1} runs
 * the dialplan) or an {@link AgentLeg} (a dialed {@code ;1} that runs no dialplan unless redirected).
 */
final class ControlFlows {
    static final String HOLD = "hold";

    private final SimEngine eng;
    private final Events ev;

    ControlFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    // ------------------------------------------------------------------ hold

    /** A dual Redirect of a bridged caller and its agent leg to {@code hold,caller} / {@code hold,agent} (trace 07). */
    boolean holdBoth(Call call, AgentLeg leg) {
        Bridge br = call.one().bridge;
        if (br == null || leg.one().bridge != br) {
            return false;
        }
        Chan one = call.one();
        Chan a1 = leg.one();
        // the caller keeps its own plan: a caller may give up on hold
        cancelTalk(null, leg);
        ev.varSet(one, "BRIDGEPEER", "");
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.newexten(a1, HOLD, "agent", 1, a1.app, a1.appData);
        ev.newexten(one, HOLD, "caller", 1, one.app, one.appData);
        ev.bridgeLeave(br, a1);
        ev.bridgeLeave(br, one);
        ev.bridgeDestroy(br);
        call.pair.xbridge = null;
        leg.pair.xbridge = null;
        call.leg = leg;
        leg.call = call;
        ev.varSet(one, "DIALSTATUS", "ANSWER");
        callerOnHold(call);
        agentOnHold(leg);
        return true;
    }

    /** Redirect of the bridged caller alone to {@code hold,caller}: the agent leg, left alone, hangs up (trace 09b). */
    void holdCallerOnly(Call call) {
        AgentLeg leg = call.leg;
        Bridge br = call.one().bridge;
        Chan one = call.one();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        ev.varSet(one, "BRIDGEPEER", "");
        ev.newexten(one, HOLD, "caller", 1, one.app, one.appData);
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.bridgeLeave(br, one);
        ev.varSet(one, "DIALSTATUS", "ANSWER");
        ev.bridgeLeave(br, a1);
        ev.newexten(one, 2, "MusicOnHold", "default");
        ev.bridgeDestroy(br);
        ev.mohStart(one);
        call.where = Call.Where.HELD;
        call.bridge = null;
        eng.dials.release(leg);
        ev.hangupRequest(a2, 16);
        eng.hangupChan(a1, 16);
        ev.softHangupRequest(a2, 16);
        eng.hangupChan(a2, 16);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
    }

    /** {@code [hold] caller}: MusicOnHold until bridged again (priority 3 is Hangup). */
    void callerOnHold(Call call) {
        Chan one = call.one();
        ev.newexten(one, HOLD, "caller", 2, "MusicOnHold", "default");
        ev.mohStart(one);
        call.where = Call.Where.HELD;
        call.bridge = null;
    }

    /** {@code [hold] agent}: the agent leg waits in Wait(3600) with no bridge. */
    void agentOnHold(AgentLeg leg) {
        Chan a1 = leg.one();
        ev.newexten(a1, HOLD, "agent", 2, "Wait", "3600");
        leg.held = true;
        planTalkAgain(leg);
    }

    /** A Redirect of a {@code ;1} that is a dialed agent leg (no dialplan of its own). */
    void redirectLeg(AgentLeg leg, String context, String exten, int priority) {
        Chan a1 = leg.one();
        Call call = leg.call;
        if (context.equals(HOLD) || !eng.conferences.isConference(context)) {
            String[] old = {a1.app, a1.appData};
            if (leg.pair.xbridge != null) {
                leaveXBridge(leg.pair);
            } else if (leg.pair.conf != null) {
                eng.conferences.leaveForRedirect(a1);
            } else if (call != null && call.leg == leg && a1.bridge != null && a1.bridge == call.one().bridge) {
                // the caller stays alone in its Dial bridge: Dial returns and the caller's side ends
                legLeavesCaller(leg);
            }
            ev.newexten(a1, context, exten, priority, old[0], old[1]);
            if (context.equals(HOLD)) {
                ev.newexten(a1, HOLD, exten, priority + 1, "Wait", "3600");
                leg.held = true;
            } else {
                // anywhere else the simulated dialplan has nothing for an agent leg: it hangs up
                heldLegHangsUp(leg, a1);
            }
            return;
        }
        eng.conferences.redirectLeg(leg, context, exten, priority);
    }

    /** The caller's side of a Dial bridge ends because its agent leg was taken away (Dial returns; no {@code g}). */
    void legLeavesCaller(AgentLeg leg) {
        Call call = leg.call;
        Chan one = call.one();
        Chan two = call.two();
        Chan a1 = leg.one();
        Bridge br = one.bridge;
        cancelTalk(call, leg);
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.varSet(one, "BRIDGEPEER", "");
        ev.bridgeLeave(br, a1);
        ev.bridgeLeave(br, one);
        answeredVars(one);
        ev.softHangupRequest(one, 16);
        ev.hangupRequest(two, 16);
        eng.hangupChan(one, 16);
        ev.bridgeDestroy(br);
        ev.softHangupRequest(two, 16);
        eng.hangupChan(two, 16);
        ev.deviceState(call.pair.device, "NOT_INUSE");
        ev.deviceState(call.pair.device, "NOT_INUSE");
        call.leg = null;
        leg.call = null;
        eng.calls.endCall(call, EndReason.AMI_HANGUP);
    }

    /** The agent handset hangs up, or AMI hangs up a leg that is on hold (no bridge). */
    void heldLegHangsUp(AgentLeg leg, Chan amiChan) {
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        if (amiChan == null) {
            leg.handset.hangup(ev, a2);
            ev.softHangupRequest(a2, 16);
            ev.hangupRequest(a1, 16);
            eng.hangupChan(a2, 16);
            eng.hangupChan(a1, 16);
        } else {
            Chan first = amiChan;
            ev.softHangupRequest(first, 16);
            ev.hangupRequest(first.peer(), 0);
            eng.hangupChan(a1, 0);
            ev.softHangupRequest(a2, 16);
            eng.hangupChan(a2, 0);
        }
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        eng.dials.release(leg);
        leg.state = AgentLeg.State.ENDED;
        leg.held = false;
        if (leg.call != null && leg.call.leg == leg) {
            leg.call.leg = null;
        }
    }

    // ------------------------------------------------------------------ Bridge action

    /**
     * AMI {@code Bridge Channel1 Channel2}: both {@code ;1} halves leave what they were doing and meet in a new basic
     * bridge. A Dial partner left alone ends as Dial ends (trace 09b: the consulting agent's second line).
     */
    void bridge(Chan c1, Chan c2) {
        Bridge br = new Bridge(eng.newBridgeId());
        ev.bridgeCreate(br);
        // the younger channel enters with the older one's Linkedid already (trace 09b)
        Chan older = c1.createdMicros <= c2.createdMicros ? c1 : c2;
        String linkedid = older.linkedid;
        Runnable after1 = detach(c1);
        c1.linkedid = c1 == older ? c1.linkedid : linkedid;
        ev.bridgeEnter(br, c1);
        Runnable after2 = detach(c2);
        c2.linkedid = c2 == older ? c2.linkedid : linkedid;
        ev.bridgeEnter(br, c2);
        c1.pair.xbridge = br;
        c2.pair.xbridge = br;
        ev.varSet(c1, "BRIDGEPEER", c2.name);
        ev.varSet(c2, "BRIDGEPEER", c1.name);
        after1.run();
        after2.run();
        connectedLine(c1, c2);
        connectedLine(c2, c1);
        for (Chan c : new Chan[] {c1, c2}) {
            if (c.pair.owner instanceof Call call) {
                call.where = Call.Where.XBRIDGED;
                call.bridge = br;
                call.leg = c.pair == c1.pair ? legOf(c2) : legOf(c1);
            } else if (c.pair.owner instanceof AgentLeg leg) {
                leg.held = false;
                Chan other = c == c1 ? c2 : c1;
                if (other.pair.owner instanceof Call caller) {
                    leg.call = caller;
                }
                planTalkAgain(leg);
            }
        }
        recordTransfer(c1, c2);
        recordTransfer(c2, c1);
    }

    private static AgentLeg legOf(Chan c) {
        return c.pair.owner instanceof AgentLeg leg ? leg : null;
    }

    /** A tracked caller now talks to a different agent phone than before: a transfer for the ledger. */
    private void recordTransfer(Chan callerSide, Chan other) {
        if (!(callerSide.pair.owner instanceof Call call) || !call.tracked || other.pair.kind != LocalPair.Kind.AGENT) {
            return;
        }
        String ext = other.pair.exten;
        if (call.everAnswered && !ext.equals(call.lastAgent)) {
            eng.ledger.recordTransferred(call.id(), call.lastAgent, ext, eng.instant());
        }
        call.lastAgent = ext;
        call.everAnswered = true;
        eng.ledger.recordAnswered(call.id(), ext, eng.instant());
    }

    /** Takes a channel out of what it does for the Bridge action; returns what to emit once it is in the new bridge. */
    private Runnable detach(Chan c) {
        Object owner = c.pair.owner;
        if (owner instanceof Call call) {
            switch (call.where) {
                case HELD, ROUTE_POINT -> {
                    if (call.mohTimer != null) {
                        call.mohTimer.cancel();
                    }
                    ev.mohStop(c);
                }
                case BRIDGED -> {
                    // the consulting agent's own line pulled out of its Dial: the dialed party, alone, hangs up
                    AgentLeg dialed = call.leg;
                    Bridge old = c.bridge;
                    ev.bridgeLeave(old, c);
                    call.leg = null;
                    return () -> abandonedLeg(dialed, old);
                }
                case XBRIDGED -> {
                    Bridge old = c.bridge;
                    ev.bridgeLeave(old, c);
                    c.pair.xbridge = null;
                    Chan left = old.other(c);
                    return () -> abandonedInXBridge(left, old);
                }
                case APP -> eng.originates.stopApplication(call);
                case CONF -> eng.conferences.leaveForRedirect(c);
                case DIALING -> {
                    if (call.leg != null) {
                        eng.dials.cancelForRedirect(call);
                    }
                }
                case IVR -> {
                    if (call.readTimer != null) {
                        call.readTimer.cancel();
                    }
                }
                default -> {
                }
            }
            return () -> { };
        }
        if (owner instanceof AgentLeg leg) {
            Bridge old = c.bridge;
            if (old != null && leg.call != null && leg.call.leg == leg && leg.call.one().bridge == old) {
                // a dialed leg taken from its Dial bridge: the dialing side returns from Dial and hangs up (09b)
                Call dialer = leg.call;
                ev.bridgeLeave(old, c);
                dialer.leg = null;
                return () -> abandonedDialer(dialer, old);
            }
            if (old != null) {
                ev.bridgeLeave(old, c);
                c.pair.xbridge = null;
                Chan left = old.other(c);
                return () -> abandonedInXBridge(left, old);
            }
            if (c.pair.conf != null) {
                eng.conferences.leaveForRedirect(c);
            }
        }
        return () -> { };
    }

    /** The dialing side of a Dial whose callee was bridged elsewhere: Dial returns ANSWER, {@code done}: Hangup. */
    private void abandonedDialer(Call k, Bridge old) {
        Chan one = k.one();
        Chan two = k.two();
        cancelTalk(k, null);
        ev.varSet(one, "BRIDGEPEER", "");
        ev.bridgeLeave(old, one);
        answeredVars(one);
        ev.softHangupRequest(one, 16);
        ev.hangupRequest(two, 16);
        eng.hangupChan(one, 16);
        ev.bridgeDestroy(old);
        ev.softHangupRequest(two, 16);
        eng.hangupChan(two, 16);
        ev.deviceState(k.pair.device, "NOT_INUSE");
        ev.deviceState(k.pair.device, "NOT_INUSE");
        eng.calls.endCall(k, EndReason.AMI_HANGUP);
    }

    /** A dialed leg whose dialing side was bridged elsewhere: alone in the Dial bridge, it hangs up. */
    private void abandonedLeg(AgentLeg leg, Bridge old) {
        if (leg == null) {
            if (old.members.isEmpty()) {
                ev.bridgeDestroy(old);
            }
            return;
        }
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.bridgeLeave(old, a1);
        ev.hangupRequest(a2, 16);
        eng.hangupChan(a1, 16);
        ev.softHangupRequest(a2, 16);
        eng.hangupChan(a2, 16);
        ev.bridgeDestroy(old);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        eng.dials.release(leg);
        leg.state = AgentLeg.State.ENDED;
    }

    /** The other member of a Bridge-action bridge was taken away: it goes on after the bridge (hangs up). */
    private void abandonedInXBridge(Chan left, Bridge old) {
        if (left == null) {
            ev.bridgeDestroy(old);
            return;
        }
        ev.varSet(left, "BRIDGEPEER", "");
        ev.bridgeLeave(old, left);
        left.pair.xbridge = null;
        ev.bridgeDestroy(old);
        afterBridgeEnds(left.pair, null);
        ev.deviceState(left.pair.device, "NOT_INUSE");
        ev.deviceState(left.pair.device, "NOT_INUSE");
        endParty(left.pair, EndReason.AMI_HANGUP);
    }

    private void connectedLine(Chan c, Chan other) {
        if (!c.connNum.equals(other.cidNum) || !c.connName.equals(other.cidName)) {
            c.connNum = other.cidNum;
            c.connName = other.cidName;
            ev.newConnectedLine(c);
        }
    }

    // ------------------------------------------------------------------ end of a Bridge-action bridge

    /**
     * A party of a Bridge-action bridge hangs up: by AMI Hangup of its {@code ;1} (trace 07) or because its
     * handset did (trace 09b). The other party continues after the bridge: a caller in {@code [hold]} reaches
     * {@code Hangup} at the next priority; a dialed leg has no dialplan and hangs up.
     */
    void xHangup(LocalPair p, Chan amiChan) {
        Bridge br = p.xbridge;
        Chan p1 = p.one;
        Chan p2 = p.two;
        Chan q1 = br.other(p1);
        stopTimers(p);
        EndReason reason;
        if (amiChan == p1) {
            ev.varSet(p1, "BRIDGEPEER", "");
            if (q1 != null) {
                ev.varSet(q1, "BRIDGEPEER", "");
            }
            ev.bridgeLeave(br, p1);
            ev.hangupRequest(p2, 16);
            eng.hangupChan(p1, 16);
            reason = EndReason.AMI_HANGUP;
            p.xbridge = null;
            if (q1 != null) {
                ev.bridgeLeave(br, q1);
                q1.pair.xbridge = null;
            }
            ev.bridgeDestroy(br);
            if (q1 != null) {
                afterBridgeEnds(q1.pair, () -> {
                    ev.softHangupRequest(p2, 16);
                    eng.hangupChan(p2, 16);
                });
            } else {
                ev.softHangupRequest(p2, 16);
                eng.hangupChan(p2, 16);
            }
        } else {
            reason = p.owner instanceof Call ? EndReason.CALLER_HANGUP : EndReason.AGENT_HANGUP;
            Chan first = amiChan == null ? p2 : amiChan;
            if (amiChan == null) {
                handsetOf(p).hangup(ev, p2);
                if (q1 != null && !(p2.cidNum.equals(q1.cidNum) && p2.cidName.equals(q1.cidName))) {
                    p2.cidNum = q1.cidNum;
                    p2.cidName = q1.cidName;
                    ev.newCallerid(p2);
                }
            }
            ev.softHangupRequest(first, 16);
            ev.hangupRequest(p1, 16);
            eng.hangupChan(p2, 16);
            ev.varSet(p1, "BRIDGEPEER", "");
            if (q1 != null) {
                ev.varSet(q1, "BRIDGEPEER", "");
            }
            ev.bridgeLeave(br, p1);
            eng.hangupChan(p1, 16);
            p.xbridge = null;
            releaseParty(p);
            if (q1 != null) {
                ev.bridgeLeave(br, q1);
                q1.pair.xbridge = null;
            }
            ev.bridgeDestroy(br);
            if (q1 != null) {
                afterBridgeEnds(q1.pair, null);
            }
        }
        releaseParty(p);
        ev.deviceState(p.device, "NOT_INUSE");
        ev.deviceState(p.device, "NOT_INUSE");
        endParty(p, reason);
        if (q1 != null) {
            Chan q2 = q1.peer();
            if (!(q2.cidNum.equals(p1.cidNum) && q2.cidName.equals(p1.cidName))) {
                q2.cidNum = p1.cidNum;
                q2.cidName = p1.cidName;
                ev.newCallerid(q2);
            }
            ev.deviceState(q1.pair.device, "NOT_INUSE");
            ev.deviceState(q1.pair.device, "NOT_INUSE");
            endParty(q1.pair, reason == EndReason.CALLER_HANGUP ? EndReason.CALLER_HANGUP
                    : reason == EndReason.AGENT_HANGUP ? EndReason.AGENT_HANGUP : EndReason.AMI_HANGUP);
        }
    }

    /**
     * A party alone after its bridge ended: a caller's {@code ;1} runs the next priority of where it was bridged
     * from ({@code hold,caller,3} = Hangup); a dialed leg hangs up. {@code between} runs after the {@code ;1} hung up.
     */
    private void afterBridgeEnds(LocalPair q, Runnable between) {
        Chan q1 = q.one;
        Chan q2 = q.two;
        stopTimers(q);
        if (q.owner instanceof Call) {
            ev.newexten(q1, q1.context, q1.exten, q1.priority + 1, "Hangup", "");
            ev.softHangupRequest(q1, 16);
            ev.hangupRequest(q2, 16);
            eng.hangupChan(q1, 16);
            if (between != null) {
                between.run();
            }
            ev.softHangupRequest(q2, 16);
            eng.hangupChan(q2, 16);
        } else {
            ev.hangupRequest(q2, 16);
            eng.hangupChan(q1, 16);
            if (between != null) {
                between.run();
            }
            ev.softHangupRequest(q2, 16);
            eng.hangupChan(q2, 16);
        }
        releaseParty(q);
    }

    private static Handset handsetOf(LocalPair p) {
        if (p.owner instanceof Call call) {
            return call.handset;
        }
        return ((AgentLeg) p.owner).handset;
    }

    private void stopTimers(LocalPair p) {
        if (p.owner instanceof Call call) {
            call.cancelTimers();
        } else if (p.owner instanceof AgentLeg leg) {
            leg.cancelTimers();
        }
    }

    private void releaseParty(LocalPair p) {
        if (p.owner instanceof AgentLeg leg) {
            eng.dials.release(leg);
        } else if (p.owner instanceof Call call && call.phone != null && call.phone.free(call)) {
            eng.hint(call.phone, 0);
        }
    }

    private void endParty(LocalPair p, EndReason reason) {
        if (p.owner instanceof Call call) {
            if (call.where != Call.Where.ENDED) {
                call.leg = null;
                eng.calls.endCall(call, reason);
            }
        } else if (p.owner instanceof AgentLeg leg) {
            leg.state = AgentLeg.State.ENDED;
            leg.held = false;
        }
    }

    /** A Redirect takes a channel out of a Bridge-action bridge; the other party goes on after the bridge. */
    void leaveXBridge(LocalPair p) {
        Bridge br = p.xbridge;
        if (br == null) {
            return;
        }
        Chan c = p.one;
        Chan other = br.other(c);
        ev.varSet(c, "BRIDGEPEER", "");
        ev.bridgeLeave(br, c);
        p.xbridge = null;
        if (p.owner instanceof Call call) {
            call.bridge = null;
            call.leg = null;
        }
        abandonedInXBridge(other, br);
    }

    // ------------------------------------------------------------------ helpers

    private void cancelTalk(Call call, AgentLeg leg) {
        if (call != null && call.talkTimer != null) {
            call.talkTimer.cancel();
        }
        if (leg != null && leg.talkTimer != null) {
            leg.talkTimer.cancel();
        }
    }

    /** After a hold or a Bridge, the agent handset keeps its own plan: it hangs up when its talk time is over. */
    private void planTalkAgain(AgentLeg leg) {
        if (leg.talkTimer != null) {
            leg.talkTimer.cancel();
        }
        Handset h = leg.handset;
        if (h.talkSeconds >= 0) {
            long elapsed = eng.clock.now() - Math.max(leg.one().answeredMicros, 0);
            double left = Math.max(0, h.talkSeconds - elapsed / 1_000_000d);
            leg.talkTimer = eng.clock.afterSeconds(left, () -> eng.dials.calleeHangsUp(leg, null, 16));
        }
    }

    void answeredVars(Chan one) {
        long now = eng.clock.now();
        long answered = one.answeredMicros < 0 ? 0 : now - one.answeredMicros;
        long dialed = now - one.createdMicros;
        ev.varSet(one, "ANSWEREDTIME", Long.toString(answered / 1_000_000L));
        ev.varSet(one, "ANSWEREDTIME_MS", Long.toString(answered / 1000L));
        ev.varSet(one, "DIALEDTIME", Long.toString(dialed / 1_000_000L));
        ev.varSet(one, "DIALEDTIME_MS", Long.toString(dialed / 1000L));
        ev.varSet(one, "DIALSTATUS", "ANSWER");
    }
}
