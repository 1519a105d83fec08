package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorLedger.EndReason;

/**
 * The CTI's dialplan actions of the sample {@code extensions.conf}: {@code [cti-voicemail]} (VoiceMail of the mailbox
 * named by the extension, then Hangup), {@code [cti-message]} (Playback of the sound named by the extension, then
 * Hangup) and {@code [cti-callback-offer]} (Read of one key after the prompt, Wait, Hangup). A recorded message takes
 * {@link #MESSAGE_SECONDS}, leaving a voicemail {@link #VOICEMAIL_SECONDS}; the offer waits {@link #READ_SECONDS} for a
 * key (a test presses it with {@code PbxSimulator.callerPresses}), then {@link #WAIT_SECONDS} for the CTI's redirect.
 */
final class DialplanActionFlows {
    static final String VOICEMAIL = "cti-voicemail";
    static final String MESSAGE = "cti-message";
    static final String CALLBACK_OFFER = "cti-callback-offer";
    static final double MESSAGE_SECONDS = 2;
    static final double VOICEMAIL_SECONDS = 5;
    static final double READ_SECONDS = 8;
    static final double WAIT_SECONDS = 5;

    private final SimEngine eng;
    private final Events ev;

    DialplanActionFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    static boolean handles(String context, String exten) {
        return (context.equals(VOICEMAIL) || context.equals(MESSAGE) || context.equals(CALLBACK_OFFER))
                && exten.matches("[0-9a-zA-Z].+");
    }

    void run(Call call, String context, String exten, int priority, String[] oldApp) {
        Chan one = call.one();
        Steps s = new Steps(ev, one, context, exten, oldApp);
        if (priority > 2) {
            s.step(priority, "Hangup", "");
            end(call);
            return;
        }
        if (call.tracked) {
            eng.ledger.recordDialplanAction(call.id(), context, exten, eng.instant());
        }
        s.step(1, "NoOp", "CTI " + context.substring(4) + " " + exten + " for " + one.name);
        // the reads and timers of [inbound] 101 serve here too: a Redirect cancels them (case IVR)
        call.where = Call.Where.IVR;
        call.callbackOffer = false;
        switch (context) {
            case VOICEMAIL -> {
                s.step(2, "VoiceMail", exten + "@default,u");
                call.readTimer = eng.clock.afterSeconds(VOICEMAIL_SECONDS, () -> finish(call, 3));
            }
            case MESSAGE -> {
                s.step(2, "Playback", exten);
                call.readTimer = eng.clock.afterSeconds(MESSAGE_SECONDS, () -> finish(call, 3));
            }
            default -> {
                s.step(2, "Read", "CTI_CALLBACK_CHOICE," + exten + ",1,,1," + Handset.secs(READ_SECONDS));
                ev.varSet(one, "READSTATUS", "ERROR");
                call.callbackOffer = true;
                call.readTimer = eng.clock.afterSeconds(READ_SECONDS, () -> offerRead(call, null));
            }
        }
    }

    /** A key reached the caller's {@code ;1} while the callback offer's Read() waits. */
    void offerDigit(Call call, String digit) {
        offerRead(call, digit);
    }

    private void offerRead(Call call, String digit) {
        if (call.where != Call.Where.IVR || !call.callbackOffer) {
            return;
        }
        call.callbackOffer = false;
        if (call.readTimer != null) {
            call.readTimer.cancel();
        }
        Chan one = call.one();
        ev.varSet(one, "CTI_CALLBACK_CHOICE", digit == null ? "" : digit);
        ev.varSet(one, "READSTATUS", digit == null ? "TIMEOUT" : "OK");
        if (call.tracked) {
            eng.ledger.updateDialplanAction(call.id(), digit == null ? "" : digit, false);
        }
        ev.newexten(one, 3, "Wait", Handset.secs(WAIT_SECONDS));
        call.readTimer = eng.clock.afterSeconds(WAIT_SECONDS, () -> finish(call, 4));
    }

    private void finish(Call call, int priority) {
        if (call.where != Call.Where.IVR || call.one().gone) {
            return;
        }
        ev.newexten(call.one(), priority, "Hangup", "");
        if (call.tracked) {
            eng.ledger.updateDialplanAction(call.id(), null, true);
        }
        end(call);
    }

    private void end(Call call) {
        eng.calls.hangupByDialplan(call);
        eng.calls.endCall(call, EndReason.PBX_TIMEOUT);
    }
}
