package org.ctiserver.adapter.asterisk;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Client side of AMI framing, on the ByteBuf: the banner line, then frames of {@code Key: Value} lines closed by a
 * blank line. CRLF or bare LF; a frame's bytes are copied once into an {@link AmiFields}, which decodes values
 * only when asked. Bounded: a line longer than {@code maxLineBytes} or a frame with more than {@code maxHeaders}
 * headers drops that frame (up to its blank line); a line without a colon is skipped. Every such case is counted
 * per {@link Error kind} and logged (the first time, then at every power of two), and nothing — a failing sink
 * included — ever throws out of this handler: one bad frame must not cost the session.
 *
 * <p>Not sharable: one per channel. The sink runs on the channel's event loop.
 */
final class AmiFrameDecoder extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AmiFrameDecoder.class);
    static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    static final int DEFAULT_MAX_HEADERS = 1024;

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

    private ByteBuf cumulation;
    private boolean bannerSeen;
    private boolean corrupt;      // dropping the current frame up to its blank line
    private boolean skippingLine; // inside an over-long line whose end has not arrived
    private int scanOff;          // where the next line starts, relative to the reader index (= the frame's start)
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

    /** Decodes {@code in} (taking ownership of it): also the entry point of tests and benchmarks. */
    void feed(ChannelHandlerContext ctx, ByteBuf in) {
        try {
            if (cumulation == null) {
                cumulation = in;
            } else {
                in = decodeStraddling(ctx, in);
                if (in == null) {
                    return;
                }
                cumulation = in;
            }
            decode(cumulation);
        } catch (Throwable t) {
            error(Error.INTERNAL, t.toString());
            resetAfterInternalError();
        } finally {
            ByteBuf c = cumulation;
            if (c != null && !c.isReadable()) {
                cumulation = null;
                c.release();
            } else if (c != null && c.readerIndex() > 64 * 1024) {
                c.discardSomeReadBytes();
            }
        }
    }

    /**
     * Decodes the frame begun in the cumulation together with the head of {@code in} up to that frame's blank line,
     * so that only that head is copied rather than the whole read. Returns the rest of {@code in} to decode on its
     * own, or null when all of {@code in} went into the cumulation (no blank line in it, or bytes left over).
     */
    private ByteBuf decodeStraddling(ChannelHandlerContext ctx, ByteBuf in) {
        int end = blankLineEnd(cumulation, in);
        if (end < 0) {
            cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(
                    ctx == null ? in.alloc() : ctx.alloc(), cumulation, in);
            decode(cumulation);
            return null;
        }
        try {
            ByteBuf head = in.readRetainedSlice(end - in.readerIndex()); // released by the cumulator
            cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(
                    ctx == null ? in.alloc() : ctx.alloc(), cumulation, head);
            decode(cumulation);
        } catch (Throwable t) {
            in.release(); // the rest is dropped with the cumulation's bytes, as after any internal error
            throw t;
        }
        if (cumulation.isReadable()) { // not at a frame's end after all: keep everything together
            cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(
                    ctx == null ? in.alloc() : ctx.alloc(), cumulation, in);
            decode(cumulation);
            return null;
        }
        cumulation.release();
        cumulation = null;
        return in;
    }

    /** Index in {@code in} just past the LF of the first blank line, the line begun at the end of {@code prev} included; -1 if none. */
    private static int blankLineEnd(ByteBuf prev, ByteBuf in) {
        int pw = prev.writerIndex();
        int pr = prev.readerIndex();
        // how the line running at the junction begins: empty, a lone CR, or with content
        int lineStart;
        int ri = in.readerIndex();
        if (pw > pr && prev.getByte(pw - 1) == '\n') {
            lineStart = ri;
        } else if (pw - pr >= 2 && prev.getByte(pw - 1) == '\r' && prev.getByte(pw - 2) == '\n') {
            lineStart = ri - 1; // the CR sits just before in
        } else {
            lineStart = Integer.MIN_VALUE; // content before in
        }
        int wi = in.writerIndex();
        int from = ri;
        for (;;) {
            int lf = in.indexOf(from, wi, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            if (lf == lineStart) {
                return lf + 1;
            }
            if (lf == lineStart + 1 && (lineStart < ri || in.getByte(lineStart) == '\r')) {
                return lf + 1;
            }
            lineStart = lf + 1;
            from = lf + 1;
        }
    }

    private void resetAfterInternalError() {
        if (cumulation != null) {
            cumulation.skipBytes(cumulation.readableBytes());
        }
        corrupt = true;
        skippingLine = true;
        scanOff = 0;
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

    void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    private void decode(ByteBuf in) {
        for (;;) {
            int base = in.readerIndex();
            int wi = in.writerIndex();
            if (skippingLine) {
                int lf = in.indexOf(base, wi, (byte) '\n');
                if (lf < 0) {
                    in.readerIndex(wi);
                    return;
                }
                in.readerIndex(lf + 1);
                skippingLine = false;
                continue;
            }
            int lineStart = base + scanOff;
            int lf = in.indexOf(lineStart, wi, (byte) '\n');
            if (lf < 0) {
                if (wi - lineStart > maxLineBytes + 1) {
                    if (bannerSeen) {
                        tooLong();
                    } else {
                        bannerSeen = true; // an over-long banner: skipped, the frames after it still count
                        error(Error.LINE_TOO_LONG, "banner longer than " + maxLineBytes + " bytes");
                    }
                    in.readerIndex(wi);
                    skippingLine = true;
                }
                return;
            }
            int lineEnd = lf > lineStart && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            int len = lineEnd - lineStart;
            if (!bannerSeen) {
                bannerSeen = true;
                in.readerIndex(lf + 1);
                scanOff = 0;
                if (len > maxLineBytes) {
                    error(Error.LINE_TOO_LONG, "banner of " + len + " bytes");
                    continue;
                }
                String banner = in.toString(lineStart, len, StandardCharsets.UTF_8);
                try {
                    sink.banner(banner);
                } catch (RuntimeException e) {
                    error(Error.SINK_FAILED, e.toString());
                }
                continue;
            }
            if (len == 0) { // the blank line that ends a frame
                if (!corrupt && count > 0) {
                    emit(in, base);
                }
                corrupt = false;
                count = 0;
                lines = 0;
                scanOff = 0;
                in.readerIndex(lf + 1);
                continue;
            }
            if (corrupt) {
                in.readerIndex(lf + 1);
                scanOff = 0;
                continue;
            }
            if (len > maxLineBytes) {
                tooLong();
                in.readerIndex(lf + 1);
                continue;
            }
            if (++lines > maxHeaders) {
                error(Error.TOO_MANY_HEADERS, "frame with more than " + maxHeaders + " headers dropped");
                corrupt = true;
                count = 0;
                scanOff = 0;
                in.readerIndex(lf + 1);
                continue;
            }
            int colon = in.indexOf(lineStart, lineEnd, (byte) ':');
            if (colon <= lineStart) {
                error(Error.MALFORMED_LINE, "line without a header name: "
                        + in.toString(lineStart, Math.min(len, 80), StandardCharsets.UTF_8));
                if (count == 0) {
                    in.readerIndex(lf + 1); // nothing of this frame to keep yet
                    scanOff = 0;
                } else {
                    scanOff = lf + 1 - base;
                }
                continue;
            }
            int vs = colon + 1;
            while (vs < lineEnd && in.getByte(vs) == ' ') {
                vs++;
            }
            int o = count * 4;
            if (o + 4 > offs.length) {
                offs = Arrays.copyOf(offs, offs.length * 2);
            }
            offs[o] = lineStart - base;
            offs[o + 1] = colon - base;
            offs[o + 2] = vs - base;
            offs[o + 3] = lineEnd - base;
            count++;
            scanOff = lf + 1 - base;
        }
    }

    private void tooLong() {
        error(Error.LINE_TOO_LONG, "line longer than " + maxLineBytes + " bytes: frame dropped");
        corrupt = true;
        count = 0;
        lines = 0;
        scanOff = 0;
    }

    private void emit(ByteBuf in, int base) {
        int n = offs[count * 4 - 1]; // end of the last value
        byte[] data = new byte[n];
        in.getBytes(base, data, 0, n);
        AmiFields frame = new AmiFields(data, Arrays.copyOf(offs, count * 4), count);
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
