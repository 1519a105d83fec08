package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEventSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A sink that keeps what it accepts; it can be told to refuse, like a full engine queue. */
final class RecordingSink implements PbxEventSink {
    private final List<PbxEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    @Override
    public boolean offer(PbxEvent event) {
        if (refusing) {
            return false;
        }
        events.add(event);
        return true;
    }

    void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    List<PbxEvent> events() {
        return List.copyOf(events);
    }

    <T extends PbxEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    long count(Class<? extends PbxEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }
}
