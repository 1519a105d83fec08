package org.ctiserver.pbxsim.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Netty encoder: {@link AmiMessage} to CRLF wire form. ByteBufs written directly (pre-encoded events) pass through. */
@ChannelHandler.Sharable
public final class AmiMessageEncoder extends MessageToByteEncoder<AmiMessage> {

    public AmiMessageEncoder() {
        super(AmiMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, AmiMessage msg, ByteBuf out) {
        out.writeBytes(msg.toBytes());
    }
}
