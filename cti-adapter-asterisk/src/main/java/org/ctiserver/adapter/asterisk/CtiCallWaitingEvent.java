package org.ctiserver.adapter.asterisk;

/** {@code UserEvent: CtiCallWaiting}: the route point announces a new call waiting at the route point. Top-level so that Asterisk-Java maps its name. */
public class CtiCallWaitingEvent extends CtiUserEvent {
    private static final long serialVersionUID = 1L;

    public CtiCallWaitingEvent(Object source) {
        super(source);
    }

    @Override
    public String getUserEventName() {
        return AmiEventTranslator.CALL_WAITING;
    }
}
