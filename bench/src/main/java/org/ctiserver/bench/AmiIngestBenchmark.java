package org.ctiserver.bench;

import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.ctiserver.adapter.asterisk.IngestProbe;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * AMI ingest: a loopback TCP server that speaks just enough AMI (banner, Challenge, Login, CoreSettings) and then
 * writes the event frames of the recorded traces, over and over, as fast as the socket takes them; three readers
 * in the same run, one after the other, each for {@code --rounds} rounds:
 * <ul>
 *   <li>{@code plain}: a socket and a byte loop counting frames (blank lines) — the ceiling;</li>
 *   <li>{@code asterisk-java}: Asterisk-Java's stock {@code ManagerConnection} with one listener counting events —
 *       the baseline; a calibration run with one copy of the traces first gives the events it delivers per copy,
 *       so that events lost in its queue show;</li>
 *   <li>{@code netty}: the adapter's {@code NettyAmiTransport}, every event through {@code AmiEventTranslator}.</li>
 * </ul>
 * Rate = event frames written by the server / (time the reader counted its last event − time the server started
 * the stream). The server also reports its longest single blocked write of 64 KiB: Asterisk drops a session whose
 * writes block longer than {@code writetimeout} (100 ms by default).
 *
 * <pre>java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar org.ctiserver.bench.AmiIngestBenchmark \
 *      [--events 1000000] [--warmup 1] [--rounds 3] [--traces cti-adapter-asterisk/src/test/resources/ami-traces]</pre>
 */
public final class AmiIngestBenchmark {
    private static final int CHUNK = 64 * 1024;

    private final byte[] block;
    private final int framesPerBlock;

    private AmiIngestBenchmark(byte[] block, int framesPerBlock) {
        this.block = block;
        this.framesPerBlock = framesPerBlock;
    }

    /** The event frames of one copy of the traces, CRLF, as streamed. */
    byte[] block() {
        return block.clone();
    }

    int framesPerBlock() {
        return framesPerBlock;
    }

    public static void main(String[] args) throws Exception {
        long events = 1_000_000;
        int rounds = 3;
        int warmup = 1;
        Path traces = Path.of("cti-adapter-asterisk/src/test/resources/ami-traces");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--traces" -> traces = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        AmiIngestBenchmark bench = load(traces);
        long copies = Math.max(1, (events + bench.framesPerBlock - 1) / bench.framesPerBlock);
        long frames = copies * bench.framesPerBlock;
        System.out.printf(Locale.ROOT, "traces: %s, %d event frames per copy (%d bytes, %.0f bytes/frame), %d copies"
                        + " = %,d event frames per run; %d cores; %s%n", traces, bench.framesPerBlock,
                bench.block.length, (double) bench.block.length / bench.framesPerBlock, copies, frames,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"));

        long ajPerCopy = bench.asteriskJavaCalibration();
        System.out.printf(Locale.ROOT, "asterisk-java delivers %d of the %d event frames of one copy as events "
                + "(the others have no event class)%n", ajPerCopy, bench.framesPerBlock);

        Map<String, List<Result>> results = new HashMap<>();
        for (int r = 1 - warmup; r <= rounds; r++) { // rounds <= 0 warm the JIT up and are not counted
            for (String reader : List.of("plain", "asterisk-java", "netty")) {
                Result res = switch (reader) {
                    case "plain" -> bench.plain(copies);
                    case "asterisk-java" -> bench.asteriskJava(copies, ajPerCopy * copies);
                    default -> bench.netty(copies);
                };
                if (r > 0) {
                    results.computeIfAbsent(reader, k -> new ArrayList<>()).add(res);
                }
                System.out.printf(Locale.ROOT, (r > 0 ? "round %d " : "warm-up %d ") + "%-13s %,12.0f event frames/s  received %,d of %,d expected"
                                + " (lost %,d)%s  max server write stall %d ms%n", r, reader, res.rate(), res.received,
                        res.expected, res.expected - res.received, res.note, res.maxStallMs);
                System.gc();
                Thread.sleep(500);
            }
        }
        double plain = median(results.get("plain"));
        double aj = median(results.get("asterisk-java"));
        double netty = median(results.get("netty"));
        long nettyLost = results.get("netty").stream().mapToLong(x -> x.expected - x.received).sum();
        long ajLost = results.get("asterisk-java").stream().mapToLong(x -> x.expected - x.received).sum();
        System.out.printf(Locale.ROOT, "%nmedian event frames/s: plain %,.0f | asterisk-java %,.0f | netty %,.0f%n",
                plain, aj, netty);
        System.out.printf(Locale.ROOT, "netty / asterisk-java = %.1fx (goal >= 5x); netty / plain = %.2f (goal >= 0.5);"
                + " lost: netty %,d (goal 0), asterisk-java %,d%n", netty / aj, netty / plain, nettyLost, ajLost);
        System.out.printf(Locale.ROOT, "verdict: %s%n",
                netty >= 5 * aj && netty >= plain / 2 && nettyLost == 0 ? "GOALS MET" : "GOALS NOT MET");
        System.exit(0);
    }

    private static double median(List<Result> rs) {
        double[] v = rs.stream().mapToDouble(Result::rate).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    record Result(long frames, long received, long expected, long nanos, long maxStallMs, String note) {
        double rate() {
            return frames * 1e9 / nanos;
        }
    }

    // ---- the trace ---------------------------------------------------------------------------------------

    /** The event frames of every trace (client lines and responses left out), CRLF, in file order. */
    static AmiIngestBenchmark load(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".ami")).sorted().toList();
        }
        for (Path p : files) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            StringBuilder frame = new StringBuilder();
            for (String line : text.split("\r\n|\n", -1)) {
                if (line.startsWith(">>> ")) {
                    continue;
                }
                if (line.isEmpty()) {
                    if (frame.length() > 0 && frame.indexOf("Event:") == 0) {
                        out.writeBytes(frame.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
                        frames++;
                    }
                    frame.setLength(0);
                } else if (line.indexOf(':') > 0) {
                    frame.append(line).append("\r\n");
                }
            }
        }
        if (frames == 0) {
            throw new IllegalArgumentException("no event frames in " + dir.toAbsolutePath());
        }
        return new AmiIngestBenchmark(out.toByteArray(), frames);
    }

    // ---- the server ----------------------------------------------------------------------------------------

    /** One connection's server: answers the login, then streams {@code copies} copies once CoreSettings came. */
    private final class Server implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        final long copies;
        volatile long streamStartNanos;
        volatile long maxStallNanos;
        volatile boolean streamDone;

        Server(long copies) throws IOException {
            this.copies = copies;
            Thread t = new Thread(this::serve, "ami-bench-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            try (Socket s = socket.accept()) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                write(out, "Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.US_ASCII), 0, 30);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                Map<String, String> action = new HashMap<>();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isEmpty()) {
                        int colon = line.indexOf(':');
                        if (colon > 0) {
                            action.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                    line.substring(colon + 1).trim());
                        }
                        continue;
                    }
                    if (action.isEmpty()) {
                        continue;
                    }
                    String name = action.getOrDefault("action", "").toLowerCase(Locale.ROOT);
                    String id = action.containsKey("actionid") ? "ActionID: " + action.get("actionid") + "\r\n" : "";
                    String answer = switch (name) {
                        case "challenge" -> "Response: Success\r\n" + id + "Challenge: 858374775\r\n\r\n";
                        case "login" -> "Response: Success\r\n" + id + "Message: Authentication accepted\r\n\r\n";
                        case "coresettings" -> "Response: Success\r\n" + id + "AMIversion: 11.0.0\r\n"
                                + "AsteriskVersion: 22.11.0-rc1\r\nSystemName: \r\n\r\n";
                        case "logoff" -> "Response: Goodbye\r\n" + id + "Message: Thanks for all the fish.\r\n\r\n";
                        default -> "Response: Success\r\n" + id + "\r\n";
                    };
                    byte[] a = answer.getBytes(StandardCharsets.UTF_8);
                    write(out, a, 0, a.length);
                    action.clear();
                    if (name.equals("coresettings") && streamStartNanos == 0) {
                        Thread w = new Thread(() -> stream(out), "ami-bench-stream");
                        w.setDaemon(true);
                        w.start();
                    }
                    if (name.equals("logoff")) {
                        return;
                    }
                }
            } catch (IOException closed) {
                // the reader went away
            }
        }

        private void stream(OutputStream out) {
            streamStartNanos = System.nanoTime();
            try {
                for (long c = 0; c < copies; c++) {
                    for (int off = 0; off < block.length; off += CHUNK) {
                        int n = Math.min(CHUNK, block.length - off);
                        long t0 = System.nanoTime();
                        write(out, block, off, n);
                        long d = System.nanoTime() - t0;
                        if (d > maxStallNanos) {
                            maxStallNanos = d;
                        }
                    }
                }
            } catch (IOException closed) {
                // the reader went away
            }
            streamDone = true;
        }

        private synchronized void write(OutputStream out, byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Waits until {@code count} reaches {@code expected}, or stops moving for 3 s; returns the nanoTime of the last
     * movement (or {@code exactAt} when the reader recorded it).
     */
    private static long awaitCount(LongSupplier count, long expected, LongSupplier exactAt) throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long n = count.getAsLong();
            long now = System.nanoTime();
            if (n >= expected) {
                long exact = exactAt.getAsLong();
                return exact != 0 ? exact : now;
            }
            if (n != last) {
                last = n;
                lastChange = now;
            } else if (now - lastChange > 3_000_000_000L) {
                return lastChange;
            }
            Thread.sleep(1);
        }
    }

    // ---- the readers -------------------------------------------------------------------------------------------

    private Result plain(long copies) throws Exception {
        long expected = copies * framesPerBlock;
        try (Server server = new Server(copies); Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            AtomicLong frames = new AtomicLong();
            AtomicLong doneAt = new AtomicLong();
            OutputStream out = s.getOutputStream();
            out.write(("Action: Login\r\nActionID: 1\r\nUsername: bench\r\nSecret: bench\r\n\r\n"
                    + "Action: CoreSettings\r\nActionID: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread reader = new Thread(() -> {
                long target = expected + 2; // + the two responses
                byte[] buf = new byte[CHUNK];
                int lineLen = 0;
                long n = 0;
                try {
                    InputStream in = s.getInputStream();
                    for (int r = in.read(buf); r > 0; r = in.read(buf)) {
                        for (int i = 0; i < r; i++) {
                            byte b = buf[i];
                            if (b == '\n') {
                                if (lineLen == 0) {
                                    n++;
                                }
                                lineLen = 0;
                            } else if (b != '\r') {
                                lineLen++;
                            }
                        }
                        frames.lazySet(n);
                        if (n >= target) {
                            doneAt.set(System.nanoTime());
                            return;
                        }
                    }
                } catch (IOException closed) {
                    // end
                }
            }, "plain-reader");
            reader.start();
            long end = awaitCount(() -> frames.get() - 2, expected, doneAt::get);
            long received = Math.max(0, frames.get() - 2);
            return new Result(expected, received, expected, end - server.streamStartNanos,
                    server.maxStallNanos / 1_000_000, "");
        }
    }

    private long asteriskJavaCalibration() throws Exception {
        try (Server server = new Server(1)) {
            AtomicLong n = new AtomicLong();
            ManagerConnection c = asteriskJava(server.port(), n, Long.MAX_VALUE, new AtomicLong());
            awaitCount(n::get, Long.MAX_VALUE, () -> 0);
            c.logoff();
            return n.get();
        }
    }

    private static ManagerConnection asteriskJava(int port, AtomicLong count, long target, AtomicLong doneAt)
            throws Exception {
        ManagerConnection c = new ManagerConnectionFactory("127.0.0.1", port, "bench", "bench").createManagerConnection();
        c.setSocketTimeout(5_000);
        if (c instanceof ManagerConnectionImpl impl) {
            impl.setDefaultResponseTimeout(5_000);
        }
        c.addEventListener(event -> {
            if (event instanceof ConnectEvent || event instanceof DisconnectEvent) {
                return;
            }
            long v = count.incrementAndGet();
            if (v == target) {
                doneAt.set(System.nanoTime());
            }
        });
        c.login();
        return c;
    }

    private Result asteriskJava(long copies, long expected) throws Exception {
        try (Server server = new Server(copies)) {
            AtomicLong n = new AtomicLong();
            AtomicLong doneAt = new AtomicLong();
            ManagerConnection c = asteriskJava(server.port(), n, expected, doneAt);
            long end = awaitCount(n::get, expected, doneAt::get);
            long received = n.get();
            try {
                c.logoff();
            } catch (RuntimeException ignored) {
                // already gone
            }
            return new Result(copies * framesPerBlock, received, expected, end - server.streamStartNanos,
                    server.maxStallNanos / 1_000_000, "");
        }
    }

    private Result netty(long copies) throws Exception {
        long expected = copies * framesPerBlock;
        try (Server server = new Server(copies);
             IngestProbe probe = IngestProbe.netty("127.0.0.1", server.port(), "bench", "bench", expected)) {
            long end = awaitCount(probe.events::get, expected, () -> probe.reachedAtNanos);
            long translated = probe.translated.get();
            return new Result(expected, probe.events.get(), expected, end - server.streamStartNanos,
                    server.maxStallNanos / 1_000_000, String.format(Locale.ROOT, ", translated %,d, decode errors %s",
                    translated, probe.decodeErrors().values().stream().mapToLong(Long::longValue).sum()));
        }
    }
}
