package org.ctiserver.core.call;

/** The life of an inbound call in the engine. */
public enum CallState {
    /** Waiting in a queue for an agent. */
    QUEUED,
    /** Offered to one agent, whose phone rings. */
    OFFERED,
    /** Connected to an agent. */
    TALKING,
    /** Over; the engine forgets it once the record is stored. */
    ENDED
}
