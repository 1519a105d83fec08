package org.ctiserver.pbxsim;

/**
 * Faults a test can inject into the running simulator, while traffic flows. Each acts on the simulation thread,
 * is safe to call from any thread, and is counted in {@link SimulatorLedger#faults()} under the kind named below.
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

    /**
     * Sends {@code frames} garbage frames between two events to every logged-in client: a line without a colon,
     * a line of control and non-UTF-8 bytes, then the blank line (kind {@code garbage}, one per frame).
     * Returns how many clients got them.
     */
    int sendGarbage(int frames);

    /** Sends exactly these bytes between two events to every logged-in client (kind {@code raw}). */
    int sendRaw(byte[] bytes);

    /**
     * Sends a UserEvent whose one header line is {@code lineLength} bytes long, longer than an AMI reader should
     * accept (kind {@code oversizedLine}).
     */
    int sendOversizedLine(int lineLength);

    /** Sends a UserEvent with {@code headers} extra header lines (kind {@code oversizedFrame}). */
    int sendOversizedFrame(int headers);

    /** Sends {@code count} well-formed events of a type no Asterisk sends ({@code SimulatorUnknownEvent}, kind {@code unknownEvent}). */
    int sendUnknownEvents(int count);

    /** The next {@code count} events (of the running traffic) are each sent twice (kind {@code duplicated}). */
    void duplicateNextEvents(int count);

    /** The next {@code pairs} pairs of adjacent events are sent in swapped order (kind {@code swapped}, 2 per pair). */
    void swapNextEventPairs(int pairs);
}
