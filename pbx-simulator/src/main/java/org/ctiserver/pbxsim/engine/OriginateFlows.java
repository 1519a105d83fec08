package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger.EndReason;

import java.util.List;

/**
 * AMI Originate of a Local channel, and the generated callers (which enter exactly as the lab's test
 * client originates them, minus the OriginateResponse). Outcomes and Reason codes follow trace 14:
 * 4 answered, 5 busy, 3 no answer before the Originate timeout, 8 congestion, 0 no such channel.
 */
final class OriginateFlows {
    private final SimEngine eng;
    private final Events ev;

    OriginateFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    void originate(OriginateRequest r) {
        String dial = r.channel();
        int slash = dial.indexOf('/');
        String tech = dial.substring(0, slash);
        String resource = dial.substring(slash + 1);
        int at = resource.indexOf('@');
        if (!tech.equalsIgnoreCase("Local") || at <= 0) {
            failWithoutChannel(r, r.callerIdNum(), r.callerIdName());
            return;
        }
        String exten = resource.substring(0, at);
        String context = resource.substring(at + 1);
        int opt = context.indexOf('/');
        if (opt >= 0) {
            context = context.substring(0, opt);
        }
        LocalPair.Kind kind = LocalPair.kindOf(context);
        PhoneState phone = kind == LocalPair.Kind.AGENT ? eng.phones.get(exten) : null;
        if (kind == LocalPair.Kind.OTHER || !exten.matches("\\d+")
                || (kind == LocalPair.Kind.AGENT && (phone == null || !phone.registered))) {
            noSuchLocal(r, exten, context);
            return;
        }
        SimulatorConfig.CallType type = callType(r.variables());
        Call call = new Call(eng.newPair(kind, exten, context, null), type, false, eng.rng.split(),
                r.callerIdNum(), r.callerIdName());
        eng.liveCalls.put(call.id(), call);
        call.originateActionId = r.actionId();
        call.announceOriginate = r.async();
        call.syncDone = r.syncDone();
        call.targetContext = r.context();
        call.targetExten = r.exten();
        call.targetPriority = r.priority();
        call.application = r.application();
        call.applicationData = r.data() == null ? "" : r.data();
        if (kind == LocalPair.Kind.CALLER) {
            Handset.Caller h = new Handset.Caller(exten);
            call.handset = h;
            double life = eng.globalSeconds("CALLER_" + exten + "_TALK", variableSeconds(r.variables(), "CALLER_TALK",
                    eng.config.callerTalkSeconds()));
            h.talkSeconds = life;
            h.dtmf = eng.globals.get("CALLER_" + exten + "_DTMF");
        } else if (kind == LocalPair.Kind.SUPERVISOR) {
            call.handset = new Handset.Supervisor(exten);
            call.handset.talkSeconds = eng.globalSeconds("SUPERVISOR_TALK_SECONDS", 3);
        }
        begin(call, r.variables(), r.timeoutMillis() > 0 ? r.timeoutMillis() / 1000d : 30);
    }

    /** A generated caller arrives at the route point. Returns its call id. */
    String arriveGenerated(SimulatorConfig.CallType type, String handsetExten, String number, String name,
                           java.util.SplittableRandom callRng) {
        Call call = new Call(eng.newPair(LocalPair.Kind.CALLER, handsetExten, "callers", null), type, true, callRng,
                number, name);
        eng.liveCalls.put(call.id(), call);
        call.targetContext = eng.config.routePointContext();
        call.targetExten = eng.config.routePointExten();
        call.handset = new Handset.Caller(handsetExten);
        double patience = type.meanPatienceSeconds() > 0
                ? -type.meanPatienceSeconds() * Math.log(1 - callRng.nextDouble()) : -1;
        call.handset.talkSeconds = patience;
        begin(call, List.of(), 30);
        if (patience >= 0 && call.where != Call.Where.ENDED && !call.everAnswered) {
            call.patienceTimer = eng.clock.afterSeconds(patience, () -> eng.calls.callerHangsUp(call, false, 16));
        }
        return call.id();
    }

    private SimulatorConfig.CallType callType(List<String[]> vars) {
        for (String[] v : vars) {
            if (v[0].equals("CTI_CALL_TYPE")) {
                for (SimulatorConfig.CallType t : eng.config.callTypes()) {
                    if (t.name().equals(v[1])) {
                        return t;
                    }
                }
            }
        }
        return eng.config.callTypes().get(0);
    }

    private static double variableSeconds(List<String[]> vars, String name, double fallback) {
        for (String[] v : vars) {
            if (v[0].equals(name)) {
                try {
                    return Double.parseDouble(v[1]);
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    /** Channels, caller ids, LocalBridge and DialBegin, then the handset decides. */
    private void begin(Call call, List<String[]> vars, double timeoutSeconds) {
        LocalPair pair = call.pair;
        Chan one = pair.one;
        Chan two = pair.two;
        ev.newchannel(one);
        ev.newchannel(two);
        ev.newexten(one, pair.context, pair.exten, 1, "AppDial2", "(Outgoing Line)");
        for (int i = vars.size() - 1; i >= 0; i--) {
            ev.varSet(one, vars.get(i)[0], vars.get(i)[1]);
        }
        String num = call.callerNum;
        if (num != null) {
            one.cidNum = num;
            one.cidName = call.callerName;
            ev.newCallerid(one);
            one.connNum = num;
            one.connName = call.callerName;
            ev.newConnectedLine(one);
        }
        for (String[] v : vars) {
            ev.varSet(two, v[0], v[1]);
        }
        if (num != null) {
            two.cidNum = num;
            two.cidName = call.callerName;
            two.connNum = num;
            two.connName = call.callerName;
            ev.newCallerid(two);
            ev.newConnectedLine(two);
        }
        ev.localBridge(pair);
        ev.dialBegin(null, one, pair.exten + "@" + pair.context);
        switch (pair.kind) {
            case CALLER, SUPERVISOR -> {
                call.handset.start(ev, two);
                answered(call);
            }
            case AGENT -> ringAgent(call, timeoutSeconds);
            case PSTN -> ringPstn(call, timeoutSeconds);
            default -> throw new IllegalStateException("unexpected " + pair.kind);
        }
    }

    private void ringAgent(Call call, double timeoutSeconds) {
        PhoneState phone = eng.phones.get(call.pair.exten);
        Handset h = new Handset.Agent(phone.extension());
        call.handset = h;
        double drawn = phone.config.answerDelay().sample(phone.rng);
        boolean drawnNoAnswer = phone.rng.nextDouble() < phone.config.noAnswerProbability();
        h.ringSeconds = eng.globalSeconds("AGENT_" + phone.extension() + "_RING", drawn);
        String na = "AGENT_" + phone.extension() + "_NOANSWER";
        boolean noAnswer = eng.globals.containsKey(na) ? eng.globalFlag(na) : drawnNoAnswer;
        // an Originate from the agent's own extension is the agent's doing (click-to-dial, a consultation on a
        // second line): the phone answers it even while it is in another call
        h.outcome = noAnswer && !phone.busy() ? Handset.Outcome.NO_ANSWER : Handset.Outcome.ANSWER;
        phone.occupy(call);
        call.phone = phone;
        ring(call, timeoutSeconds);
        eng.hint(phone, 1);
    }

    private void ringPstn(Call call, double timeoutSeconds) {
        Handset.Pstn h = eng.dials.pstnHandset(call.pair.exten);
        call.handset = h;
        if (h.outcome == Handset.Outcome.BUSY || h.outcome == Handset.Outcome.CONGESTION) {
            failBusy(call);
            return;
        }
        if (h.immediate()) {
            h.start(ev, call.two());
            answered(call);
            return;
        }
        ring(call, timeoutSeconds);
    }

    private void ring(Call call, double timeoutSeconds) {
        Chan one = call.one();
        Chan two = call.two();
        Handset h = call.handset;
        h.start(ev, two);
        ev.newstate(one, Chan.RINGING, eng.clock.now());
        h.waitRing(ev, two);
        ev.dialState(null, one, "RINGING");
        ev.deviceState(call.pair.device, "INUSE");
        if (h.outcome == Handset.Outcome.ANSWER) {
            call.lifeTimer = eng.clock.afterSeconds(h.ringSeconds, () -> answered(call));
        } else if (h instanceof Handset.Agent) {
            call.lifeTimer = eng.clock.afterSeconds(h.ringSeconds, () -> h.noAnswer(ev, two));
        }
        call.originateTimer = eng.clock.afterSeconds(timeoutSeconds, () -> timeout(call));
    }

    /** The originated handset answered: OriginateResponse Success (Reason 4), then the {@code ;1} runs its target. */
    private void answered(Call call) {
        Chan one = call.one();
        Chan two = call.two();
        Handset h = call.handset;
        if (call.originateTimer != null) {
            call.originateTimer.cancel();
        }
        call.lifeTimer = null;
        h.answer(ev, two);
        long now = eng.clock.now();
        if (call.pair.kind == LocalPair.Kind.AGENT) {
            ev.newstate(one, Chan.UP, now);
            ev.newstate(two, Chan.UP, now);
        } else {
            ev.newstate(two, Chan.UP, now);
            ev.newstate(one, Chan.UP, now);
        }
        if (call.pair.kind != LocalPair.Kind.CALLER) {
            ev.deviceState(call.pair.device, "INUSE");
            ev.deviceState(call.pair.device, "INUSE");
        }
        ev.dialEnd(null, one, "ANSWER");
        if (call.announceOriginate) {
            ev.originateResponse(call.originateActionId, true, one.name, target(call), 4, one.uniqueid,
                    one.cidNum, one.cidName);
        }
        if (call.syncDone != null) {
            call.syncDone.accept(true);
            call.syncDone = null;
        }
        planHandset(call);
        if (call.application != null) {
            runApplication(call);
        } else {
            eng.calls.runLocation(call, call.targetContext, call.targetExten, call.targetPriority, null);
        }
        if (call.pair.kind == LocalPair.Kind.CALLER) {
            ev.deviceState(call.pair.device, "INUSE");
            ev.deviceState(call.pair.device, "INUSE");
        }
        if (call.where != Call.Where.ENDED) {
            if (h instanceof Handset.Caller c && c.sendsDtmf()) {
                c.beforeDtmf(ev, two);
                eng.media.handsetSendsDtmfLater(call);
            } else if (call.pair.kind == LocalPair.Kind.SUPERVISOR) {
                // the supervisor's tones start a little after ChanSpy attached (trace 12)
                eng.clock.afterSeconds(0.15, () -> {
                    if (!two.gone) {
                        h.talk(ev, two);
                    }
                });
            } else {
                h.talk(ev, two);
            }
        }
    }

    /** When the originated handset hangs up by itself once answered. */
    private void planHandset(Call call) {
        Handset h = call.handset;
        if (call.pair.kind == LocalPair.Kind.AGENT) {
            PhoneState p = call.phone;
            double drawn = p.config.handleTime().sample(p.rng);
            String var = "AGENT_" + p.extension() + "_TALK";
            h.talkSeconds = p.config.manual() && !eng.globals.containsKey(var) ? -1 : eng.globalSeconds(var, drawn);
        }
        double before = call.pair.kind == LocalPair.Kind.SUPERVISOR ? 0.15
                : h instanceof Handset.Caller c && c.sendsDtmf() ? 1 + 0.25 * c.dtmf.length() : 0;
        if (!call.generated && h.talkSeconds >= 0) {
            call.lifeTimer = eng.clock.afterSeconds(before + h.talkSeconds, () -> eng.calls.callerHangsUp(call, false, 16));
        }
    }

    private String[] target(Call call) {
        return call.application != null
                ? new String[] {"Application", call.application, "Data", call.applicationData}
                : new String[] {"Context", call.targetContext, "Exten", call.targetExten};
    }

    /** Originate Application=...: Wait(n) ends after n seconds, other applications run until hung up. */
    private void runApplication(Call call) {
        Chan one = call.one();
        one.app = call.application;
        one.appData = call.applicationData;
        call.where = Call.Where.APP;
        if (call.application.equalsIgnoreCase("ChanSpy")) {
            eng.media.startSpy(call, call.applicationData);
            return;
        }
        if (call.application.equalsIgnoreCase("Wait")) {
            double secs;
            try {
                secs = Double.parseDouble(call.applicationData.trim());
            } catch (NumberFormatException e) {
                secs = 0;
            }
            call.originateTimer = eng.clock.afterSeconds(secs, () -> applicationEnds(call));
        }
    }

    void stopApplication(Call call) {
        if (call.originateTimer != null) {
            call.originateTimer.cancel();
        }
    }

    /** The application returned: the {@code ;1} hangs up (trace 14 f). */
    void applicationEnds(Call call) {
        if (call.where != Call.Where.APP) {
            return;
        }
        Chan one = call.one();
        Chan two = call.two();
        call.cancelTimers();
        ev.hangupRequest(two, 0);
        eng.hangupChan(one, 0);
        ev.softHangupRequest(two, 16);
        eng.hangupChan(two, 0);
        ev.deviceState(call.pair.device, "NOT_INUSE");
        ev.deviceState(call.pair.device, "NOT_INUSE");
        eng.calls.endCall(call, EndReason.PBX_TIMEOUT);
    }

    /** No answer before the Originate timeout (trace 14 c, Reason 3). */
    private void timeout(Call call) {
        if (call.where != Call.Where.STARTING) {
            return;
        }
        Chan one = call.one();
        Chan two = call.two();
        call.cancelTimers();
        ev.hangupRequest(two, 19);
        ev.softHangupRequest(two, 16);
        eng.hangupChan(one, 19);
        eng.hangupChan(two, 19);
        failed(call, 3);
        ev.deviceState(call.pair.device, "NOT_INUSE");
        ev.deviceState(call.pair.device, "NOT_INUSE");
        eng.calls.endCall(call, EndReason.PBX_TIMEOUT);
    }

    /** Busy (Reason 5, trace 14 b) or congestion (Reason 8, 14 d). */
    private void failBusy(Call call) {
        Chan one = call.one();
        Chan two = call.two();
        Handset h = call.handset;
        boolean busy = h.outcome == Handset.Outcome.BUSY;
        h.start(ev, two);
        h.busy(ev, two);
        ev.newstate(two, Chan.BUSY, eng.clock.now());
        ev.deviceState(call.pair.device, "INUSE");
        ev.dialEnd(null, one, busy ? "BUSY" : "CONGESTION");
        ev.hangupRequest(two, 0);
        ev.softHangupRequest(two, 16);
        failed(call, busy ? 5 : 8);
        eng.hangupChan(one, 0);
        eng.hangupChan(two, busy ? 17 : 34);
        ev.deviceState(call.pair.device, "NOT_INUSE");
        ev.deviceState(call.pair.device, "NOT_INUSE");
        call.phone = null;
        eng.calls.endCall(call, EndReason.PBX_TIMEOUT);
    }

    /** Hangup (AMI or far end) of an originated channel that was not answered yet. */
    void hangupBeforeAnswer(Call call, Chan first, int cause) {
        call.cancelTimers();
        ev.softHangupRequest(first, cause);
        ev.hangupRequest(first.peer(), 16);
        eng.hangupChan(call.one(), 16);
        eng.hangupChan(call.two(), 16);
        failed(call, 1);
        ev.deviceState(call.pair.device, "NOT_INUSE");
        ev.deviceState(call.pair.device, "NOT_INUSE");
    }

    private void failed(Call call, int reason) {
        if (call.announceOriginate) {
            String cidNum = call.callerNum == null ? Chan.UNKNOWN : call.callerNum;
            String cidName = call.callerName == null ? Chan.UNKNOWN : call.callerName;
            ev.originateResponse(call.originateActionId, false, call.pair.device, target(call), reason,
                    Chan.UNKNOWN, cidNum, cidName);
        }
        if (call.syncDone != null) {
            call.syncDone.accept(false);
            call.syncDone = null;
        }
    }

    /** A Local channel whose extension does not exist (trace 14 e1): both halves die at once, Reason 0. */
    private void noSuchLocal(OriginateRequest r, String exten, String context) {
        LocalPair pair = eng.newPair(LocalPair.Kind.OTHER, exten, context, null);
        ev.newchannel(pair.one);
        ev.newchannel(pair.two);
        ev.newexten(pair.one, context, exten, 1, "AppDial2", "(Outgoing Line)");
        eng.hangupChan(pair.two, 0);
        eng.hangupChan(pair.one, 0);
        ev.deviceState(pair.device, "INVALID");
        failWithoutChannel(r, null, null);
        ev.deviceState(pair.device, "INVALID");
    }

    /** The channel could not even be created (unknown technology): only the OriginateResponse, Reason 0. */
    private void failWithoutChannel(OriginateRequest r, String cidNum, String cidName) {
        if (r.async()) {
            String[] target = r.application() != null
                    ? new String[] {"Application", r.application(), "Data", r.data() == null ? "" : r.data()}
                    : new String[] {"Context", r.context(), "Exten", r.exten()};
            ev.originateResponse(r.actionId(), false, r.channel(), target, 0, Chan.UNKNOWN,
                    cidNum == null ? Chan.UNKNOWN : cidNum, cidName == null ? Chan.UNKNOWN : cidName);
        } else {
            r.syncDone().accept(false);
        }
    }
}
