package org.ctiserver.pbxsim.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import org.ctiserver.pbxsim.ami.AmiEventMask;
import org.ctiserver.pbxsim.ami.AmiFrame;
import org.ctiserver.pbxsim.ami.AmiMessage;
import org.ctiserver.pbxsim.ami.AmiProtocolError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;

/** One AMI client connection: login state, event mask, and the ordering rules for responses and events. */
public final class AmiSession extends SimpleChannelInboundHandler<AmiFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(AmiSession.class);
    static final String BANNER = "Asterisk Call Manager/11.0.0";

    private final AmiHub hub;
    private final ActionHandler actions;
    private final long writeTimeoutNanos;
    private Channel ch;
    boolean authenticated;
    String username;
    String challenge;
    String sessionTv;
    int mask = AmiEventMask.ALL;
    final String sessionId = String.format("0x7f64%08x", ThreadLocalRandom.current().nextInt() & 0x7fffffff);
    private boolean closing;
    private boolean syncBlocked;
    private final Deque<ByteBuf> heldEvents = new ArrayDeque<>();
    private final Deque<AmiMessage> pendingActions = new ArrayDeque<>();
    private long unwritableSince;

    AmiSession(AmiHub hub, ActionHandler actions, long writeTimeoutMillis) {
        this.hub = hub;
        this.actions = actions;
        this.writeTimeoutNanos = writeTimeoutMillis * 1_000_000L;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ch = ctx.channel();
        hub.add(this);
        ch.writeAndFlush(Unpooled.copiedBuffer(BANNER + "\r\n", StandardCharsets.US_ASCII));
        LOG.debug("AMI client connected from {}", ch.remoteAddress());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        hub.remove(this);
        closing = true;
        while (!heldEvents.isEmpty()) {
            ReferenceCountUtil.release(heldEvents.poll());
        }
        LOG.debug("AMI client {} disconnected", ch.remoteAddress());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, AmiFrame frame) {
        if (closing) {
            return;
        }
        if (frame instanceof AmiMessage m) {
            if (syncBlocked) {
                pendingActions.add(m);
            } else {
                try {
                    actions.handle(this, m);
                } catch (RuntimeException e) {
                    // a simulator bug must not look like a network failure to the client
                    LOG.error("action {} failed in the simulator", m, e);
                    respond(ActionHandler.error(m.get("ActionID"), "Simulator error: " + e));
                }
            }
            hub.flush();
        } else if (frame instanceof AmiProtocolError e) {
            LOG.warn("AMI client {} sent a bad frame, dropped: {}", ch.remoteAddress(), e.reason());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            unwritableSince = 0;
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("AMI client {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    boolean wants(int eventClass) {
        return authenticated && !closing && (mask & eventClass) != 0;
    }

    /** An event for this client; held back while a synchronous Originate blocks the session. */
    void deliver(ByteBuf event) {
        if (closing) {
            event.release();
        } else if (syncBlocked) {
            heldEvents.add(event);
        } else {
            write(event);
        }
    }

    void respond(AmiMessage response) {
        write(response);
    }

    /** Writes directly to this client (responses, list items, FullyBooted). */
    void write(Object msg) {
        if (closing || !ch.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (writeTimeoutNanos > 0 && !ch.isWritable()) {
            long now = System.nanoTime();
            if (unwritableSince == 0) {
                unwritableSince = now;
            } else if (now - unwritableSince > writeTimeoutNanos) {
                LOG.warn("AMI client {} reads too slowly; dropping it as Asterisk does after writetimeout", ch.remoteAddress());
                ReferenceCountUtil.release(msg);
                close();
                return;
            }
        }
        ch.write(msg);
        hub.touched(this);
    }

    void flush() {
        if (ch.isActive()) {
            ch.flush();
        }
    }

    /** Stops reading actions (failed login, Logoff) and closes once pending writes are out. */
    void closeAfterFlush() {
        closing = true;
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    void stopReading() {
        closing = true;
    }

    /** Writes a last response even though the session is closing, then closes. */
    void respondAndClose(AmiMessage response) {
        if (ch.isActive()) {
            ch.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    void later(Runnable r, long millis) {
        ch.eventLoop().schedule(r, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void close() {
        closing = true;
        ch.close();
    }

    void blockForSync() {
        syncBlocked = true;
    }

    /** Ends a synchronous Originate: its Response first, then the events that happened meanwhile (trace 14 f/g). */
    void finishSync(AmiMessage response) {
        if (!syncBlocked) {
            return;
        }
        syncBlocked = false;
        write(response);
        while (!heldEvents.isEmpty()) {
            deliver(heldEvents.poll());
        }
        while (!syncBlocked && !pendingActions.isEmpty() && !closing) {
            actions.handle(this, pendingActions.poll());
        }
    }

    String localAddress() {
        return address(ch.localAddress());
    }

    String remoteAddress() {
        return address(ch.remoteAddress());
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
            return (host.contains(":") ? "IPV6" : "IPV4") + "/TCP/" + host + "/" + i.getPort();
        }
        return String.valueOf(a);
    }
}
