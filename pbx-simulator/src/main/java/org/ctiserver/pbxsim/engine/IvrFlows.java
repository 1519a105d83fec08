package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorLedger.EndReason;

/** The IVR flavour of the route point ({@code [inbound] 101}, trace 13) and {@code [amd] s} (trace 16). */
final class IvrFlows {
    private final SimEngine eng;
    private final Events ev;

    IvrFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    /** {@code [inbound] 101}: NoOp, Answer, Set(IVR_LANG), Read(IVR_CHOICE,,1,,1,6) ... (trace 13). */
    void ivrRoutePoint(Call call, int from, String[] oldApp) {
        Chan one = call.one();
        String ctx = one.context.equals(eng.config.routePointContext()) ? one.context : eng.config.routePointContext();
        Steps s = new Steps(ev, one, ctx, SimEngine.IVR_EXTEN, oldApp);
        if (from > 4) {
            s.step(9, "Hangup", "");
            eng.calls.hangupByDialplan(call);
            eng.calls.endCall(call, EndReason.AMI_HANGUP);
            return;
        }
        if (from <= 1) {
            s.step(1, "NoOp", "CTI IVR route point: call from \"" + one.cidName + "\" <" + one.cidNum + ">");
        }
        if (from <= 2) {
            s.step(2, "Answer", "");
        }
        if (from <= 3) {
            s.step(3, "Set", "IVR_LANG=en");
            ev.varSet(one, "IVR_LANG", "en");
        }
        s.step(4, "Read", "IVR_CHOICE,,1,,1,6");
        ev.varSet(one, "READSTATUS", "ERROR");
        call.where = Call.Where.IVR;
        call.readTimer = eng.clock.afterSeconds(6, () -> ivrRead(call, null));
    }

    /** A digit reached the caller's {@code ;1} while Read() waits for it. */
    void ivrDigit(Call call, String digit) {
        ivrRead(call, digit);
    }

    private void ivrRead(Call call, String digit) {
        if (call.where != Call.Where.IVR) {
            return;
        }
        if (call.readTimer != null) {
            call.readTimer.cancel();
        }
        Chan one = call.one();
        String choice = digit == null ? "" : digit;
        ev.varSet(one, "IVR_CHOICE", choice);
        ev.varSet(one, "READSTATUS", digit == null ? "TIMEOUT" : "OK");
        call.queue = choice.equals("2") ? "support" : "sales";
        ev.newexten(one, 5, "Set", "CTI_QUEUE=" + call.queue);
        ev.varSet(one, "CTI_QUEUE", call.queue);
        call.customerId = "C" + one.cidNum;
        ev.newexten(one, 6, "Set", "CUSTOMER_ID=" + call.customerId);
        ev.varSet(one, "CUSTOMER_ID", call.customerId);
        ev.newexten(one, 7, "UserEvent", "CtiCallWaiting,Queue: " + call.queue + ",CallerNumber: " + one.cidNum
                + ",IvrChoice: " + choice + ",CustomerId: " + call.customerId + ",CallUid: " + one.uniqueid);
        ev.userEvent(one, "CtiCallWaiting", "Queue", call.queue, "CallerNumber", one.cidNum, "IvrChoice", choice,
                "CustomerId", call.customerId, "CallUid", one.uniqueid);
        if (!call.tracked) {
            call.tracked = true;
            eng.ledger.recordArrival(call.id(), call.type == null ? "" : call.type.name(), call.queue, "",
                    call.callerNum, call.generated, eng.instant());
        }
        double maxWait = eng.config.routePointMaxWaitSeconds();
        ev.newexten(one, 8, "MusicOnHold", maxWait > 0 ? "default," + Handset.secs(maxWait) : "default");
        ev.mohStart(one);
        call.where = Call.Where.ROUTE_POINT;
        if (maxWait > 0) {
            call.mohTimer = eng.clock.afterSeconds(maxWait, () -> eng.calls.mohTimeout(call));
        }
        eng.router.poke();
    }

    /** {@code [amd] s}: NoOp, AMD(), UserEvent(CtiAmdResult), Hangup (trace 16). */
    void amd(Call call, int from, String[] oldApp) {
        Chan one = call.one();
        Steps s = new Steps(ev, one, "amd", "s", oldApp);
        if (from <= 1) {
            s.step(1, "NoOp", "AMD on " + one.name);
        }
        s.step(2, "AMD", "");
        call.where = Call.Where.APP;
        org.ctiserver.pbxsim.SimulatorConfig.PstnNumber n = call.pair.kind == LocalPair.Kind.PSTN
                ? eng.config.pstnNumber(call.pair.exten) : eng.config.pstnNumber("");
        call.originateTimer = eng.clock.afterSeconds(n.amdSeconds(), () -> {
            if (call.where != Call.Where.APP || one.gone) {
                return;
            }
            ev.varSet(one, "AMDSTATUS", n.amdStatus());
            ev.varSet(one, "AMDCAUSE", n.amdCause());
            ev.newexten(one, 3, "UserEvent", "CtiAmdResult,AmdStatus: " + n.amdStatus() + ",AmdCause: " + n.amdCause());
            ev.userEvent(one, "CtiAmdResult", "AmdStatus", n.amdStatus(), "AmdCause", n.amdCause());
            eng.ledger.recordAmd(one.uniqueid, call.pair.exten, n.amdStatus(), n.amdCause(), eng.instant());
            ev.newexten(one, 4, "Hangup", "");
            eng.calls.hangupByDialplan(call);
            eng.calls.endCall(call, EndReason.PBX_TIMEOUT);
        });
    }
}
