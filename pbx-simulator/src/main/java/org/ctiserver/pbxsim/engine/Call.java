package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorConfig;

import java.util.SplittableRandom;

/**
 * A pair whose {@code ;1} half runs the dialplan: an inbound caller at the route point, or an originated
 * customer leg sent to the agent-dial context. It may dial one agent leg at a time.
 */
final class Call {
    enum Where { STARTING, ROUTE_POINT, IVR, DIALING, BRIDGED, APP, HELD, XBRIDGED, CONF, ENDED }

    final LocalPair pair;
    final SimulatorConfig.CallType type;
    final boolean generated;
    final SplittableRandom rng;
    final String callerNum;
    final String callerName;
    /** True for callers that reached the route point and are therefore in the ledger. */
    boolean tracked;
    Where where = Where.STARTING;
    AgentLeg leg;
    Bridge bridge;
    String queue;
    String customerId;
    String lastAgent = "";
    String dialStatus = "";
    int requeued;
    boolean everAnswered;
    /**
     * Events of the old agent leg's teardown after a transfer, emitted at these points of the new Dial: Asterisk
     * runs both on separate threads, and traces 08/08b show where they interleave.
     */
    enum Hook { OLD_APP, PROGRESS, PRE_LOCAL_BRIDGE, PRE_DIAL_BEGIN, RINGING, NEWSTATE }

    final java.util.EnumMap<Hook, Runnable> hooks = new java.util.EnumMap<>(Hook.class);

    void hook(Hook h) {
        Runnable r = hooks.remove(h);
        if (r != null) {
            r.run();
        }
    }

    /** Runs whatever the new flow did not reach, in order. */
    void flushHooks() {
        while (!hooks.isEmpty()) {
            hook(hooks.keySet().iterator().next());
        }
    }

    /** The next Dial's bridge clears BLINDTRANSFER (the call was blind-transferred, trace 08b). */
    boolean blindTransferred;
    /** The channel this supervisor call spies on (ChanSpy), or null. */
    Chan spyee;
    /** ChanSpy's options: whisper ({@code w}) and barge ({@code B}) add a second audiohook. */
    String spyOptions = "";
    /** The IVR route point's Read() timeout. */
    SimScheduler.Timer readTimer;
    /** The {@code ;1} runs {@code [cti-callback-offer]}'s Read(): a key goes there, not to the IVR route point. */
    boolean callbackOffer;

    /** Caller gives up when still unanswered (generated callers). */
    SimScheduler.Timer patienceTimer;
    /** Lab-style fixed life of the caller handset, whatever the state (AMI-originated callers). */
    SimScheduler.Timer lifeTimer;
    /** Caller ends an answered conversation. */
    SimScheduler.Timer talkTimer;
    /** The route point's MusicOnHold timeout. */
    SimScheduler.Timer mohTimer;
    /** What the handset's Wait() shows (seconds). */
    String handsetWait = "300";
    /** Script of the {@code ;2} half (caller handset, PSTN number, or agent phone for a click-to-dial). */
    Handset handset;
    /** Phone state when this pair is an agent phone that was originated (click-to-dial). */
    PhoneState phone;
    /** ActionID of the AMI Originate that created it, for OriginateResponse; null when generated. */
    String originateActionId;
    boolean announceOriginate;
    /** Synchronous Originate waiting for the answer: called with true (answered) or false. */
    java.util.function.Consumer<Boolean> syncDone;
    /** Where the {@code ;1} half goes once answered. */
    String targetContext;
    String targetExten;
    int targetPriority = 1;
    String application;
    String applicationData;
    SimScheduler.Timer originateTimer;

    Call(LocalPair pair, SimulatorConfig.CallType type, boolean generated, SplittableRandom rng,
         String callerNum, String callerName) {
        this.pair = pair;
        this.type = type;
        this.generated = generated;
        this.rng = rng;
        this.callerNum = callerNum;
        this.callerName = callerName;
        this.queue = type == null ? "" : type.queue();
        pair.owner = this;
    }

    String id() {
        return pair.one.uniqueid;
    }

    Chan one() {
        return pair.one;
    }

    Chan two() {
        return pair.two;
    }

    void cancelTimers() {
        for (SimScheduler.Timer t : new SimScheduler.Timer[] {patienceTimer, lifeTimer, talkTimer, mohTimer, originateTimer, readTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
    }
}
