package org.ctiserver.core.event;

/**
 * Receives the engine's events on the engine thread, in sequence order. Implementations must not
 * block and must not throw: hand the event to your own thread or event loop and return.
 */
@FunctionalInterface
public interface CtiEventListener {
    void onEvent(CtiEvent event);
}
