package org.ctiserver.pbxsim;

/**
 * Faults a test can inject into the running simulator. More hooks belong here as tests need them (garbled
 * frames, a stalled reader, refused logins); each must act on the simulation thread and be safe to call from
 * any thread.
 */
public interface SimulatorFaults {

    /** Closes every client socket at once, as when Asterisk restarts or the network drops. Returns how many. */
    int dropConnections();

    /** Stops the traffic generator from creating calls; calls in progress go on. */
    void pauseTraffic();

    void resumeTraffic();

    boolean trafficPaused();

    /** Holds every event back (the PBX goes on simulating) until {@link #resumeEvents()} sends them in a burst. */
    void suspendEvents();

    void resumeEvents();

    /** Registers or unregisters an agent phone; dialing an unregistered phone gives CHANUNAVAIL. */
    boolean setPhoneRegistered(String extension, boolean registered);
}
