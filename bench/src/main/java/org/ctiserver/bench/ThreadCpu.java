package org.ctiserver.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, grouped by name without the trailing number ({@code vert.x-eventloop-thread-3} →
 * {@code vert.x-eventloop-thread}), since the previous call. Threads that ended in between are not counted; GC
 * threads are not Java threads and are not counted either.
 */
final class ThreadCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> last = new HashMap<>();
    private long lastWallNs = System.nanoTime();

    ThreadCpu() {
        since();
    }

    /** Group → CPU ns since the previous call, largest first; the key {@code ""} holds the wall time in ns. */
    synchronized Map<String, Long> since() {
        Map<Long, Long> now = new HashMap<>();
        Map<String, Long> byGroup = new TreeMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = threads.getThreadCpuTime(t.getThreadId());
            if (ns < 0) {
                continue;
            }
            now.put(t.getThreadId(), ns);
            long delta = ns - last.getOrDefault(t.getThreadId(), 0L);
            byGroup.merge(t.getThreadName().replaceAll("[-#]?\\d+$", ""), delta, Long::sum);
        }
        long wall = System.nanoTime() - lastWallNs;
        last = now;
        lastWallNs = System.nanoTime();
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("", wall);
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** {@code CPU over N s wall, by thread: name x.x s; ...} for the {@code top} largest groups. */
    static String format(Map<String, Long> cpu, int top) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "CPU over %.0f s wall, by thread:",
                cpu.getOrDefault("", 0L) / 1e9));
        cpu.entrySet().stream().filter(e -> !e.getKey().isEmpty()).limit(top)
                .forEach(e -> sb.append(String.format(Locale.ROOT, " %s %.2f s;", e.getKey(), e.getValue() / 1e9)));
        return sb.toString();
    }
}
