package org.ctiserver.protocol;

/** What a second login for an agent who already has a live session does. */
public enum SessionPolicy {
    /** The new session wins; the old one gets {@code sessionReplaced} and is closed. */
    TAKE_OVER,
    /** The new login is refused with {@code ALREADY_LOGGED_IN}. */
    REJECT
}
