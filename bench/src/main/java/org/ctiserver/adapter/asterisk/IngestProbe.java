package org.ctiserver.adapter.asterisk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bench-only door into the adapter's package-private Netty transport: the real {@link NettyAmiTransport} (codec,
 * login, ActionID matching) with a listener that runs {@link AmiEventTranslator} on every event, as the adapter's
 * session does, and counts. Lives in the bench module, never in production code.
 */
public final class IngestProbe implements AutoCloseable {
    private final NettyAmiTransport transport;
    /** Events handed to the listener / events the translator turned into a PbxEvent; written on the event loop. */
    public final AtomicLong events = new AtomicLong();
    public final AtomicLong translated = new AtomicLong();
    /** Target count of {@link #events} and when it was reached ({@code System.nanoTime}), 0 before. */
    public volatile long target = Long.MAX_VALUE;
    public volatile long reachedAtNanos;

    private IngestProbe(NettyAmiTransport transport) {
        this.transport = transport;
    }

    public static IngestProbe netty(String host, int port, String user, String secret, long target) throws IOException {
        NettyAmiTransport t = new NettyAmiTransport(AmiSettings.of(host, port, user, secret)
                .withTransport(AmiSettings.Transport.NETTY));
        IngestProbe probe = new IngestProbe(t);
        probe.target = target;
        t.open(new AmiTransport.Listener() {
            @Override
            public void onEvent(String name, Map<String, String> fields) {
                if (AmiEventTranslator.translate(name, fields).isPresent()) {
                    probe.translated.lazySet(probe.translated.get() + 1);
                }
                long n = probe.events.get() + 1;
                probe.events.lazySet(n); // single writer: the event loop
                if (n == probe.target) {
                    probe.reachedAtNanos = System.nanoTime();
                }
            }

            @Override
            public void onDisconnected(String reason) {
            }
        });
        return probe;
    }

    /**
     * The transport's codec and the adapter's translator without a socket: {@link #feed} decodes one read's bytes
     * (taking ownership of the buffer, as the channel does) and translates every event, on the calling thread.
     */
    public static final class DecodeLoop implements AmiFrameDecoder.Sink {
        private final AmiFrameDecoder decoder = new AmiFrameDecoder(this, new AmiInputStats());
        private final AmiFields.NameCache names = new AmiFields.NameCache();
        private long events;
        private long translated;

        public DecodeLoop() {
            decoder.feed(null, Unpooled.copiedBuffer("Asterisk Call Manager/11.0.0\r\n", StandardCharsets.US_ASCII));
        }

        public void feed(ByteBuf read) {
            decoder.feed(null, read);
        }

        public long events() {
            return events;
        }

        public long translated() {
            return translated;
        }

        @Override
        public void banner(String line) {
        }

        @Override
        public void frame(AmiFields f) {
            events++;
            if (f.keyIs(0, "Event") && AmiEventTranslator.translate(f.value(0, names), f).isPresent()) {
                translated++;
            }
        }
    }

    /** Decoding errors counted by the transport's decoder, by kind. */
    public Map<?, Long> decodeErrors() {
        return transport.decodeErrors();
    }

    @Override
    public void close() {
        transport.close();
    }
}
