package org.ctiserver.pbxsim.engine;

/**
 * Blind transfers of a bridged caller: a {@code Redirect} of the caller to {@code agentdial,<ext>} (trace 08) or the
 * {@code BlindTransfer} action on the agent leg (08b). The old agent leg tears down while the caller already dials.
 */
final class TransferFlows {
    private final SimEngine eng;
    private final Events ev;

    TransferFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    /**
     * AMI {@code BlindTransfer} of the agent leg (the transferer): its bridge partner is sent to context/exten
     * (trace 08b). Returns false when the channel is not in a two-party bridge (Result Invalid, trace 17).
     */
    boolean blindTransfer(Chan transferer, String context, String exten) {
        Bridge br = transferer.bridge;
        Chan transferee = br == null ? null : br.other(transferer);
        if (br == null || transferee == null || !(transferee.pair.owner instanceof Call call) || transferee != call.one()) {
            blindTransferEvent("Invalid", transferer, null, br, context, exten);
            return false;
        }
        var unhold = ev.start("Unhold", Events.CALL);
        Events.snapshot(unhold, "", transferer);
        ev.send(unhold);
        ev.varSet(transferer, "BLINDTRANSFER", transferee.name);
        ev.varSet(transferee, "BLINDTRANSFER", transferer.name);
        ev.varSet(transferer, "BRIDGEPEER", "");
        blindTransferEvent("Success", transferer, transferee, br, context, exten);
        call.blindTransferred = true;
        eng.calls.redirect(transferee, context, exten, 1);
        return true;
    }

    private void blindTransferEvent(String result, Chan transferer, Chan transferee, Bridge br, String context,
                                    String exten) {
        var b = ev.start("BlindTransfer", Events.CALL).add("Result", result);
        Events.snapshot(b, "Transferer", transferer);
        if (transferee != null) {
            Events.snapshot(b, "Transferee", transferee);
        }
        if (br != null) {
            Events.bridgeSnapshot(b, "", br);
        }
        ev.send(b.add("IsExternal", "Yes").add("Context", context).add("Extension", exten));
    }

    /**
     * A Redirect (or BlindTransfer) sends the bridged caller to another agent: the old agent leg, left alone, hangs
     * up while the caller already dials (traces 08 and 08b show how the two interleave).
     */
    void transferOut(Call call) {
        AgentLeg leg = call.leg;
        Bridge br = call.bridge;
        Chan one = call.one();
        Chan a1 = leg.one();
        Chan a2 = leg.two();
        boolean blind = call.blindTransferred;
        leg.cancelTimers();
        if (call.talkTimer != null) {
            call.talkTimer.cancel();
        }
        ev.varSet(one, "BRIDGEPEER", "");
        boolean phoneIdle = leg.phone != null && leg.phone.free(leg);
        leg.state = AgentLeg.State.ENDED;
        call.leg = null;
        call.bridge = null;
        call.where = Call.Where.DIALING;
        Runnable idle = () -> {
            ev.deviceState(leg.pair.device, "NOT_INUSE");
            ev.deviceState(leg.pair.device, "NOT_INUSE");
            if (phoneIdle && !leg.phone.busy()) {
                eng.hint(leg.phone, 0);
            }
        };
        if (blind) {
            call.hooks.put(Call.Hook.OLD_APP, () -> {
                ev.bridgeLeave(br, one);
                ev.varSet(one, "DIALSTATUS", "ANSWER");
            });
            call.hooks.put(Call.Hook.RINGING, () -> ev.bridgeLeave(br, a1));
            call.hooks.put(Call.Hook.NEWSTATE, () -> {
                ev.bridgeDestroy(br);
                ev.hangupRequest(a2, 16);
                eng.hangupChan(a1, 16);
                ev.softHangupRequest(a2, 16);
                eng.hangupChan(a2, 16);
                idle.run();
            });
        } else {
            call.hooks.put(Call.Hook.OLD_APP, () -> {
                ev.varSet(a1, "BRIDGEPEER", "");
                ev.bridgeLeave(br, one);
                ev.varSet(one, "DIALSTATUS", "ANSWER");
            });
            call.hooks.put(Call.Hook.PROGRESS, () -> ev.bridgeLeave(br, a1));
            call.hooks.put(Call.Hook.PRE_LOCAL_BRIDGE, () -> ev.hangupRequest(a2, 16));
            call.hooks.put(Call.Hook.PRE_DIAL_BEGIN, () -> eng.hangupChan(a1, 16));
            call.hooks.put(Call.Hook.NEWSTATE, () -> {
                ev.softHangupRequest(a2, 16);
                eng.hangupChan(a2, 16);
                ev.bridgeDestroy(br);
                idle.run();
            });
        }
    }
}
