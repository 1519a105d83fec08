package org.ctiserver.core.pbx;

/**
 * The engine's way in from the PBX adapter. {@link #offer} never blocks: it returns false when the
 * engine's input queue is full, and the caller must count and report that as an alarm.
 */
@FunctionalInterface
public interface PbxEventSink {
    boolean offer(PbxEvent event);
}
