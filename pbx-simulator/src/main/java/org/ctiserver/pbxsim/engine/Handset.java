package org.ctiserver.pbxsim.engine;

/**
 * The dialplan a {@code ;2} half runs in the lab ({@code [agents]}, {@code [pstn]}, {@code [callers]}): which
 * applications show up in Newexten at which priority. The timing and the decisions (answer or not) are made
 * by the flows; this class only writes the script's events.
 */
abstract class Handset {
    enum Outcome { ANSWER, NO_ANSWER, BUSY, CONGESTION }

    final String exten;

    Handset(String exten) {
        this.exten = exten;
    }

    /** What happens when the handset is called, decided once when the call starts. */
    Outcome outcome = Outcome.ANSWER;
    /** Ring time in simulated seconds before answering (or before giving up for NO_ANSWER). */
    double ringSeconds;
    /** Talk time after answer before this handset hangs up by itself; negative = never. */
    double talkSeconds = -1;

    /** Emits the first steps; returns true when the handset signals Ringing to its {@code ;1}. */
    abstract boolean start(Events ev, Chan two);

    /** The {@code Wait(ring)} step while ringing. */
    void waitRing(Events ev, Chan two) {
    }

    abstract void answer(Events ev, Chan two);

    abstract void talk(Events ev, Chan two);

    abstract void hangup(Events ev, Chan two);

    void noAnswer(Events ev, Chan two) {
    }

    void busy(Events ev, Chan two) {
        ev.newexten(two, 2, outcome == Outcome.BUSY ? "Busy" : "Congestion", "10");
    }

    static String secs(double s) {
        if (s < 0) {
            return "3600";
        }
        long r = Math.round(s);
        return Long.toString(Math.max(r, s > 0 ? 1 : 0));
    }

    /** {@code [agents] _20XX}: NoOp, Ringing, Wait(ring), GotoIf(noanswer), Answer, Playtones, Wait(talk), Hangup. */
    static final class Agent extends Handset {
        Agent(String exten) {
            super(exten);
        }

        @Override
        boolean start(Events ev, Chan two) {
            if (outcome == Outcome.BUSY) {
                ev.newexten(two, 1, "NoOp", "Agent phone " + exten + " busy");
                return false;
            }
            ev.newexten(two, 1, "NoOp", "Agent phone " + exten + " rings");
            ev.newexten(two, 2, "Ringing", "");
            return true;
        }

        @Override
        void waitRing(Events ev, Chan two) {
            ev.newexten(two, 3, "Wait", secs(ringSeconds));
        }

        @Override
        void answer(Events ev, Chan two) {
            ev.newexten(two, 4, "GotoIf", "0?noanswer");
            ev.newexten(two, 5, "Answer", "");
        }

        @Override
        void talk(Events ev, Chan two) {
            ev.newexten(two, 6, "PlayTones", "440/250,0/750");
            ev.newexten(two, 7, "Wait", secs(talkSeconds));
        }

        @Override
        void hangup(Events ev, Chan two) {
            ev.newexten(two, 8, "Hangup", "");
        }

        @Override
        void noAnswer(Events ev, Chan two) {
            ev.newexten(two, 4, "GotoIf", "1?noanswer");
            ev.newexten(two, 9, "Wait", "3600");
        }
    }

    /** {@code [pstn]}: 5550100 answers after 2 s, 5550486 busy, 5550404 never answers, 5550503 congestion. */
    static final class Pstn extends Handset {
        org.ctiserver.pbxsim.SimulatorConfig.PstnNumber behaviour;

        Pstn(String exten) {
            super(exten);
        }

        /** Answers at once without Ringing (the lab's AMD numbers: NoOp, Answer, Playtones, Wait(10)). */
        boolean immediate() {
            return outcome == Outcome.ANSWER && ringSeconds <= 0;
        }

        @Override
        boolean start(Events ev, Chan two) {
            if (behaviour != null && behaviour.description() != null && immediate()) {
                ev.newexten(two, 1, "NoOp", "PSTN " + exten + ": " + behaviour.description());
                return false;
            }
            switch (outcome) {
                case BUSY -> ev.newexten(two, 1, "NoOp", "PSTN " + exten + ": busy");
                case CONGESTION -> ev.newexten(two, 1, "NoOp", "PSTN " + exten + ": congestion");
                case NO_ANSWER -> {
                    ev.newexten(two, 1, "NoOp", "PSTN " + exten + ": rings, never answers");
                    ev.newexten(two, 2, "Ringing", "");
                    return true;
                }
                case ANSWER -> {
                    ev.newexten(two, 1, "NoOp", "PSTN " + exten + ": rings " + secs(ringSeconds) + " s, answers, talks");
                    ev.newexten(two, 2, "Ringing", "");
                    return true;
                }
            }
            return false;
        }

        @Override
        void waitRing(Events ev, Chan two) {
            ev.newexten(two, 3, "Wait", outcome == Outcome.NO_ANSWER ? "3600" : secs(ringSeconds));
        }

        @Override
        void answer(Events ev, Chan two) {
            ev.newexten(two, immediate() ? 2 : 4, "Answer", "");
        }

        @Override
        void talk(Events ev, Chan two) {
            if (behaviour != null && behaviour.tones() != null) {
                ev.newexten(two, 3, "PlayTones", behaviour.tones());
                ev.newexten(two, 4, "Wait", secs(talkSeconds));
            } else {
                ev.newexten(two, 5, "Wait", secs(talkSeconds));
            }
        }

        @Override
        void hangup(Events ev, Chan two) {
            ev.newexten(two, behaviour != null && behaviour.tones() != null ? 5 : 6, "Hangup", "");
        }
    }

    /** {@code [supervisor] _30XX}: NoOp, Answer, Playtones, Wait(SUPERVISOR_TALK_SECONDS), Hangup. Answers at once. */
    static final class Supervisor extends Handset {
        Supervisor(String exten) {
            super(exten);
        }

        @Override
        boolean start(Events ev, Chan two) {
            ev.newexten(two, 1, "NoOp", "Supervisor phone " + exten);
            return false;
        }

        @Override
        void answer(Events ev, Chan two) {
            ev.newexten(two, 2, "Answer", "");
        }

        @Override
        void talk(Events ev, Chan two) {
            ev.newexten(two, 3, "PlayTones", "620/100,0/900");
            ev.newexten(two, 4, "Wait", secs(talkSeconds));
        }

        @Override
        void hangup(Events ev, Chan two) {
            ev.newexten(two, 5, "Hangup", "");
        }
    }

    /** {@code [callers] _9XXX}: NoOp, Answer, GotoIf(talk), Playtones, Wait(talk), Hangup. Answers at once. */
    static final class Caller extends Handset {
        /** CALLER_<ext>_DTMF: digits the handset sends 1 s after answering (Wait(1), SendDTMF(digits,250)). */
        String dtmf;

        Caller(String exten) {
            super(exten);
        }

        boolean sendsDtmf() {
            return dtmf != null && !dtmf.isEmpty();
        }

        /** The part of the script before the DTMF: GotoIf (false) and Wait(1). */
        void beforeDtmf(Events ev, Chan two) {
            ev.newexten(two, 3, "GotoIf", "0?talk");
            ev.newexten(two, 4, "Wait", "1");
        }

        /** After the DTMF: Playtones and Wait(talk). */
        void afterDtmf(Events ev, Chan two) {
            ev.newexten(two, 6, "PlayTones", "350/250,0/750");
            ev.newexten(two, 7, "Wait", secs(talkSeconds));
        }

        @Override
        boolean start(Events ev, Chan two) {
            ev.newexten(two, 1, "NoOp", "Caller phone " + exten);
            return false;
        }

        @Override
        void answer(Events ev, Chan two) {
            ev.newexten(two, 2, "Answer", "");
        }

        @Override
        void talk(Events ev, Chan two) {
            ev.newexten(two, 3, "GotoIf", "1?talk");
            ev.newexten(two, 6, "PlayTones", "350/250,0/750");
            ev.newexten(two, 7, "Wait", secs(talkSeconds));
        }

        @Override
        void hangup(Events ev, Chan two) {
            ev.newexten(two, 8, "Hangup", "");
        }
    }
}
