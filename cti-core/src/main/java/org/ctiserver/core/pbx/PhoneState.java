package org.ctiserver.core.pbx;

/**
 * The state of a phone (a device, or the hint of an extension) as the PBX reports it, reduced to what routing
 * needs. Asterisk: {@code DeviceStateChange} {@code State} and {@code ExtensionStatus} {@code Status}.
 */
public enum PhoneState {
    /** Registered and not in use: can take a call. */
    IDLE,
    /** In a call (Asterisk INUSE, and RINGINUSE: in use while another call rings). */
    IN_USE,
    /** Busy (Asterisk BUSY: the device refuses more calls). */
    BUSY,
    /** Ringing, not yet in use. */
    RINGING,
    /** In a call that is on hold. */
    ON_HOLD,
    /** Not registered or not reachable: cannot be called. */
    UNAVAILABLE,
    /** The PBX does not know (no hint, invalid device, unknown state): routing treats it as usable. */
    UNKNOWN;

    /** True for the states of a phone busy with some call (ringing, in use, busy, on hold). */
    public boolean isBusy() {
        return this == IN_USE || this == BUSY || this == RINGING || this == ON_HOLD;
    }
}
