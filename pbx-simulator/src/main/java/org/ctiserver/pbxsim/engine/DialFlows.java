package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorLedger.EndReason;

/**
 * {@code Dial(Local/<ext>@agents)} (or {@code @pstn}) from a call's {@code ;1}: the dialed pair, ringing, answer,
 * the bridge, and every way it ends. Orders follow traces 03 (agent hangs up), 05 (no answer), 06 (caller
 * gone while ringing), 06b (caller gone while talking), 02 (AMI Hangup of the bridged caller), 08 (Redirect
 * of a bridged caller) and 11 (AMI Hangup of the agent leg).
 */
final class DialFlows {
    private final SimEngine eng;
    private final Events ev;

    DialFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    /** Places the call after the Dial Newexten and the DIAL* VarSet burst were sent. */
    void dial(Call call, LocalPair.Kind kind, String ext, double timeoutSeconds) {
        Chan one = call.one();
        String ctx = kind == LocalPair.Kind.AGENT ? "agents" : "pstn";
        PhoneState phone = kind == LocalPair.Kind.AGENT ? eng.phones.get(ext) : null;
        if (kind == LocalPair.Kind.AGENT && (phone == null || !phone.registered)) {
            unavailable(call, kind, ext, ctx, phone);
            return;
        }
        Handset h = kind == LocalPair.Kind.AGENT ? agentHandset(phone) : pstnHandset(ext);
        LocalPair pair = eng.newPair(kind, ext, ctx, one.linkedid);
        String dialString = ext + "@" + ctx;
        AgentLeg leg = new AgentLeg(call, pair, phone, h, ext, dialString, eng.clock.now());
        call.leg = leg;
        call.where = Call.Where.DIALING;
        Chan a1 = pair.one;
        Chan a2 = pair.two;
        ev.newchannel(a1);
        ev.newchannel(a2);
        ev.varSet(a1, "DIALEDPEERNUMBER", dialString);
        a1.cidNum = ext;
        a1.cidName = one.cidName;
        a1.connNum = one.cidNum;
        a1.connName = one.cidName;
        ev.newexten(a1, ctx, ext, 1, "AppDial", "(Outgoing Line)");
        ev.newCallerid(a1);
        ev.newConnectedLine(a1);
        ev.varSet(a2, "DIALEDPEERNUMBER", dialString);
        a2.cidNum = one.cidNum;
        a2.cidName = one.cidName;
        a2.connNum = ext;
        a2.connName = one.cidName;
        ev.newCallerid(a2);
        ev.newConnectedLine(a2);
        call.hook(Call.Hook.PRE_LOCAL_BRIDGE);
        ev.localBridge(pair);
        call.hook(Call.Hook.PRE_DIAL_BEGIN);
        ev.dialBegin(one, a1, dialString);
        if (kind == LocalPair.Kind.PSTN) {
            eng.ledger.recordPstnDial(ext, a1.name, eng.instant());
        }
        if (h.outcome == Handset.Outcome.BUSY || h.outcome == Handset.Outcome.CONGESTION) {
            busy(leg);
            return;
        }
        if (phone != null) {
            phone.occupy(leg);
        }
        h.start(ev, a2);
        call.hook(Call.Hook.RINGING);
        ev.newstate(a1, Chan.RINGING, eng.clock.now());
        call.hook(Call.Hook.NEWSTATE);
        ev.deviceState(pair.device, "INUSE");
        h.waitRing(ev, a2);
        ev.varSet(one, "RINGTIME", "0");
        ev.varSet(one, "RINGTIME_MS", "0");
        ev.dialState(one, a1, "RINGING");
        eng.hint(phone, 1);
        if (h.outcome == Handset.Outcome.ANSWER) {
            leg.ringTimer = eng.clock.afterSeconds(h.ringSeconds, () -> answer(leg));
        } else if (kind == LocalPair.Kind.AGENT) {
            leg.ringTimer = eng.clock.afterSeconds(h.ringSeconds, () -> {
                h.noAnswer(ev, a2);
                leg.state = AgentLeg.State.NO_ANSWER;
            });
        }
        leg.timeoutTimer = eng.clock.afterSeconds(timeoutSeconds, () -> timeout(leg));
    }

    private Handset agentHandset(PhoneState phone) {
        String ext = phone.extension();
        Handset h = new Handset.Agent(ext);
        // always draw both numbers so that a global override does not shift the phone's random stream
        double drawnRing = phone.config.answerDelay().sample(phone.rng);
        boolean drawnNoAnswer = phone.rng.nextDouble() < phone.config.noAnswerProbability();
        h.ringSeconds = eng.globalSeconds("AGENT_" + ext + "_RING", drawnRing);
        boolean noAnswer = eng.globals.containsKey("AGENT_" + ext + "_NOANSWER")
                ? eng.globalFlag("AGENT_" + ext + "_NOANSWER") : drawnNoAnswer;
        h.outcome = phone.busy() ? Handset.Outcome.BUSY
                : noAnswer ? Handset.Outcome.NO_ANSWER : Handset.Outcome.ANSWER;
        return h;
    }

    Handset.Pstn pstnHandset(String number) {
        org.ctiserver.pbxsim.SimulatorConfig.PstnNumber n = eng.config.pstnNumber(number);
        Handset.Pstn h = new Handset.Pstn(number);
        h.outcome = switch (n.outcome()) {
            case BUSY -> Handset.Outcome.BUSY;
            case CONGESTION -> Handset.Outcome.CONGESTION;
            case NO_ANSWER -> Handset.Outcome.NO_ANSWER;
            case ANSWER -> Handset.Outcome.ANSWER;
        };
        h.behaviour = n;
        h.ringSeconds = n.ringSeconds() >= 0 ? n.ringSeconds() : eng.config.pstnAnswerSeconds();
        h.talkSeconds = n.tones() != null ? 10 : eng.globalSeconds("PSTN_TALK_SECONDS", eng.config.pstnTalkSeconds());
        return h;
    }

    /** The Local channel cannot be called (unknown or unregistered phone): no DialBegin, DIALSTATUS CHANUNAVAIL. */
    private void unavailable(Call call, LocalPair.Kind kind, String ext, String ctx, PhoneState phone) {
        Chan one = call.one();
        LocalPair pair = eng.newPair(kind, ext, ctx, one.linkedid);
        ev.newchannel(pair.one);
        ev.newchannel(pair.two);
        eng.hangupChan(pair.two, 0);
        eng.hangupChan(pair.one, 0);
        ev.deviceState(pair.device, phone == null ? "INVALID" : "UNAVAILABLE");
        ev.varSet(one, "DIALSTATUS", "CHANUNAVAIL");
        call.dialStatus = "CHANUNAVAIL";
        call.leg = null;
        eng.calls.dialFailed(call);
    }

    /** The dialed handset is busy or congested (trace 14 b/d, seen from a Dial). */
    private void busy(AgentLeg leg) {
        Call call = leg.call;
        Chan one = call.one();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        Handset h = leg.handset;
        boolean busy = h.outcome == Handset.Outcome.BUSY;
        h.start(ev, a2);
        h.busy(ev, a2);
        ev.newstate(a2, Chan.BUSY, eng.clock.now());
        ev.deviceState(leg.pair.device, "INUSE");
        String status = busy ? "BUSY" : "CONGESTION";
        ev.dialEnd(one, a1, status);
        ev.hangupRequest(a2, 0);
        ev.softHangupRequest(a2, 16);
        eng.hangupChan(a1, 0);
        eng.hangupChan(a2, busy ? 17 : 34);
        ev.varSet(one, "DIALSTATUS", status);
        if (leg.phone == null) {
            ev.deviceState(leg.pair.device, "NOT_INUSE");
            ev.deviceState(leg.pair.device, "NOT_INUSE");
        }
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
        call.dialStatus = status;
        eng.calls.dialFailed(call);
    }

    /** The dialed handset answers: DialEnd ANSWER, a basic bridge, and the plan for how the talk ends. */
    void answer(AgentLeg leg) {
        Call call = leg.call;
        Chan one = call.one();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        Handset h = leg.handset;
        leg.ringTimer = null;
        if (leg.timeoutTimer != null) {
            leg.timeoutTimer.cancel();
        }
        h.answer(ev, a2);
        long now = eng.clock.now();
        ev.newstate(a2, Chan.UP, now);
        ev.newstate(a1, Chan.UP, now);
        ev.varSet(one, "DIALSTATUS", "ANSWER");
        ev.varSet(one, "DIALEDPEERNAME", a1.name);
        ev.varSet(one, "DIALEDPEERNUMBER", leg.dialString);
        a1.exten = "";
        ev.dialEnd(one, a1, "ANSWER");
        ev.deviceState(leg.pair.device, "INUSE");
        ev.deviceState(leg.pair.device, "INUSE");
        Bridge br = new Bridge(eng.newBridgeId());
        ev.bridgeCreate(br);
        ev.newexten(a1, a1.context, "", 1, "AppDial", "(Outgoing Line)");
        ev.bridgeEnter(br, a1);
        ev.bridgeEnter(br, one);
        if (call.blindTransferred) {
            call.blindTransferred = false;
            ev.varSet(one, "BLINDTRANSFER", "");
        }
        ev.varSet(a1, "BRIDGEPEER", one.name);
        ev.varSet(one, "BRIDGEPEER", a1.name);
        call.where = Call.Where.BRIDGED;
        call.bridge = br;
        call.everAnswered = true;
        leg.state = AgentLeg.State.UP;
        if (call.patienceTimer != null) {
            call.patienceTimer.cancel();
        }
        if (call.tracked && leg.phone != null) {
            eng.ledger.recordAnswered(call.id(), leg.extension, eng.instant());
        }
        if (leg.pair.kind == LocalPair.Kind.PSTN) {
            eng.ledger.recordPstnAnswered(a1.name);
        }
        planTalk(leg);
        h.talk(ev, a2);
    }

    private void planTalk(AgentLeg leg) {
        Call call = leg.call;
        Handset h = leg.handset;
        if (leg.phone == null) {
            if (h.talkSeconds >= 0) {
                leg.talkTimer = eng.clock.afterSeconds(h.talkSeconds, () -> calleeHangsUp(leg, null, 16));
            }
            return;
        }
        PhoneState p = leg.phone;
        String ext = leg.extension;
        double drawn = p.config.handleTime().sample(p.rng);
        boolean callerEnds = call.generated && call.type != null && call.rng.nextDouble() < call.type.callerHangupShare();
        String talkVar = "AGENT_" + ext + "_TALK";
        boolean override = eng.globals.containsKey(talkVar);
        if (p.config.manual() && !override) {
            h.talkSeconds = -1;
            if (call.generated) {
                call.talkTimer = eng.clock.afterSeconds(eng.config.manualMaxTalkSeconds(),
                        () -> eng.calls.callerHangsUp(call, false, 16));
            }
            return;
        }
        double talk = eng.globalSeconds(talkVar, drawn);
        if (callerEnds && !override) {
            h.talkSeconds = -1;
            call.talkTimer = eng.clock.afterSeconds(talk, () -> eng.calls.callerHangsUp(call, false, 16));
        } else {
            h.talkSeconds = talk;
            leg.talkTimer = eng.clock.afterSeconds(talk, () -> calleeHangsUp(leg, null, 16));
        }
    }

    /** Dial timeout while the phone rings (trace 05): DialEnd NOANSWER and back to the route point. */
    private void timeout(AgentLeg leg) {
        Call call = leg.call;
        if (leg.state != AgentLeg.State.RINGING && leg.state != AgentLeg.State.NO_ANSWER) {
            return;
        }
        leg.cancelTimers();
        Chan one = call.one();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        ev.dialEnd(one, a1, "NOANSWER");
        ev.hangupRequest(a2, 0);
        eng.hangupChan(a1, 0);
        ev.varSet(one, "DIALSTATUS", "NOANSWER");
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
        call.dialStatus = "NOANSWER";
        if ("outbound".equals(one.context)) {
            release(leg);
            ev.softHangupRequest(a2, 16);
            eng.hangupChan(a2, 0);
            eng.calls.dialFailed(call);
            return;
        }
        ev.newexten(one, 4, "GotoIf", "0?done");
        ev.newexten(one, 5, "Goto", eng.config.routePointContext() + "," + eng.config.routePointExten() + ",requeue");
        release(leg);
        ev.softHangupRequest(a2, 16);
        eng.calls.requeueSet(call);
        eng.hangupChan(a2, 0);
        eng.calls.requeueRest(call);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
    }

    /**
     * The dialed side hangs up. {@code amiChan} null = its handset hung up by itself (trace 03); otherwise an
     * AMI Hangup of that channel (11 for the {@code ;1}). Before answer the Dial sees NOANSWER and requeues.
     */
    void calleeHangsUp(AgentLeg leg, Chan amiChan, int cause) {
        if (leg.state == AgentLeg.State.ENDED) {
            return;
        }
        if (leg.pair.xbridge != null) {
            eng.control.xHangup(leg.pair, amiChan);
            return;
        }
        if (leg.pair.conf != null) {
            eng.conferences.hangup(leg.pair, amiChan);
            return;
        }
        if (leg.held || leg.call == null) {
            eng.control.heldLegHangsUp(leg, amiChan);
            return;
        }
        Call call = leg.call;
        Chan one = call.one();
        Chan two = call.two();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        if (leg.state != AgentLeg.State.UP) {
            calleeGoneWhileRinging(leg, amiChan == null ? a2 : amiChan, cause);
            return;
        }
        call.cancelTimers();
        Bridge br = call.bridge;
        if (amiChan == a1) {
            ev.varSet(a1, "BRIDGEPEER", "");
            ev.varSet(one, "BRIDGEPEER", "");
            ev.bridgeLeave(br, a1);
            ev.hangupRequest(a2, 16);
            eng.hangupChan(a1, 16);
            ev.softHangupRequest(a2, 16);
            eng.hangupChan(a2, 16);
            ev.bridgeLeave(br, one);
            ev.bridgeDestroy(br);
            answeredVars(one);
            ev.softHangupRequest(one, 16);
            ev.hangupRequest(two, 16);
            ev.softHangupRequest(two, 16);
            eng.hangupChan(two, 16);
            eng.hangupChan(one, 16);
            legDeviceIdle(leg);
            callerDeviceIdle(call);
            release(leg);
        } else if (leg.phone == null) {
            // an external number hangs up (trace 14 a): its halves go before the bridge dissolves
            if (amiChan == null) {
                leg.handset.hangup(ev, a2);
            }
            ev.softHangupRequest(a2, amiChan == null ? 16 : cause);
            ev.hangupRequest(a1, 16);
            eng.hangupChan(a2, 16);
            ev.varSet(a1, "BRIDGEPEER", "");
            ev.varSet(one, "BRIDGEPEER", "");
            ev.bridgeLeave(br, a1);
            eng.hangupChan(a1, 16);
            ev.bridgeLeave(br, one);
            ev.bridgeDestroy(br);
            answeredVars(one);
            ev.softHangupRequest(one, 16);
            ev.hangupRequest(two, 16);
            eng.hangupChan(one, 16);
            ev.softHangupRequest(two, 16);
            eng.hangupChan(two, 16);
            legDeviceIdle(leg);
            callerDeviceIdle(call);
        } else {
            if (amiChan == null) {
                leg.handset.hangup(ev, a2);
            }
            ev.softHangupRequest(a2, amiChan == null ? 16 : cause);
            ev.hangupRequest(a1, 16);
            ev.varSet(a1, "BRIDGEPEER", "");
            ev.varSet(one, "BRIDGEPEER", "");
            ev.bridgeLeave(br, a1);
            ev.bridgeLeave(br, one);
            answeredVars(one);
            ev.softHangupRequest(one, 16);
            ev.hangupRequest(two, 16);
            eng.hangupChan(one, 16);
            ev.softHangupRequest(two, 16);
            eng.hangupChan(two, 16);
            ev.bridgeDestroy(br);
            eng.hangupChan(a1, 16);
            eng.hangupChan(a2, 16);
            callerDeviceIdle(call);
            legDeviceIdle(leg);
            release(leg);
        }
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
        eng.calls.endCall(call, amiChan == null ? EndReason.AGENT_HANGUP : EndReason.AMI_HANGUP);
    }

    /** The dialed pair goes away before answering: the Dial reports NOANSWER and the call is requeued. */
    private void calleeGoneWhileRinging(AgentLeg leg, Chan first, int cause) {
        Call call = leg.call;
        Chan one = call.one();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        ev.softHangupRequest(first, cause);
        ev.hangupRequest(first.peer(), 16);
        ev.dialEnd(one, a1, "NOANSWER");
        eng.hangupChan(a1, 16);
        ev.varSet(one, "DIALSTATUS", "NOANSWER");
        eng.hangupChan(a2, 16);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        release(leg);
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
        call.dialStatus = "NOANSWER";
        eng.calls.dialFailed(call);
    }

    /** AMI Hangup of a channel of the dialed pair. */
    void amiHangupLeg(AgentLeg leg, Chan c, int cause) {
        if (leg.state == AgentLeg.State.ENDED) {
            eng.hangupChan(c, cause);
            return;
        }
        calleeHangsUp(leg, c, cause);
    }

    /** Trace 06, after the caller half's SoftHangupRequest/HangupRequest. */
    void callerGoneWhileRinging(Call call) {
        AgentLeg leg = call.leg;
        Chan one = call.one();
        Chan two = call.two();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        release(leg);
        ev.dialEnd(one, a1, "CANCEL");
        ev.hangupRequest(a2, 16);
        eng.hangupChan(a1, 16);
        ev.varSet(one, "DIALSTATUS", "CANCEL");
        ev.softHangupRequest(one, 16);
        eng.hangupChan(one, 16);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        eng.hangupChan(two, 16);
        ev.softHangupRequest(a2, 16);
        eng.hangupChan(a2, 16);
        callerDeviceIdle(call);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
    }

    /** Trace 06b, after the caller half's SoftHangupRequest/HangupRequest. */
    void callerGoneWhileBridged(Call call) {
        AgentLeg leg = call.leg;
        Bridge br = call.bridge;
        Chan one = call.one();
        Chan two = call.two();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        eng.hangupChan(two, 16);
        ev.varSet(one, "BRIDGEPEER", "");
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.bridgeLeave(br, one);
        answeredVars(one);
        ev.softHangupRequest(one, 16);
        eng.hangupChan(one, 16);
        ev.bridgeLeave(br, a1);
        ev.hangupRequest(a2, 16);
        eng.hangupChan(a1, 16);
        callerDeviceIdle(call);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        release(leg);
        ev.softHangupRequest(a2, 16);
        eng.hangupChan(a2, 16);
        ev.bridgeDestroy(br);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
    }

    /** AMI Hangup of the caller's {@code ;1} while the agent rings. */
    void amiHangupCallerWhileRinging(Call call, int cause) {
        AgentLeg leg = call.leg;
        Chan one = call.one();
        Chan two = call.two();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        ev.softHangupRequest(one, cause);
        release(leg);
        ev.dialEnd(one, a1, "CANCEL");
        ev.hangupRequest(a2, 16);
        eng.hangupChan(a1, 16);
        ev.varSet(one, "DIALSTATUS", "CANCEL");
        ev.hangupRequest(two, 0);
        eng.hangupChan(one, 0);
        ev.softHangupRequest(two, 16);
        eng.hangupChan(two, 0);
        ev.softHangupRequest(a2, 16);
        eng.hangupChan(a2, 16);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        callerDeviceIdle(call);
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
    }

    /** AMI Hangup of the bridged caller's {@code ;1} (trace 02, second call). */
    void amiHangupCallerWhileBridged(Call call, int cause) {
        AgentLeg leg = call.leg;
        Bridge br = call.bridge;
        Chan one = call.one();
        Chan two = call.two();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        long now = eng.clock.now();
        ev.varSet(one, "BRIDGEPEER", "");
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.bridgeLeave(br, one);
        ev.varSet(one, "ANSWEREDTIME", Long.toString((now - one.answeredMicros) / 1_000_000L));
        ev.bridgeLeave(br, a1);
        ev.varSet(one, "ANSWEREDTIME_MS", Long.toString((now - one.answeredMicros) / 1000L));
        ev.varSet(one, "DIALEDTIME", Long.toString((now - one.createdMicros) / 1_000_000L));
        ev.bridgeDestroy(br);
        ev.varSet(one, "DIALEDTIME_MS", Long.toString((now - one.createdMicros) / 1000L));
        ev.hangupRequest(a2, 16);
        ev.varSet(one, "DIALSTATUS", "ANSWER");
        ev.softHangupRequest(one, cause);
        ev.softHangupRequest(a2, 16);
        eng.hangupChan(a1, 16);
        ev.hangupRequest(two, 16);
        eng.hangupChan(one, 16);
        eng.hangupChan(a2, 16);
        ev.softHangupRequest(two, 16);
        eng.hangupChan(two, 16);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        ev.deviceState(call.pair.device, "NOT_INUSE");
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        release(leg);
        ev.deviceState(call.pair.device, "NOT_INUSE");
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
    }

    /** A Redirect takes the caller out of a ringing Dial. */
    void cancelForRedirect(Call call) {
        AgentLeg leg = call.leg;
        Chan one = call.one();
        leg.cancelTimers();
        ev.dialEnd(one, leg.one(), "CANCEL");
        ev.hangupRequest(leg.two(), 16);
        eng.hangupChan(leg.one(), 16);
        ev.varSet(one, "DIALSTATUS", "CANCEL");
        ev.softHangupRequest(leg.two(), 16);
        eng.hangupChan(leg.two(), 16);
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        release(leg);
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
    }

    /** A Redirect takes the caller out of its bridge; the agent leg, left alone, hangs up (trace 08). */
    void leaveBridgeForRedirect(Call call) {
        AgentLeg leg = call.leg;
        Bridge br = call.bridge;
        Chan one = call.one();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        leg.cancelTimers();
        if (call.talkTimer != null) {
            call.talkTimer.cancel();
        }
        ev.varSet(one, "BRIDGEPEER", "");
        ev.varSet(a1, "BRIDGEPEER", "");
        ev.bridgeLeave(br, one);
        ev.varSet(one, "DIALSTATUS", "ANSWER");
        ev.bridgeLeave(br, a1);
        ev.hangupRequest(a2, 16);
        eng.hangupChan(a1, 16);
        ev.softHangupRequest(a2, 16);
        eng.hangupChan(a2, 16);
        ev.bridgeDestroy(br);
        legDeviceIdle(leg);
        release(leg);
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
        call.bridge = null;
    }

    private void answeredVars(Chan one) {
        long now = eng.clock.now();
        long answered = one.answeredMicros < 0 ? 0 : now - one.answeredMicros;
        long dialed = now - one.createdMicros;
        ev.varSet(one, "ANSWEREDTIME", Long.toString(answered / 1_000_000L));
        ev.varSet(one, "ANSWEREDTIME_MS", Long.toString(answered / 1000L));
        ev.varSet(one, "DIALEDTIME", Long.toString(dialed / 1_000_000L));
        ev.varSet(one, "DIALEDTIME_MS", Long.toString(dialed / 1000L));
        ev.varSet(one, "DIALSTATUS", "ANSWER");
    }

    private void callerDeviceIdle(Call call) {
        ev.deviceState(call.pair.device, "NOT_INUSE");
        ev.deviceState(call.pair.device, "NOT_INUSE");
    }

    private void legDeviceIdle(AgentLeg leg) {
        ev.deviceState(leg.pair.device, "NOT_INUSE");
        ev.deviceState(leg.pair.device, "NOT_INUSE");
    }

    /** Frees the phone and announces its hint going Idle. */
    void release(AgentLeg leg) {
        if (leg.phone != null && leg.phone.free(leg)) {
            eng.hint(leg.phone, 0);
        }
    }
}
