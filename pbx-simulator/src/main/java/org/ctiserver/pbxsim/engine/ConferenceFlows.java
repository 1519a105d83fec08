package org.ctiserver.pbxsim.engine;

/** ConfBridge rooms ({@code conf,<room>}, trace 10). */
final class ConferenceFlows {
    private final SimEngine eng;
    private final Events ev;

    ConferenceFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    boolean isConference(String context) {
        return "conf".equals(context);
    }

    boolean joinBoth(Call call, AgentLeg leg, String context, String exten) {
        return false;
    }

    void join(LocalPair p, String context, String exten, int priority, String[] oldApp) {
    }

    void redirectLeg(AgentLeg leg, String context, String exten, int priority) {
    }

    void leaveForRedirect(Chan c) {
    }

    void hangup(LocalPair p, Chan amiChan) {
    }
}
