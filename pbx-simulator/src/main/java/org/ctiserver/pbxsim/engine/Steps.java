package org.ctiserver.pbxsim.engine;

/** Prints one dialplan step; after a Redirect the first Newexten still shows the application the channel was in. */
final class Steps {
    private final Events ev;
    private final Chan chan;
    private final String context;
    private final String exten;
    String[] oldApp;

    Steps(Events ev, Chan chan, String context, String exten, String[] oldApp) {
        this.ev = ev;
        this.chan = chan;
        this.context = context;
        this.exten = exten;
        this.oldApp = oldApp;
    }

    void step(int priority, String app, String data) {
        if (oldApp != null) {
            ev.newexten(chan, context, exten, priority, oldApp[0], oldApp[1]);
            oldApp = null;
        } else {
            ev.newexten(chan, context, exten, priority, app, data);
        }
    }
}
