package org.ctiserver.adapter.asterisk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts bad input from Asterisk by kind, for metrics and tests. The first occurrence of each kind is logged as a
 * warning with its detail, later ones only at debug level: a peer that sends the same broken frame a thousand times
 * a second must not flood the log, and nothing is lost silently either. Thread-safe.
 */
public final class AmiInputStats {
    private static final Logger log = LoggerFactory.getLogger(AmiInputStats.class);

    /** Counts nothing and logs nothing: for callers that do not keep statistics. */
    static final AmiInputStats NONE = new AmiInputStats(false);

    /** Kinds of bad input. */
    public enum Kind {
        /** A line without a header name (no colon, or a colon first). */
        MALFORMED_LINE,
        /** A header line longer than the decoder's limit: its frame is dropped. */
        OVERSIZED_LINE,
        /** A frame with more headers than the decoder's limit: dropped. */
        TOO_MANY_HEADERS,
        /** An event the core reads, without a field it needs (e.g. Hangup without Uniqueid): ignored. */
        MISSING_FIELD,
        /** An event without a name, a frame that is neither event nor response, a {@code Cti*} UserEvent of an unknown name. */
        UNKNOWN_EVENT,
        /** The translator or the frame's consumer threw (a defect): the frame is ignored, the session goes on. */
        TRANSLATION_FAILED
    }

    private final boolean enabled;
    private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length);

    public AmiInputStats() {
        this(true);
    }

    private AmiInputStats(boolean enabled) {
        this.enabled = enabled;
    }

    /** Counts one occurrence; logs it when it is the first of its kind. */
    void count(Kind kind, String detail) {
        if (!enabled) {
            return;
        }
        long n = counts.incrementAndGet(kind.ordinal());
        if (n == 1) {
            log.warn("bad AMI input {} (first of this kind; later ones are only counted): {}", kind, detail);
        } else if (log.isDebugEnabled()) {
            log.debug("bad AMI input {} #{}: {}", kind, n, detail);
        }
    }

    public long count(Kind kind) {
        return counts.get(kind.ordinal());
    }

    public long total() {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    public Map<Kind, Long> snapshot() {
        Map<Kind, Long> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, counts.get(k.ordinal()));
        }
        return m;
    }

    @Override
    public String toString() {
        return "AmiInputStats" + snapshot();
    }
}
