package org.ctiserver.core.queue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A queue's opening hours: weekly ranges in a time zone, minus holidays. A day not listed is closed.
 * Outside them new and waiting calls get {@link #closedAction()}.
 */
public record BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Hours>> weekly, Set<LocalDate> holidays,
                               OverflowAction closedAction) {

    /** Open from {@code from} (inclusive) to {@code to} (exclusive); {@code to} = {@link LocalTime#MAX} means to midnight. */
    public record Hours(LocalTime from, LocalTime to) {
        public Hours {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("opening " + from + " is not before closing " + to);
            }
        }

        boolean contains(LocalTime t) {
            return !t.isBefore(from) && (t.isBefore(to) || to.equals(LocalTime.MAX));
        }
    }

    public BusinessCalendar {
        Objects.requireNonNull(zone, "zone");
        Map<DayOfWeek, List<Hours>> w = new EnumMap<>(DayOfWeek.class);
        weekly.forEach((d, h) -> w.put(d, List.copyOf(h)));
        weekly = Map.copyOf(w);
        holidays = Set.copyOf(holidays);
        Objects.requireNonNull(closedAction, "closedAction");
    }

    public boolean isOpen(long epochMs) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMs).atZone(zone);
        if (holidays.contains(t.toLocalDate())) {
            return false;
        }
        LocalTime time = t.toLocalTime();
        for (Hours h : weekly.getOrDefault(t.getDayOfWeek(), List.of())) {
            if (h.contains(time)) {
                return true;
            }
        }
        return false;
    }

    /** True when some week day has opening hours (a calendar that is never open is a configuration mistake). */
    public boolean opensAtAll() {
        return weekly.values().stream().anyMatch(l -> !l.isEmpty());
    }
}
