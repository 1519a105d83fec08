package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorLedger.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code ;1} half of a call does in the lab dialplan: the route point ({@code [inbound]} 100), the
 * agent-dial context, {@code [outbound]}, and the hangups that start on the caller's side. Event orders follow
 * the reference traces (03, 04, 04b, 05; 02 for a bridged AMI Hangup).
 */
final class CallFlows {
    private static final Logger LOG = LoggerFactory.getLogger(CallFlows.class);
    static final String[] DIAL_VARS = {"DIALSTATUS", "DIALEDPEERNUMBER", "DIALEDPEERNAME", "ANSWEREDTIME",
        "ANSWEREDTIME_MS", "DIALEDTIME", "DIALEDTIME_MS", "RINGTIME", "RINGTIME_MS", "PROGRESSTIME", "PROGRESSTIME_MS"};

    private final SimEngine eng;
    private final Events ev;

    CallFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    // ------------------------------------------------------------------ locations

    /** The {@code ;1} half starts (or, after a Redirect, resumes) at context/exten/priority. */
    void runLocation(Call call, String context, String exten, int priority, String[] oldApp) {
        if (eng.isRoutePoint(context, exten)) {
            routePoint(call, priority, oldApp);
        } else if (eng.isIvrRoutePoint(context, exten)) {
            eng.ivr.ivrRoutePoint(call, priority, oldApp);
        } else if (eng.isAgentDial(context) && exten.matches("\\d+")) {
            agentDial(call, context, exten, priority, oldApp);
        } else if (context.equals("outbound") && exten.matches("\\d+")) {
            outbound(call, exten, priority, oldApp);
        } else if (context.equals(ControlFlows.HOLD) && exten.equals("caller") && priority <= 2) {
            Steps s = new Steps(ev, call.one(), context, exten, oldApp);
            if (priority <= 1) {
                s.step(1, "NoOp", "CTI hold: " + call.one().name + " on hold");
            }
            if (s.oldApp != null) {
                s.step(2, "MusicOnHold", "default");
                ev.mohStart(call.one());
                call.where = Call.Where.HELD;
                call.bridge = null;
            } else {
                eng.control.callerOnHold(call);
            }
        } else if (eng.conferences.isConference(context) && ConferenceFlows.isRoom(exten)) {
            eng.conferences.join(call.pair, context, exten, priority, oldApp);
        } else if (context.equals("amd") && exten.equals("s")) {
            eng.ivr.amd(call, priority, oldApp);
        } else if (DialplanActionFlows.handles(context, exten)) {
            eng.actions.run(call, context, exten, priority, oldApp);
        } else {
            LOG.debug("{} sent to {}@{}, which the simulated dialplan lacks: hanging up", call.one(), exten, context);
            hangupFromOne(call, 16, 0, 0);
            endCall(call, EndReason.AMI_HANGUP);
        }
    }


    void routePoint(Call call, int from, String[] oldApp) {
        Chan one = call.one();
        String ctx = eng.config.routePointContext();
        String ex = eng.config.routePointExten();
        call.where = Call.Where.ROUTE_POINT;
        Steps s = new Steps(ev, one, ctx, ex, oldApp);
        if (from == 8) {
            s.step(8, "Hangup", "");
            hangupByDialplan(call);
            endCall(call, EndReason.PBX_TIMEOUT);
            return;
        }
        if (from >= 9 && from <= 11) {
            requeueSet(call, s);
            requeueRest(call, null);
            return;
        }
        if (from > 11) {
            hangupFromOne(call, 16, 0, 0);
            endCall(call, EndReason.AMI_HANGUP);
            return;
        }
        if (from <= 1) {
            s.step(1, "NoOp", "CTI route point: call from \"" + one.cidName + "\" <" + one.cidNum + ">");
        }
        if (from <= 2) {
            s.step(2, "Answer", "");
        }
        if (from <= 3) {
            s.step(3, "Set", "CTI_QUEUE=" + call.queue);
            ev.varSet(one, "CTI_QUEUE", call.queue);
        }
        String lang = call.type == null ? "en" : call.type.ivrLang();
        if (from <= 4) {
            s.step(4, "Set", "IVR_LANG=" + lang);
            ev.varSet(one, "IVR_LANG", lang);
        }
        if (from <= 5) {
            call.customerId = "C" + one.cidNum;
            s.step(5, "Set", "CUSTOMER_ID=" + call.customerId);
            ev.varSet(one, "CUSTOMER_ID", call.customerId);
        }
        if (from <= 6) {
            callWaiting(call, s, lang);
        }
        mohWait(call, s);
    }

    private void callWaiting(Call call, Steps s, String lang) {
        Chan one = call.one();
        String customer = call.customerId == null ? "C" + one.cidNum : call.customerId;
        String skills = call.type == null ? "" : call.type.skills();
        String dnis = call.type == null ? null : call.type.dialedNumber();
        java.util.List<String> body = new java.util.ArrayList<>(java.util.List.of(
                "Queue", call.queue, "CallerNumber", one.cidNum, "CallerName", one.cidName,
                "IvrLang", lang, "CustomerId", customer));
        if (!skills.isEmpty()) {
            body.add("Skills");
            body.add(skills);
        }
        if (dnis != null && !dnis.isEmpty()) {
            body.add("DialedNumber");
            body.add(dnis);
        }
        body.add("CallUid");
        body.add(one.uniqueid);
        // a site whose IVR picks skills or a DNIS keeps them in channel variables too (for a resync's Status)
        if (!skills.isEmpty()) {
            ev.varSet(one, "CTI_SKILLS", skills);
        }
        if (dnis != null && !dnis.isEmpty()) {
            ev.varSet(one, "CTI_DNIS", dnis);
        }
        StringBuilder data = new StringBuilder("CtiCallWaiting");
        for (int i = 0; i < body.size(); i += 2) {
            data.append(',').append(body.get(i)).append(": ").append(body.get(i + 1));
        }
        s.step(6, "UserEvent", data.toString());
        ev.userEvent(one, "CtiCallWaiting", body.toArray(new String[0]));
        if (!call.tracked) {
            call.tracked = true;
            eng.ledger.recordArrival(call.id(), call.type == null ? "" : call.type.name(), call.queue, skills,
                    call.callerNum, call.generated, eng.instant());
        }
    }

    private void mohWait(Call call, Steps s) {
        Chan one = call.one();
        double maxWait = eng.config.routePointMaxWaitSeconds();
        s.step(7, "MusicOnHold", maxWait > 0 ? "default," + Handset.secs(maxWait) : "default");
        ev.mohStart(one);
        call.where = Call.Where.ROUTE_POINT;
        if (maxWait > 0) {
            call.mohTimer = eng.clock.afterSeconds(maxWait, () -> mohTimeout(call));
        }
        eng.router.poke();
    }

    /** {@code n(requeue),Set(CTI_REQUEUED=...)}: first half of the requeue path. */
    void requeueSet(Call call, Steps s) {
        Chan one = call.one();
        call.requeued++;
        Steps steps = s != null ? s : new Steps(ev, one, eng.config.routePointContext(), eng.config.routePointExten(), null);
        steps.step(9, "Set", "CTI_REQUEUED=" + call.requeued);
        ev.varSet(one, "CTI_REQUEUED", Integer.toString(call.requeued));
    }

    void requeueSet(Call call) {
        requeueSet(call, null);
    }

    /** UserEvent CtiCallRequeued, Goto(wait), MusicOnHold again. */
    void requeueRest(Call call, Steps s) {
        Chan one = call.one();
        Steps steps = s != null ? s : new Steps(ev, one, eng.config.routePointContext(), eng.config.routePointExten(), null);
        String customer = call.customerId == null ? "C" + one.cidNum : call.customerId;
        String[] body = {"Queue", call.queue, "CustomerId", customer, "LastAgent", call.lastAgent,
            "DialStatus", call.dialStatus, "CallUid", one.uniqueid};
        steps.step(10, "UserEvent", "CtiCallRequeued,Queue: " + call.queue + ",CustomerId: " + customer
                + ",LastAgent: " + call.lastAgent + ",DialStatus: " + call.dialStatus + ",CallUid: " + one.uniqueid);
        ev.userEvent(one, "CtiCallRequeued", body);
        steps.step(11, "Goto", "wait");
        mohWait(call, steps);
        if (call.tracked) {
            eng.ledger.recordRequeued(call.id());
        }
    }

    void requeueRest(Call call) {
        requeueRest(call, null);
    }

    void mohTimeout(Call call) {
        Chan one = call.one();
        ev.mohStop(one);
        ev.newexten(one, 8, "Hangup", "");
        hangupByDialplan(call);
        endCall(call, EndReason.PBX_TIMEOUT);
    }

    void agentDial(Call call, String context, String exten, int from, String[] oldApp) {
        Chan one = call.one();
        call.where = Call.Where.DIALING;
        Steps s = new Steps(ev, one, context, exten, oldApp);
        if (from >= 4 && from <= 5) {
            dialFailedRequeue(call, s);
            return;
        }
        if (from > 5) {
            s.step(6, "Hangup", "");
            hangupByDialplan(call);
            endCall(call, EndReason.AMI_HANGUP);
            return;
        }
        if (from <= 1) {
            s.step(1, "NoOp", "CTI routing " + one.name + " to agent " + exten);
        }
        call.hook(Call.Hook.OLD_APP);
        if (from <= 2) {
            s.step(2, "Set", "CTI_AGENT=" + exten);
            ev.varSet(one, "CTI_AGENT", exten);
        }
        call.lastAgent = exten;
        double timeout = eng.globalSeconds("AGENT_DIAL_TIMEOUT", eng.config.agentDialTimeoutSeconds());
        s.step(3, "Dial", "Local/" + exten + "@agents," + Handset.secs(timeout) + ",t");
        for (int i = 0; i < DIAL_VARS.length - 1; i++) {
            ev.varSet(one, DIAL_VARS[i], "");
        }
        call.hook(Call.Hook.PROGRESS);
        ev.varSet(one, DIAL_VARS[DIAL_VARS.length - 1], "");
        if (call.tracked) {
            eng.ledger.recordRinging(call.id(), exten);
        }
        eng.dials.dial(call, LocalPair.Kind.AGENT, exten, timeout);
    }

    /** {@code GotoIf(ANSWER?done)} then {@code Goto(inbound,100,requeue)} and the requeue path. */
    void dialFailedRequeue(Call call, Steps s) {
        Chan one = call.one();
        Steps steps = s != null ? s : new Steps(ev, one, one.context, one.exten, null);
        steps.step(4, "GotoIf", "0?done");
        steps.step(5, "Goto", eng.config.routePointContext() + "," + eng.config.routePointExten() + ",requeue");
        requeueSet(call);
        requeueRest(call);
    }

    void outbound(Call call, String number, int from, String[] oldApp) {
        Chan one = call.one();
        call.where = Call.Where.DIALING;
        Steps s = new Steps(ev, one, "outbound", number, oldApp);
        if (from > 2) {
            s.step(3, "Hangup", "");
            hangupByDialplan(call);
            endCall(call, EndReason.AMI_HANGUP);
            return;
        }
        if (from <= 1) {
            s.step(1, "NoOp", "CTI outbound call to " + number);
        }
        s.step(2, "Dial", "Local/" + number + "@pstn,30");
        resetDialVars(one);
        eng.dials.dial(call, LocalPair.Kind.PSTN, number, 30);
    }

    /** After a failed Dial: the agent-dial context requeues, {@code [outbound]} hangs up. */
    void dialFailed(Call call) {
        call.flushHooks();
        if ("outbound".equals(call.one().context)) {
            ev.newexten(call.one(), 3, "Hangup", "");
            hangupByDialplan(call);
            endCall(call, EndReason.AMI_HANGUP);
        } else {
            dialFailedRequeue(call, null);
        }
    }

    static void resetDialVarsTo(Events ev, Chan one) {
        for (String v : DIAL_VARS) {
            ev.varSet(one, v, "");
        }
    }

    private void resetDialVars(Chan one) {
        resetDialVarsTo(ev, one);
    }

    // ------------------------------------------------------------------ Redirect

    void redirect(Chan c, String context, String exten, int priority) {
        if (!(c.pair.owner instanceof Call call) || c != call.one()
                || call.where == Call.Where.STARTING || call.where == Call.Where.ENDED) {
            LOG.warn("Redirect of {} is not simulated (only the ;1 leg of an answered call can be redirected)", c);
            return;
        }
        Chan one = call.one();
        String[] oldApp = null;
        if (call.where == Call.Where.BRIDGED && call.leg != null && context.equals(ControlFlows.HOLD)
                && exten.equals("caller")) {
            eng.control.holdCallerOnly(call);
            return;
        }
        if ((call.where == Call.Where.BRIDGED || call.where == Call.Where.XBRIDGED
                || (call.where == Call.Where.HELD && call.everAnswered)) && call.tracked
                && eng.isAgentDial(context) && !exten.equals(call.lastAgent)) {
            eng.ledger.recordTransferred(call.id(), call.lastAgent, context + "," + exten, eng.instant());
        }
        switch (call.where) {
            case IVR -> {
                oldApp = new String[] {one.app, one.appData};
                if (call.readTimer != null) {
                    call.readTimer.cancel();
                }
            }
            case HELD -> {
                oldApp = new String[] {one.app, one.appData};
                ev.mohStop(one);
            }
            case XBRIDGED -> {
                oldApp = new String[] {one.app, one.appData};
                eng.control.leaveXBridge(call.pair);
            }
            case CONF -> {
                oldApp = new String[] {one.app, one.appData};
                eng.conferences.leaveForRedirect(one);
            }
            case ROUTE_POINT -> {
                if (call.mohTimer != null) {
                    call.mohTimer.cancel();
                }
                ev.mohStop(one);
            }
            case DIALING -> {
                oldApp = new String[] {one.app, one.appData};
                eng.dials.cancelForRedirect(call);
            }
            case BRIDGED -> {
                oldApp = new String[] {one.app, one.appData};
                if (eng.isAgentDial(context) && exten.matches("\\d+") && call.leg != null) {
                    eng.transfers.transferOut(call);
                } else {
                    eng.dials.leaveBridgeForRedirect(call);
                }
            }
            case APP -> {
                oldApp = new String[] {one.app, one.appData};
                eng.originates.stopApplication(call);
            }
            default -> {
            }
        }
        runLocation(call, context, exten, priority, oldApp);
        call.flushHooks();
    }

    // ------------------------------------------------------------------ hangups

    /** The caller's handset ({@code ;2}) hangs up: patience ran out, or the caller ended the conversation (04b, 06, 06b). */
    void callerHangsUp(Call call, boolean viaAmi, int cause) {
        if (call.where == Call.Where.ENDED) {
            return;
        }
        if (call.pair.xbridge != null) {
            eng.control.xHangup(call.pair, viaAmi ? call.two() : null);
            return;
        }
        if (call.spyee != null) {
            eng.media.spyerHangsUp(call, viaAmi ? call.two() : null);
            return;
        }
        if (call.pair.conf != null) {
            eng.conferences.hangup(call.pair, viaAmi ? call.two() : null);
            return;
        }
        Chan one = call.one();
        Chan two = call.two();
        call.cancelTimers();
        if (!viaAmi) {
            call.handset.hangup(ev, two);
        }
        if (call.where == Call.Where.STARTING) {
            eng.originates.hangupBeforeAnswer(call, two, cause);
            endCall(call, viaAmi ? EndReason.AMI_HANGUP : EndReason.CALLER_HANGUP);
            return;
        }
        ev.softHangupRequest(two, cause);
        ev.hangupRequest(one, 16);
        Call.Where where = call.where == Call.Where.HELD ? Call.Where.ROUTE_POINT
                : call.leg == null && call.where != Call.Where.ROUTE_POINT ? Call.Where.APP : call.where;
        switch (where) {
            case ROUTE_POINT -> {
                eng.hangupChan(two, 16);
                ev.deviceState(call.pair.device, "NOT_INUSE");
                ev.mohStop(one);
                ev.softHangupRequest(one, 16);
                eng.hangupChan(one, 16);
                ev.deviceState(call.pair.device, "NOT_INUSE");
            }
            case DIALING -> eng.dials.callerGoneWhileRinging(call);
            case BRIDGED -> eng.dials.callerGoneWhileBridged(call);
            default -> {
                eng.originates.stopApplication(call);
                eng.hangupChan(two, 16);
                ev.softHangupRequest(one, 16);
                eng.hangupChan(one, 16);
                ev.deviceState(call.pair.device, "NOT_INUSE");
                ev.deviceState(call.pair.device, "NOT_INUSE");
            }
        }
        endCall(call, viaAmi ? EndReason.AMI_HANGUP : EndReason.CALLER_HANGUP);
    }

    /** AMI Hangup of one half of a call's pair (04 at the route point, 02 when bridged). */
    void amiHangup(Call call, Chan c, int cause) {
        if (c == call.two()) {
            callerHangsUp(call, true, cause);
            return;
        }
        if (call.spyee != null) {
            eng.media.spyerHangsUp(call, c);
            return;
        }
        Chan one = call.one();
        call.cancelTimers();
        Call.Where where = call.where == Call.Where.HELD ? Call.Where.ROUTE_POINT
                : call.leg == null && (call.where == Call.Where.DIALING || call.where == Call.Where.BRIDGED)
                ? Call.Where.APP : call.where;
        switch (where) {
            case ROUTE_POINT -> {
                ev.mohStop(one);
                if (call.requeued > 0) {
                    // the halves hang up on two threads; trace 05 (requeued call) shows ;1 first, trace 04 ;2 first
                    Chan two = call.two();
                    ev.softHangupRequest(one, cause);
                    ev.hangupRequest(two, 0);
                    eng.hangupChan(one, 0);
                    ev.softHangupRequest(two, 16);
                    eng.hangupChan(two, 0);
                    ev.deviceState(call.pair.device, "NOT_INUSE");
                    ev.deviceState(call.pair.device, "NOT_INUSE");
                } else {
                    hangupFromOne(call, cause, 0, 0);
                }
            }
            case DIALING -> eng.dials.amiHangupCallerWhileRinging(call, cause);
            case BRIDGED -> eng.dials.amiHangupCallerWhileBridged(call, cause);
            case STARTING -> eng.originates.hangupBeforeAnswer(call, one, cause);
            default -> {
                eng.originates.stopApplication(call);
                hangupFromOne(call, cause, 0, 0);
            }
        }
        endCall(call, EndReason.AMI_HANGUP);
    }

    /** Soft hangup of an unbridged {@code ;1} (AMI Hangup, trace 04): both halves end with the given causes. */
    void hangupFromOne(Call call, int softCause, int oneCause, int twoCause) {
        Chan one = call.one();
        Chan two = call.two();
        ev.softHangupRequest(one, softCause);
        ev.hangupRequest(two, 0);
        ev.softHangupRequest(two, 16);
        eng.hangupChan(two, twoCause);
        ev.deviceState(call.pair.device, "NOT_INUSE");
        eng.hangupChan(one, oneCause);
        ev.deviceState(call.pair.device, "NOT_INUSE");
    }

    /** The {@code ;1} runs {@code Hangup()} (after its Newexten was sent). */
    void hangupByDialplan(Call call) {
        Chan one = call.one();
        Chan two = call.two();
        ev.softHangupRequest(one, 16);
        ev.hangupRequest(two, 16);
        eng.hangupChan(one, 16);
        ev.softHangupRequest(two, 16);
        eng.hangupChan(two, 16);
        ev.deviceState(call.pair.device, "NOT_INUSE");
        ev.deviceState(call.pair.device, "NOT_INUSE");
    }

    /** Bookkeeping once both halves are gone. */
    void endCall(Call call, EndReason reason) {
        call.where = Call.Where.ENDED;
        eng.liveCalls.remove(call.id());
        call.cancelTimers();
        if (call.phone != null && call.phone.free(call)) {
            eng.hint(call.phone, 0);
        }
        if (call.tracked) {
            eng.ledger.recordEnded(call.id(), reason, eng.instant());
        }
    }
}
