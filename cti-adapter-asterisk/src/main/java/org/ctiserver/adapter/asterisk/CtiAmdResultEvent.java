package org.ctiserver.adapter.asterisk;

/**
 * {@code UserEvent: CtiAmdResult}: the {@code amd} context reports what answering-machine detection found
 * ({@code AmdStatus}, {@code AmdCause}). Top-level so that Asterisk-Java maps its name.
 */
public class CtiAmdResultEvent extends CtiUserEvent {
    private static final long serialVersionUID = 1L;

    public CtiAmdResultEvent(Object source) {
        super(source);
    }

    @Override
    public String getUserEventName() {
        return AmiEventTranslator.AMD_RESULT;
    }
}
