package org.ctiserver.pbxsim;

import org.ctiserver.pbxsim.ami.AmiBanner;
import org.ctiserver.pbxsim.ami.AmiFrame;
import org.ctiserver.pbxsim.ami.AmiFrameParser;
import org.ctiserver.pbxsim.ami.AmiMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A blocking AMI client over a real socket; a reader thread keeps every frame received. */
public final class AmiTestClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final List<AmiFrame> frames = new ArrayList<>();
    private volatile boolean eof;
    private int nextId;

    private AmiTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "ami-test-reader-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    public static AmiTestClient connect(int port) throws IOException {
        return new AmiTestClient(port);
    }

    /** Connects and logs in with the default lab account. */
    public static AmiTestClient login(int port) throws IOException {
        AmiTestClient c = connect(port);
        AmiMessage r = c.action("Login", "Username", "cti", "Secret", "cti-secret");
        if (!"Success".equals(r.get("Response"))) {
            throw new IllegalStateException("login failed: " + r);
        }
        return c;
    }

    private void read() {
        AmiFrameParser parser = new AmiFrameParser(65536, 10_000, true);
        byte[] buf = new byte[65536];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                List<AmiFrame> got = new ArrayList<>();
                parser.feed(buf, 0, n, got::add);
                synchronized (frames) {
                    frames.addAll(got);
                }
            }
        } catch (IOException e) {
            // socket closed
        } finally {
            eof = true;
        }
    }

    public void sendRaw(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(AmiMessage m) {
        sendRaw(m.toWireString());
    }

    /** Sends {@code Action: name} with the given headers and a fresh ActionID; returns the ActionID. */
    public String sendAction(String action, String... kv) {
        String id = action.toLowerCase() + "-" + (++nextId);
        AmiMessage.Builder b = AmiMessage.builder().add("Action", action);
        for (int i = 0; i < kv.length; i += 2) {
            b.add(kv[i], kv[i + 1]);
        }
        send(b.add("ActionID", id).build());
        return id;
    }

    /** Sends {@code Action: name} with the given ActionID. */
    public String sendActionWithId(String actionId, String action, String... kv) {
        AmiMessage.Builder b = AmiMessage.builder().add("Action", action);
        for (int i = 0; i < kv.length; i += 2) {
            b.add(kv[i], kv[i + 1]);
        }
        send(b.add("ActionID", actionId).build());
        return actionId;
    }

    /** Sends an action and waits for its response. */
    public AmiMessage action(String action, String... kv) {
        return awaitResponse(sendAction(action, kv));
    }

    public AmiMessage awaitResponse(String actionId) {
        return awaitFrame(m -> m.isResponse() && actionId.equals(m.get("ActionID")), Duration.ofSeconds(10));
    }

    public AmiMessage awaitEvent(Predicate<AmiMessage> p) {
        return awaitFrame(m -> m.isEvent() && p.test(m), Duration.ofSeconds(10));
    }

    public AmiMessage awaitEvent(String name, String key, String value) {
        return awaitEvent(m -> name.equals(m.eventName()) && (key == null || value.equals(m.get(key))));
    }

    public AmiMessage awaitFrame(Predicate<AmiMessage> p, Duration timeout) {
        AmiMessage[] found = new AmiMessage[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(5)).until(() -> {
            for (AmiMessage m : messages()) {
                if (p.test(m)) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Every frame, the reader's protocol errors (an over-long line, too many headers) included. */
    public List<AmiFrame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    public List<AmiMessage> messages() {
        List<AmiMessage> out = new ArrayList<>();
        synchronized (frames) {
            for (AmiFrame f : frames) {
                if (f instanceof AmiMessage m) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    public List<AmiMessage> events() {
        List<AmiMessage> out = new ArrayList<>();
        for (AmiMessage m : messages()) {
            if (m.isEvent()) {
                out.add(m);
            }
        }
        return out;
    }

    /** Number of frames so far, to slice what comes after a point. */
    public int mark() {
        synchronized (frames) {
            return frames.size();
        }
    }

    public List<AmiMessage> eventsSince(int mark) {
        List<AmiMessage> out = new ArrayList<>();
        synchronized (frames) {
            for (AmiFrame f : frames.subList(mark, frames.size())) {
                if (f instanceof AmiMessage m && m.isEvent()) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    public String banner() {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            synchronized (frames) {
                return !frames.isEmpty();
            }
        });
        synchronized (frames) {
            return frames.get(0) instanceof AmiBanner b ? b.text() : null;
        }
    }

    public boolean isClosedByServer() {
        return eof;
    }

    public void awaitClosedByServer() {
        await().atMost(Duration.ofSeconds(10)).until(() -> eof);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // ignore
        }
    }
}
