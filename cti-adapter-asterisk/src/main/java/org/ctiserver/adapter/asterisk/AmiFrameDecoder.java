package org.ctiserver.adapter.asterisk;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Client side of AMI framing: the banner line, then frames of {@code Key: Value} lines closed by a blank line.
 * CRLF or bare LF; each read is copied into a heap window, and a frame's bytes from there into an
 * {@link AmiFields}, which decodes values only when asked. Bounded: a line longer than {@code maxLineBytes} or a
 * frame with more than {@code maxHeaders} headers drops that frame (up to its blank line); a line without a colon is
 * skipped. Every such case is counted per {@link Error kind} and logged (the first time, then at every power of
 * two), and nothing — a failing sink included — ever throws out of this handler: one bad frame must not cost the
 * session.
 *
 * <p>Not sharable: one per channel. The sink runs on the channel's event loop.
 */
final class AmiFrameDecoder extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AmiFrameDecoder.class);
    static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    static final int DEFAULT_MAX_HEADERS = 1024;
    /** The read window: a 64 KiB socket read plus a frame begun in the previous one fits without growing. */
    private static final int INITIAL_BYTES = 128 * 1024;
    /** A window grown past this by a huge frame is given back once that frame is done. */
    private static final int RETAINED_BYTES = 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];

    /** Kinds of decoding trouble, each with its own counter. */
    enum Error {
        LINE_TOO_LONG, TOO_MANY_HEADERS, MALFORMED_LINE, SINK_FAILED, INTERNAL
    }

    /** Receives what the decoder reads, on the event loop. */
    interface Sink {
        void banner(String line);

        void frame(AmiFields frame);
    }

    private final Sink sink;
    private final int maxLineBytes;
    private final int maxHeaders;
    private final AtomicLongArray errors = new AtomicLongArray(Error.values().length);

    /** Bytes read but not yet consumed: {@code [frameStart, end)} of {@link #buf}. */
    private byte[] buf = EMPTY;
    private int frameStart;       // first byte of the current frame (or of the next line between frames)
    private int lineStart;        // where the next line to read starts
    private int end;              // end of the bytes read so far
    private boolean bannerSeen;
    private boolean corrupt;      // dropping the current frame up to its blank line
    private boolean skippingLine; // inside an over-long line whose end has not arrived
    private int count;            // headers of the current frame so far
    private int lines;            // non-blank lines of the current frame so far (malformed ones included)
    private int[] offs = new int[4 * 32];
    private long frames;

    private final AmiInputStats stats;

    AmiFrameDecoder(Sink sink) {
        this(sink, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_HEADERS, true);
    }

    AmiFrameDecoder(Sink sink, AmiInputStats stats) {
        this(sink, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_HEADERS, true, stats);
    }

    AmiFrameDecoder(Sink sink, int maxLineBytes, int maxHeaders, boolean expectBanner) {
        this(sink, maxLineBytes, maxHeaders, expectBanner, null);
    }

    /** @param stats where bad input is counted and logged (once per kind); null: logged here at powers of two */
    AmiFrameDecoder(Sink sink, int maxLineBytes, int maxHeaders, boolean expectBanner, AmiInputStats stats) {
        this.stats = stats;
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
        this.maxHeaders = maxHeaders;
        this.bannerSeen = !expectBanner;
    }

    long errorCount(Error kind) {
        return errors.get(kind.ordinal());
    }

    Map<Error, Long> errorCounts() {
        Map<Error, Long> m = new EnumMap<>(Error.class);
        for (Error e : Error.values()) {
            m.put(e, errors.get(e.ordinal()));
        }
        return m;
    }

    /** Frames handed to the sink so far. */
    long frameCount() {
        return frames;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        feed(ctx, in);
    }

    /**
     * Decodes {@code in} (taking ownership of it): also the entry point of tests and benchmarks. The bytes are
     * copied once into a heap window and scanned there: a byte loop over an array is several times cheaper than a
     * {@code ByteBuf.indexOf} per line, and a frame split across two reads needs no cumulation of buffers.
     */
    void feed(ChannelHandlerContext ctx, ByteBuf in) {
        try {
            int n = in.readableBytes();
            if (n > buf.length - end) {
                makeRoom(n);
            }
            in.getBytes(in.readerIndex(), buf, end, n);
            end += n;
            decode();
        } catch (Throwable t) {
            error(Error.INTERNAL, t.toString());
            resetAfterInternalError();
        } finally {
            in.release();
            if (frameStart == end) { // nothing pending: start over at the front, and give back what a huge frame took
                frameStart = lineStart = end = 0;
                if (buf.length > RETAINED_BYTES) {
                    buf = new byte[INITIAL_BYTES];
                }
            }
        }
    }

    /** Makes room for {@code n} more bytes: the pending ones move to the front, the window grows if need be. */
    private void makeRoom(int n) {
        int pending = end - frameStart;
        byte[] target = buf;
        if (pending + n > buf.length) {
            target = new byte[Math.max(INITIAL_BYTES, Math.max(pending + n, buf.length * 2))];
        }
        System.arraycopy(buf, frameStart, target, 0, pending);
        buf = target;
        lineStart -= frameStart;
        frameStart = 0;
        end = pending;
    }

    private void resetAfterInternalError() {
        frameStart = lineStart = end;
        corrupt = true;
        skippingLine = true;
        count = 0;
        lines = 0;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    /** Drops what is pending (the connection is gone). */
    void release() {
        frameStart = lineStart = end = 0;
        buf = EMPTY;
    }

    private void decode() {
        final byte[] b = buf;
        final int e = end;
        for (;;) {
            int ls = lineStart;
            if (skippingLine) {
                int lf = indexOfLf(b, ls, e);
                if (lf < 0) {
                    frameStart = lineStart = e;
                    return;
                }
                frameStart = lineStart = lf + 1;
                skippingLine = false;
                continue;
            }
            // the colon (first ':' before the line's end) and the line feed, in one pass
            int colon = -1;
            int lf;
            int first = indexOfColonOrLf(b, ls, e);
            if (first >= 0 && b[first] == ':') {
                colon = first;
                lf = indexOfLf(b, first + 1, e);
            } else {
                lf = first;
            }
            if (lf < 0) {
                if (e - ls > maxLineBytes + 1) {
                    if (bannerSeen) {
                        tooLong();
                    } else {
                        bannerSeen = true; // an over-long banner: skipped, the frames after it still count
                        error(Error.LINE_TOO_LONG, "banner longer than " + maxLineBytes + " bytes");
                    }
                    frameStart = lineStart = e;
                    skippingLine = true;
                }
                return;
            }
            int lineEnd = lf > ls && b[lf - 1] == '\r' ? lf - 1 : lf;
            int len = lineEnd - ls;
            if (!bannerSeen) {
                bannerSeen = true;
                frameStart = lineStart = lf + 1;
                if (len > maxLineBytes) {
                    error(Error.LINE_TOO_LONG, "banner of " + len + " bytes");
                    continue;
                }
                String banner = new String(b, ls, len, StandardCharsets.UTF_8);
                try {
                    sink.banner(banner);
                } catch (RuntimeException ex) {
                    error(Error.SINK_FAILED, ex.toString());
                }
                continue;
            }
            if (len == 0) { // the blank line that ends a frame
                if (!corrupt && count > 0) {
                    emit(b, frameStart);
                }
                corrupt = false;
                count = 0;
                lines = 0;
                frameStart = lineStart = lf + 1;
                continue;
            }
            if (corrupt) {
                frameStart = lineStart = lf + 1;
                continue;
            }
            if (len > maxLineBytes) {
                tooLong();
                frameStart = lineStart = lf + 1;
                continue;
            }
            if (++lines > maxHeaders) {
                error(Error.TOO_MANY_HEADERS, "frame with more than " + maxHeaders + " headers dropped");
                corrupt = true;
                count = 0;
                frameStart = lineStart = lf + 1;
                continue;
            }
            if (colon <= ls) { // none, or an empty name
                error(Error.MALFORMED_LINE, "line without a header name: "
                        + new String(b, ls, Math.min(len, 80), StandardCharsets.UTF_8));
                if (count == 0) {
                    frameStart = lf + 1; // nothing of this frame to keep yet
                }
                lineStart = lf + 1;
                continue;
            }
            int vs = colon + 1;
            while (vs < lineEnd && b[vs] == ' ') {
                vs++;
            }
            int o = count * 4;
            if (o + 4 > offs.length) {
                offs = Arrays.copyOf(offs, offs.length * 2);
            }
            int base = frameStart;
            offs[o] = ls - base;
            offs[o + 1] = colon - base;
            offs[o + 2] = vs - base;
            offs[o + 3] = lineEnd - base;
            count++;
            lineStart = lf + 1;
        }
    }

    // Lines are scanned eight bytes at a time: (t - 0x01..) & ~t & 0x80.. marks the zero bytes of t, exactly for
    // the lowest one (a borrow can only mark bytes above a zero), so with t = word ^ (the byte sought, eight times)
    // the lowest mark is the first occurrence (little-endian load).
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LFS = '\n' * LOW_BITS;
    private static final long COLONS = ':' * LOW_BITS;

    private static long zeroBytes(long t) {
        return (t - LOW_BITS) & ~t & HIGH_BITS;
    }

    static int indexOfLf(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long marks = zeroBytes((long) LONGS.get(b, i) ^ LFS);
            if (marks != 0) {
                return i + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The first ':' or LF in {@code [from, to)}, or -1. */
    static int indexOfColonOrLf(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i);
            long marks = zeroBytes(word ^ COLONS) | zeroBytes(word ^ LFS);
            if (marks != 0) {
                return i + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == ':' || c == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void tooLong() {
        error(Error.LINE_TOO_LONG, "line longer than " + maxLineBytes + " bytes: frame dropped");
        corrupt = true;
        count = 0;
        lines = 0;
    }

    private void emit(byte[] b, int base) {
        int n = offs[count * 4 - 1]; // end of the last value
        AmiFields frame = new AmiFields(Arrays.copyOfRange(b, base, base + n), Arrays.copyOf(offs, count * 4), count);
        frames++;
        try {
            sink.frame(frame);
        } catch (RuntimeException e) {
            error(Error.SINK_FAILED, e.toString());
        }
    }

    private void error(Error kind, String detail) {
        long n = errors.incrementAndGet(kind.ordinal());
        if (stats != null) {
            stats.count(switch (kind) {
                case LINE_TOO_LONG -> AmiInputStats.Kind.OVERSIZED_LINE;
                case TOO_MANY_HEADERS -> AmiInputStats.Kind.TOO_MANY_HEADERS;
                case MALFORMED_LINE -> AmiInputStats.Kind.MALFORMED_LINE;
                case SINK_FAILED, INTERNAL -> AmiInputStats.Kind.TRANSLATION_FAILED;
            }, detail);
        } else if ((n & (n - 1)) == 0) { // 1, 2, 4, 8, ...: visible, never a flood
            log.error("AMI decoding error {} (#{} of this kind): {}", kind, n, detail);
        }
    }
}
