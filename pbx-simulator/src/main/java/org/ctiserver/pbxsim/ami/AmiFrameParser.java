package org.ctiserver.pbxsim.ami;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Incremental AMI frame parser, independent of Netty so that tests and tools can use it on plain streams.
 *
 * <p>Lines end with CRLF or a bare LF (Park answers {@code "Park successful\n\r\n"}); a frame ends with an
 * empty line; empty frames are skipped. A line longer than {@code maxLineLength} or a frame with more than
 * {@code maxHeaders} headers is reported once as {@link AmiProtocolError} and the rest of that frame is
 * dropped. Bytes that are not UTF-8 are replaced, never rejected: the parser never throws on input.
 */
public final class AmiFrameParser {

    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;
    public static final int DEFAULT_MAX_HEADERS = 512;

    private final int maxLineLength;
    private final int maxHeaders;
    private boolean expectBanner;

    private byte[] line = new byte[256];
    private int lineLen;
    private boolean skippingLine;
    private boolean skippingFrame;
    private final List<AmiHeader> current = new ArrayList<>();

    public AmiFrameParser() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_HEADERS, false);
    }

    /**
     * @param expectBanner true on the client side: the first line of the stream is the server banner
     */
    public AmiFrameParser(int maxLineLength, int maxHeaders, boolean expectBanner) {
        if (maxLineLength < 16 || maxHeaders < 1) {
            throw new IllegalArgumentException("maxLineLength >= 16 and maxHeaders >= 1 required");
        }
        this.maxLineLength = maxLineLength;
        this.maxHeaders = maxHeaders;
        this.expectBanner = expectBanner;
    }

    public void feed(byte[] data, Consumer<AmiFrame> out) {
        feed(data, 0, data.length, out);
    }

    public void feed(byte[] data, int offset, int length, Consumer<AmiFrame> out) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = data[i];
            if (b == '\n') {
                if (skippingLine) {
                    skippingLine = false;
                    lineLen = 0;
                    // the over-long line counts as a (bad) header line; its frame goes on until an empty line
                    continue;
                }
                int len = lineLen;
                if (len > 0 && line[len - 1] == '\r') {
                    len--;
                }
                lineLen = 0;
                if (len > maxLineLength) {
                    failFrame("line longer than " + maxLineLength + " bytes", out);
                    continue;
                }
                onLine(len, out);
            } else if (!skippingLine) {
                if (lineLen >= maxLineLength + 1) { // +1 leaves room for the CR of a line exactly at the limit
                    skippingLine = true;
                    lineLen = 0;
                    failFrame("line longer than " + maxLineLength + " bytes", out);
                } else {
                    append(b);
                }
            }
        }
    }

    /** True when no partial line or frame is buffered. */
    public boolean isIdle() {
        return lineLen == 0 && current.isEmpty() && !skippingLine && !skippingFrame;
    }

    private void append(byte b) {
        if (lineLen == line.length) {
            byte[] bigger = new byte[Math.min(line.length * 2, maxLineLength + 2)];
            System.arraycopy(line, 0, bigger, 0, lineLen);
            line = bigger;
        }
        line[lineLen++] = b;
    }

    private void onLine(int len, Consumer<AmiFrame> out) {
        if (len == 0) {
            if (skippingFrame) {
                skippingFrame = false;
            } else if (!current.isEmpty()) {
                out.accept(new AmiMessage(current));
            }
            current.clear();
            return;
        }
        if (skippingFrame) {
            return;
        }
        String text = new String(line, 0, len, StandardCharsets.UTF_8);
        if (expectBanner) {
            expectBanner = false;
            if (current.isEmpty() && text.indexOf(':') < 0) {
                out.accept(new AmiBanner(text));
                return;
            }
        }
        if (current.size() >= maxHeaders) {
            failFrame("more than " + maxHeaders + " headers in one frame", out);
            return;
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            current.add(new AmiHeader(text, ""));
        } else {
            int valueStart = colon + 1;
            if (valueStart < text.length() && text.charAt(valueStart) == ' ') {
                valueStart++;
            }
            current.add(new AmiHeader(text.substring(0, colon), text.substring(valueStart)));
        }
    }

    private void failFrame(String reason, Consumer<AmiFrame> out) {
        if (!skippingFrame) {
            skippingFrame = true;
            current.clear();
            out.accept(new AmiProtocolError(reason));
        }
    }
}
