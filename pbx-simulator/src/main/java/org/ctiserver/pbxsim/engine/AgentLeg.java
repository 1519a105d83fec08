package org.ctiserver.pbxsim.engine;

/** The pair a Dial() of a {@link Call} created: an agent phone ({@code agents}) or an external number ({@code pstn}). */
final class AgentLeg {
    enum State { RINGING, NO_ANSWER, UP, ENDED }

    Call call;
    final LocalPair pair;
    final PhoneState phone;
    final Handset handset;
    final String extension;
    final String dialString;
    final long dialStartMicros;
    State state = State.RINGING;
    /** The {@code ;1} was redirected and runs a PBX of its own (hold,agent: Wait), out of any bridge. */
    boolean held;
    SimScheduler.Timer ringTimer;
    SimScheduler.Timer timeoutTimer;
    SimScheduler.Timer talkTimer;

    AgentLeg(Call call, LocalPair pair, PhoneState phone, Handset handset, String extension, String dialString,
             long dialStartMicros) {
        this.call = call;
        this.pair = pair;
        this.phone = phone;
        this.handset = handset;
        this.extension = extension;
        this.dialString = dialString;
        this.dialStartMicros = dialStartMicros;
        pair.owner = this;
    }

    Chan one() {
        return pair.one;
    }

    Chan two() {
        return pair.two;
    }

    void cancelTimers() {
        for (SimScheduler.Timer t : new SimScheduler.Timer[] {ringTimer, timeoutTimer, talkTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
    }
}
