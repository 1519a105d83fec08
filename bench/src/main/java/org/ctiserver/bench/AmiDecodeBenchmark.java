package org.ctiserver.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.ctiserver.adapter.asterisk.IngestProbe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Netty transport's per-frame CPU cost without a socket: the recorded traces' event frames (the same bytes
 * {@link AmiIngestBenchmark} streams) cut into 64 KiB reads in pooled direct buffers, as the event loop receives
 * them, through the adapter's {@code AmiFrameDecoder} and {@code AmiEventTranslator}. One invocation decodes one
 * copy of the traces; the score is per event frame. The socket read and the writer's share of the 2 cores are
 * what {@link AmiIngestBenchmark} adds on top.
 *
 * <pre>java -jar bench/target/benchmarks.jar AmiDecode -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class AmiDecodeBenchmark {
    private static final int READ = 64 * 1024;
    /** Event frames per copy of the traces in the repository; checked in {@link #setUp}. */
    static final int FRAMES = 3319;

    private final List<ByteBuf> reads = new ArrayList<>();
    private IngestProbe.DecodeLoop loop;

    @Setup
    public void setUp() throws Exception {
        AmiIngestBenchmark trace = AmiIngestBenchmark.load(Path.of(System.getProperty("ami.traces",
                "cti-adapter-asterisk/src/test/resources/ami-traces")));
        if (trace.framesPerBlock() != FRAMES) {
            throw new IllegalStateException("the traces hold " + trace.framesPerBlock() + " event frames, not "
                    + FRAMES + ": update FRAMES");
        }
        byte[] block = trace.block();
        for (int off = 0; off < block.length; off += READ) {
            int n = Math.min(READ, block.length - off);
            ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(n, n);
            b.writeBytes(block, off, n);
            reads.add(b);
        }
        loop = new IngestProbe.DecodeLoop();
    }

    @TearDown
    public void tearDown() {
        if (loop.events() % FRAMES != 0) {
            throw new IllegalStateException(loop.events() + " events decoded: not a whole number of copies");
        }
        reads.forEach(ByteBuf::release);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long decodeAndTranslate() {
        for (ByteBuf b : reads) {
            loop.feed(b.retainedDuplicate()); // the decoder releases what it is fed
        }
        return loop.translated();
    }
}
