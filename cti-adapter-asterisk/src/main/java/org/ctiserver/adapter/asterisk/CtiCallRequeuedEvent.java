package org.ctiserver.adapter.asterisk;

/** {@code UserEvent: CtiCallRequeued}: the route point reports a call sent back to the route point after an unanswered agent dial. Top-level so that Asterisk-Java maps its name. */
public class CtiCallRequeuedEvent extends CtiUserEvent {
    private static final long serialVersionUID = 1L;

    public CtiCallRequeuedEvent(Object source) {
        super(source);
    }

    @Override
    public String getUserEventName() {
        return AmiEventTranslator.CALL_REQUEUED;
    }
}
