package org.ctiserver.pbxsim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.ctiserver.pbxsim.ami.AmiFrameDecoder;
import org.ctiserver.pbxsim.ami.AmiMessageEncoder;
import org.ctiserver.pbxsim.engine.SimEngine;
import org.ctiserver.pbxsim.engine.SimScheduler;
import org.ctiserver.pbxsim.server.ActionHandler;
import org.ctiserver.pbxsim.server.AmiHub;
import org.ctiserver.pbxsim.server.ServerSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An AMI server that behaves like Asterisk 22 in the reference lab: Local-channel callers at a CTI route
 * point, agent phones dialed by Redirect, and the exact event sequences of the recorded traces.
 *
 * <p>One Netty event loop thread runs the sockets and the whole simulation, so for a given seed and the same
 * actions the simulation unfolds the same way. Public methods are safe to call from any thread.
 */
public final class PbxSimulator implements SimulatorFaults, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PbxSimulator.class);
    private static final AmiMessageEncoder ENCODER = new AmiMessageEncoder();

    private final SimulatorConfig config;
    private final SimulatorLedger ledger = new SimulatorLedger();
    private final EventLoopGroup group;
    private final EventLoop loop;
    private SimScheduler clock;
    private AmiHub hub;
    private SimEngine engine;
    private ActionHandler actions;
    private Channel server;
    private int port;

    private PbxSimulator(SimulatorConfig config) {
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pbx-sim"), NioIoHandler.newFactory());
        this.loop = group.next();
    }

    /** Builds the simulation, binds the AMI port and starts the traffic generator. */
    public static PbxSimulator start(SimulatorConfig config) {
        PbxSimulator sim = new PbxSimulator(config);
        try {
            sim.bind();
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        return sim;
    }

    private void bind() {
        onLoop(() -> {
            long epoch = config.startEpochMillis() > 0 ? config.startEpochMillis() : System.currentTimeMillis();
            clock = new SimScheduler(loop, config.timeScale(), epoch);
            hub = new AmiHub(ledger, r -> loop.schedule(r, 300, TimeUnit.MILLISECONDS));
            engine = new SimEngine(config, clock, hub, ledger);
            actions = new ActionHandler(engine, config);
            clock.afterBatch(hub::flush);
            return null;
        });
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new AmiFrameDecoder(config.maxLineLength(), config.maxHeaders(), false),
                                ENCODER,
                                ServerSessions.newSession(hub, actions, config.writeTimeoutMillis()));
                    }
                });
        try {
            server = b.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
        port = ((InetSocketAddress) server.localAddress()).getPort();
        onLoop(() -> {
            engine.start();
            hub.flush();
            return null;
        });
        LOG.info("PBX simulator (AMI, Asterisk 22 behaviour) listening on {}:{}; seed {}, time scale {}, {} phones, "
                        + "{} call types, {} calls/min{}", config.host(), port, config.seed(), config.timeScale(),
                config.phones().size(), config.callTypes().size(), config.arrivalRatePerMinute(),
                config.trafficPaused() ? " (paused)" : "");
    }

    /** The bound port (the ephemeral one when the config asked for port 0). */
    public int port() {
        return port;
    }

    public SimulatorConfig config() {
        return config;
    }

    /** What really happened; thread-safe reads. */
    public SimulatorLedger ledger() {
        return ledger;
    }

    /** Connected AMI clients (logged in or not). */
    public int connectionCount() {
        return onLoop(() -> hub.sessionCount());
    }

    /** Channels that exist right now. */
    public int channelCount() {
        return onLoop(() -> engine.channelCount());
    }

    /** Names of the channels that exist right now, sorted by name. */
    public java.util.List<String> channelNames() {
        return onLoop(() -> engine.channelNames());
    }

    /** Starts one generated call of this call type now; returns its call id (Uniqueid of the caller's {@code ;1}). */
    public String injectCall(String callTypeName) {
        return onLoop(() -> {
            clock.catchUp();
            String id = engine.injectCall(callTypeName);
            hub.flush();
            if (id == null) {
                throw new IllegalArgumentException("no call type " + callTypeName);
            }
            return id;
        });
    }

    @Override
    public int dropConnections() {
        return onLoop(() -> {
            engine.connectionsDropped();
            int n = hub.closeAll();
            LOG.info("fault: dropped {} AMI connections", n);
            return n;
        });
    }

    @Override
    public void pauseTraffic() {
        onLoop(() -> {
            engine.pauseTraffic();
            return null;
        });
    }

    @Override
    public void resumeTraffic() {
        onLoop(() -> {
            engine.resumeTraffic();
            return null;
        });
    }

    @Override
    public boolean trafficPaused() {
        return onLoop(() -> engine.trafficPaused());
    }

    @Override
    public void suspendEvents() {
        onLoop(() -> {
            hub.suspend();
            return null;
        });
    }

    @Override
    public void resumeEvents() {
        onLoop(() -> {
            hub.resume();
            return null;
        });
    }

    /**
     * The caller's handset presses keys, as a waiting caller answering an IVR would: each digit reaches the caller's
     * {@code ;1} (DTMFBegin, DTMFEnd) and a Read() at the IVR route point ({@code inbound,101}) takes it.
     *
     * @param callOrChannel a call id (Uniqueid of the caller's {@code ;1}) or a channel name
     * @return false when there is no such live call
     */
    public boolean callerPresses(String callOrChannel, String digits) {
        return onLoop(() -> {
            clock.catchUp();
            boolean ok = engine.callerPresses(callOrChannel, digits);
            hub.flush();
            return ok;
        });
    }

    /**
     * Sets a dialplan global, as an AMI {@code Setvar} without a channel would (a {@code VarSet} event follows): the
     * lab's globals steer the simulated handsets from the next ring on, e.g. {@code AGENT_2001_RING} (seconds an
     * agent phone rings before it answers) or {@code AGENT_2001_NOANSWER}.
     */
    public void setGlobalVariable(String name, String value) {
        onLoop(() -> {
            clock.catchUp();
            engine.setVar(null, name, value);
            hub.flush();
            return null;
        });
    }

    @Override
    public boolean setPhoneRegistered(String extension, boolean registered) {
        return onLoop(() -> {
            clock.catchUp();
            boolean ok = engine.setPhoneRegistered(extension, registered);
            hub.flush();
            return ok;
        });
    }

    @Override
    public int sendGarbage(int frames) {
        return onLoop(() -> {
            int n = 0;
            for (int i = 0; i < frames; i++) {
                byte[] text = ("garbage frame " + i + " without any header\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] bin = {0x00, 0x01, (byte) 0xff, (byte) 0xfe, 0x1b, '[', '0', 'm', ':', '\r', '\n', '\r', '\n'};
                byte[] all = new byte[text.length + bin.length];
                System.arraycopy(text, 0, all, 0, text.length);
                System.arraycopy(bin, 0, all, text.length, bin.length);
                n = hub.sendRaw(all, "garbage");
            }
            LOG.info("fault: sent {} garbage frames", frames);
            return n;
        });
    }

    @Override
    public int sendRaw(byte[] bytes) {
        byte[] copy = bytes.clone();
        return onLoop(() -> hub.sendRaw(copy, "raw"));
    }

    @Override
    public int sendOversizedLine(int lineLength) {
        return onLoop(() -> {
            String head = "Event: UserEvent\r\nPrivilege: user,all\r\nTimestamp: " + engine.timestampNow()
                    + "\r\nUserEvent: SimulatorOversized\r\nPadding: ";
            StringBuilder sb = new StringBuilder(head);
            sb.append("x".repeat(Math.max(0, lineLength - "Padding: ".length())));
            sb.append("\r\n\r\n");
            LOG.info("fault: sent a {}-byte header line", lineLength);
            return hub.sendRaw(sb.toString().getBytes(StandardCharsets.US_ASCII), "oversizedLine");
        });
    }

    @Override
    public int sendOversizedFrame(int headers) {
        return onLoop(() -> {
            StringBuilder sb = new StringBuilder("Event: UserEvent\r\nPrivilege: user,all\r\nTimestamp: ")
                    .append(engine.timestampNow()).append("\r\nUserEvent: SimulatorOversized\r\n");
            for (int i = 0; i < headers; i++) {
                sb.append("Pad").append(i).append(": ").append(i).append("\r\n");
            }
            sb.append("\r\n");
            LOG.info("fault: sent a frame of {} headers", headers);
            return hub.sendRaw(sb.toString().getBytes(StandardCharsets.US_ASCII), "oversizedFrame");
        });
    }

    @Override
    public int sendUnknownEvents(int count) {
        return onLoop(() -> {
            clock.catchUp();
            for (int i = 0; i < count; i++) {
                engine.emit(engine.startEvent("SimulatorUnknownEvent", "call,all")
                        .add("Channel", "Local/0000@nowhere-00000000;1").add("Sequence", i)
                        .add("Detail", "an event type the AMI reader has never seen"));
            }
            hub.flush();
            ledger.recordFault("unknownEvent", count);
            return hub.sessionCount();
        });
    }

    @Override
    public void duplicateNextEvents(int count) {
        onLoop(() -> {
            hub.duplicateNextEvents(count);
            return null;
        });
    }

    @Override
    public void swapNextEventPairs(int pairs) {
        onLoop(() -> {
            hub.swapNextEventPairs(pairs);
            return null;
        });
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            if (hub != null && !group.isShuttingDown()) {
                onLoop(() -> {
                    hub.closeAll();
                    clock.close();
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.debug("while closing", e);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private <T> T onLoop(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("simulation thread did not answer in 10 s", e);
        }
    }
}
