package org.ctiserver.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.HdrHistogram.Histogram;

/**
 * A scripted AMI peer on loopback TCP, standing in for Asterisk where the time of single frames matters. It answers
 * the login (banner, Challenge, Login, CoreSettings), the resync lists (Status, CoreShowChannels, DeviceStateList: empty),
 * Ping and anything else with Success; once {@link #startCalls started} it writes one {@code UserEvent CtiCallWaiting}
 * per call at a fixed rate, the frame of trace 03 ({@code /work/shared/ami-traces/03-route-redirect.ami}), and
 * timestamps it just before the write. A {@code Redirect} for a waiting call's channel is timestamped when its last
 * line has been read, answered {@code Response: Success}, and followed, as in the trace, by {@code DialState
 * RINGING} of the agent's leg, after {@code ringMs} {@code DialEnd ANSWER}, {@code BridgeCreate} and the two
 * {@code BridgeEnter}, and after {@code talkMs} the two {@code BridgeLeave}, the {@code Hangup} of the caller's channel,
 * {@code BridgeDestroy} and the {@code Hangup} of the agent's leg (the agent hangs up; 11 frames per call in all): the
 * agent goes to wrap-up and, after the queue's wrap-up time, READY again.
 *
 * <p>Threads: an acceptor, one reader per connection, one pacing thread writing the calls, one timer for the scripted
 * follow-ups; frames are written whole under one lock and flushed one by one.
 */
final class ScriptedAmiPeer implements AutoCloseable {
    private static final String CRLF = "\r\n";

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "peer-timer"));
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Calls written and not yet redirected, by the caller's channel. */
    private final Map<String, Waiting> waitingSince = new ConcurrentHashMap<>();
    private final long ringMs;
    private final long talkMs;
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    /** When known, the moment the CTI decided (call id -> nanoTime): splits the latency into inbound and outbound. */
    private final Map<String, Long> decidedAtNs = new ConcurrentHashMap<>();
    private final Histogram inbound = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    private final Histogram outbound = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    private final AtomicLong callsSent = new AtomicLong();
    private final AtomicLong redirects = new AtomicLong();
    private final AtomicLong unknownRedirects = new AtomicLong();
    private final AtomicLong uniqueIds = new AtomicLong();
    private final long epochSeconds = System.currentTimeMillis() / 1000;
    private volatile OutputStream out;
    private volatile long recordFromNs = Long.MAX_VALUE;
    private volatile boolean closed;
    private Thread pacer;

    ScriptedAmiPeer(long ringMs, long talkMs) throws IOException {
        this.ringMs = ringMs;
        this.talkMs = talkMs;
        daemon(this::accept, "peer-accept").start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Calls written from now at {@code perSecond}, paced on absolute times; latencies recorded from {@code recordFromNs}. */
    synchronized void startCalls(double perSecond, long recordFromNs) {
        this.recordFromNs = recordFromNs;
        long periodNs = (long) (1e9 / perSecond);
        pacer = daemon(() -> {
            long next = System.nanoTime();
            while (!closed && !Thread.currentThread().isInterrupted()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                newCall();
                next += periodNs;
            }
        }, "peer-calls");
        pacer.start();
    }

    synchronized void stopCalls() {
        if (pacer != null) {
            pacer.interrupt();
            try {
                pacer.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pacer = null;
        }
    }

    /** Calls waiting for a Redirect now. */
    int waiting() {
        return waitingSince.size();
    }

    long callsSent() {
        return callsSent.get();
    }

    long redirects() {
        return redirects.get();
    }

    long unknownRedirects() {
        return unknownRedirects.get();
    }

    /** A copy of the route-to-action latencies recorded so far, in ns. */
    Histogram latency() {
        synchronized (latency) {
            return latency.copy();
        }
    }

    /** Records that the CTI decided the call's route now (any thread; e.g. an engine listener). */
    void decided(String callId, long atNs) {
        decidedAtNs.put(callId, atNs);
    }

    /** UserEvent written -> decision, for the calls whose decision time was reported. */
    Histogram inbound() {
        synchronized (latency) {
            return inbound.copy();
        }
    }

    /** Decision -> Redirect read. */
    Histogram outbound() {
        synchronized (latency) {
            return outbound.copy();
        }
    }

    boolean connected() {
        return out != null;
    }

    // ---- calls ----------------------------------------------------------------------------------------

    private void newCall() {
        long n = callsSent.incrementAndGet();
        String callId = epochSeconds + "." + uniqueIds.getAndIncrement();
        String caller = String.format(Locale.ROOT, "9%06d", n % 1_000_000);
        String channel = String.format(Locale.ROOT, "Local/%s@callers-%08x;1", caller, n);
        String number = String.format(Locale.ROOT, "555%07d", n % 10_000_000);
        String frame = "Event: UserEvent" + CRLF
                + "Privilege: user,all" + CRLF
                + "Timestamp: " + timestamp() + CRLF
                + channelHeaders("", channel, "6", "Up", number, "Carol Caller", number, "Carol Caller", "inbound",
                "100", "6", callId, callId)
                + "UserEvent: CtiCallWaiting" + CRLF
                + "Queue: sales" + CRLF
                + "CallerNumber: " + number + CRLF
                + "CallerName: Carol Caller" + CRLF
                + "IvrLang: en" + CRLF
                + "CustomerId: C" + number + CRLF
                + "CallUid: " + callId + CRLF + CRLF;
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        OutputStream o = out;
        if (o == null) {
            return;
        }
        writeLock.lock();
        try {
            waitingSince.put(channel, new Waiting(callId, System.nanoTime()));
            o.write(bytes);
            o.flush();
        } catch (IOException e) {
            waitingSince.remove(channel);
        } finally {
            writeLock.unlock();
        }
    }

    /** On the reader thread, right after the Redirect's last line was read. */
    private void redirected(Map<String, String> action, long atNs) {
        String channel = action.getOrDefault("channel", "");
        Waiting w = waitingSince.remove(channel);
        if (w == null) {
            unknownRedirects.incrementAndGet();
            return;
        }
        redirects.incrementAndGet();
        Long decided = decidedAtNs.remove(w.callId);
        if (w.sinceNs >= recordFromNs) {
            long max = latency.getHighestTrackableValue();
            synchronized (latency) {
                latency.recordValue(Math.min(atNs - w.sinceNs, max));
                if (decided != null) {
                    inbound.recordValue(Math.max(0, Math.min(decided - w.sinceNs, max)));
                    outbound.recordValue(Math.max(0, Math.min(atNs - decided, max)));
                }
            }
        }
        String exten = action.getOrDefault("exten", "");
        String callId = w.callId;
        String agentUid = epochSeconds + "." + uniqueIds.getAndIncrement();
        String agentLeg = String.format(Locale.ROOT, "Local/%s@agents-%08x;1", exten, uniqueIds.get());
        timer.execute(() -> write(dialState(channel, callId, agentLeg, agentUid, exten, "RINGING", "5", "Ringing")));
        timer.schedule(() -> write(dialState(channel, callId, agentLeg, agentUid, exten, "ANSWER", "6", "Up")
                + bridge("BridgeCreate", callId, 0) + CRLF + bridgeMember("BridgeEnter", agentLeg, agentUid, callId, exten, 1)
                + bridgeMember("BridgeEnter", channel, callId, callId, exten, 2)), ringMs, TimeUnit.MILLISECONDS);
        timer.schedule(() -> write(bridgeMember("BridgeLeave", agentLeg, agentUid, callId, exten, 1)
                + bridgeMember("BridgeLeave", channel, callId, callId, exten, 0)
                + hangup(channel, callId, callId, "agentdial", exten) + bridge("BridgeDestroy", callId, 0) + CRLF
                + hangup(agentLeg, agentUid, callId, "agents", exten)), ringMs + talkMs, TimeUnit.MILLISECONDS);
    }

    private record Waiting(String callId, long sinceNs) {
    }

    private String dialState(String channel, String callId, String agentLeg, String agentUid, String exten,
                             String status, String destState, String destStateDesc) {
        String event = status.equals("RINGING") ? "DialState" : "DialEnd";
        return "Event: " + event + CRLF
                + "Privilege: call,all" + CRLF
                + "Timestamp: " + timestamp() + CRLF
                + channelHeaders("", channel, "6", "Up", "5551003", "Carol Caller", "5551003", "Carol Caller",
                "agentdial", exten, "3", callId, callId)
                + channelHeaders("Dest", agentLeg, destState, destStateDesc, exten, "Carol Caller", "5551003",
                "Carol Caller", "agents", status.equals("RINGING") ? exten : "", "1", agentUid, callId)
                + "DialStatus: " + status + CRLF + CRLF;
    }

    private static String bridge(String event, String callId, int channels) {
        return "Event: " + event + CRLF
                + "Privilege: call,all" + CRLF
                + "Timestamp: " + timestamp() + CRLF
                + "BridgeUniqueid: bridge-" + callId + CRLF
                + "BridgeType: basic" + CRLF
                + "BridgeTechnology: simple_bridge" + CRLF
                + "BridgeCreator: <unknown>" + CRLF
                + "BridgeName: <unknown>" + CRLF
                + "BridgeNumChannels: " + channels + CRLF
                + "BridgeVideoSourceMode: none" + CRLF;
    }

    /** BridgeEnter or BridgeLeave of a channel ({@code channels} = in the bridge after it); the agent's leg is first. */
    private String bridgeMember(String event, String channel, String uid, String callId, String exten, int channels) {
        boolean agentLeg = !uid.equals(callId);
        return bridge(event, callId, channels)
                + channelHeaders("", channel, "6", "Up", "5551003", "Carol Caller", exten, "Carol Caller",
                agentLeg ? "agents" : "agentdial", agentLeg ? "" : exten, agentLeg ? "1" : "3", uid, callId)
                + CRLF;
    }

    private String hangup(String channel, String uid, String callId, String context, String exten) {
        return "Event: Hangup" + CRLF
                + "Privilege: call,all" + CRLF
                + "Timestamp: " + timestamp() + CRLF
                + channelHeaders("", channel, "6", "Up", "5551003", "Carol Caller", exten, "Carol Caller",
                context, exten, "3", uid, callId)
                + "Cause: 16" + CRLF
                + "Cause-txt: Normal Clearing" + CRLF + CRLF;
    }

    private static String channelHeaders(String prefix, String channel, String state, String stateDesc, String cidNum,
                                         String cidName, String connNum, String connName, String context, String exten,
                                         String priority, String uniqueId, String linkedId) {
        return prefix + "Channel: " + channel + CRLF
                + prefix + "ChannelState: " + state + CRLF
                + prefix + "ChannelStateDesc: " + stateDesc + CRLF
                + prefix + "CallerIDNum: " + cidNum + CRLF
                + prefix + "CallerIDName: " + cidName + CRLF
                + prefix + "ConnectedLineNum: " + connNum + CRLF
                + prefix + "ConnectedLineName: " + connName + CRLF
                + prefix + "Language: en" + CRLF
                + prefix + "AccountCode: " + CRLF
                + prefix + "Context: " + context + CRLF
                + prefix + "Exten: " + exten + CRLF
                + prefix + "Priority: " + priority + CRLF
                + prefix + "Uniqueid: " + uniqueId + CRLF
                + prefix + "Linkedid: " + linkedId + CRLF;
    }

    private static String timestamp() {
        long us = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        return String.format(Locale.ROOT, "%d.%06d", us / 1_000_000, us % 1_000_000);
    }

    // ---- connection -----------------------------------------------------------------------------------

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                daemon(() -> serve(s), "peer-reader").start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            OutputStream o = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            writeTo(o, "Asterisk Call Manager/11.0.0" + CRLF);
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            Map<String, String> action = new LinkedHashMap<>();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\r') {
                    continue;
                }
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                if (line.length() > 0) {
                    int colon = line.indexOf(":");
                    if (colon > 0) {
                        action.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                    }
                    line.setLength(0);
                    continue;
                }
                if (action.isEmpty()) {
                    continue;
                }
                long atNs = System.nanoTime();
                if (!answer(o, action, atNs)) {
                    return;
                }
                action = new LinkedHashMap<>();
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            out = null;
        }
    }

    /** False on Logoff. */
    private boolean answer(OutputStream o, Map<String, String> action, long atNs) throws IOException {
        String name = action.getOrDefault("action", "").toLowerCase(Locale.ROOT);
        String idValue = action.get("actionid");
        String id = idValue == null ? "" : "ActionID: " + idValue + CRLF;
        switch (name) {
            case "redirect" -> {
                writeTo(o, "Response: Success" + CRLF + id + "Message: Redirect successful" + CRLF + CRLF);
                redirected(action, atNs);
            }
            case "challenge" -> writeTo(o, "Response: Success" + CRLF + id + "Challenge: 858374775" + CRLF + CRLF);
            case "login" -> {
                writeTo(o, "Response: Success" + CRLF + id + "Message: Authentication accepted" + CRLF + CRLF
                        + "Event: FullyBooted" + CRLF + "Privilege: system,all" + CRLF + "Uptime: 1" + CRLF
                        + "LastReload: 1" + CRLF + "Status: Fully Booted" + CRLF + CRLF);
                out = o;
            }
            case "coresettings" -> writeTo(o, "Response: Success" + CRLF + id + "AMIversion: 11.0.0" + CRLF
                    + "AsteriskVersion: 22.11.0-rc1" + CRLF + "SystemName: " + CRLF + "CoreMaxCalls: 0" + CRLF + CRLF);
            case "coreshowchannels" -> writeTo(o, list(id, "Channels will follow", "CoreShowChannelsComplete"));
            case "devicestatelist" -> writeTo(o, list(id, "Device State Changes will follow", "DeviceStateListComplete"));
            case "status" -> writeTo(o, list(id, "Channel status will follow", "StatusComplete"));
            case "ping" -> writeTo(o, "Response: Success" + CRLF + id + "Ping: Pong" + CRLF + "Timestamp: "
                    + timestamp() + CRLF + CRLF);
            case "logoff" -> {
                writeTo(o, "Response: Goodbye" + CRLF + id + "Message: Thanks for all the fish." + CRLF + CRLF);
                return false;
            }
            default -> writeTo(o, "Response: Success" + CRLF + id + CRLF);
        }
        return true;
    }

    private static String list(String id, String message, String complete) {
        return "Response: Success" + CRLF + id + "EventList: start" + CRLF + "Message: " + message + CRLF + CRLF
                + "Event: " + complete + CRLF + id + "EventList: Complete" + CRLF + "ListItems: 0" + CRLF + CRLF;
    }

    private void write(String frames) {
        OutputStream o = out;
        if (o != null) {
            try {
                writeTo(o, frames);
            } catch (IOException e) {
                // the client went away
            }
        }
    }

    private void writeTo(OutputStream o, String frames) throws IOException {
        byte[] bytes = frames.getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            o.write(bytes);
            o.flush();
        } finally {
            writeLock.unlock();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        stopCalls();
        timer.shutdownNow();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
