package org.ctiserver.pbxsim.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/** Netty decoder: bytes to {@link AmiFrame}s (messages, banner, protocol errors). Never throws on input. */
public final class AmiFrameDecoder extends ByteToMessageDecoder {

    private final AmiFrameParser parser;
    private byte[] scratch = new byte[4096];

    public AmiFrameDecoder() {
        this(AmiFrameParser.DEFAULT_MAX_LINE_LENGTH, AmiFrameParser.DEFAULT_MAX_HEADERS, false);
    }

    public AmiFrameDecoder(int maxLineLength, int maxHeaders, boolean expectBanner) {
        this.parser = new AmiFrameParser(maxLineLength, maxHeaders, expectBanner);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int n = Math.min(in.readableBytes(), scratch.length);
            in.readBytes(scratch, 0, n);
            parser.feed(scratch, 0, n, out::add);
        }
    }
}
