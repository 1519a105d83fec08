package org.ctiserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEventListener;
import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.stats.AgentSnapshot;
import org.ctiserver.core.store.InMemoryStateStore;
import org.ctiserver.core.testing.EngineHarness;
import org.ctiserver.core.time.Clock;
import org.ctiserver.core.time.SystemClock;
import org.ctiserver.core.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine on its own thread: queueing, back-pressure, listeners, timers, shutdown. */
class EngineRunnerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<EngineRunner> runners = new ArrayList<>();
    private final List<PbxCommand> pbx = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        runners.forEach(EngineRunner::close);
    }

    private static EngineConfig manyAgents(int n) {
        List<AgentProfile> agents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            agents.add(new AgentProfile(String.format("a%03d", i), "A" + i, Map.of(), Set.of()));
        }
        return EngineHarness.config(List.of(EngineHarness.queue("sales", "", 0, Duration.ofSeconds(10))), agents);
    }

    private EngineRunner runner(EngineConfig config, Clock clock, int capacity) {
        EngineRunner r = new EngineRunner(config, pbx::add, new InMemoryStateStore(), clock, capacity);
        runners.add(r);
        return r;
    }

    private static CommandResult get(CompletionStage<CommandResult> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void commandsFromSeveralThreads_areAllApplied_andListenersSeeConsecutiveSequencesOnTheEngineThread() throws Exception {
        int threads = 4;
        int perThread = 25;
        EngineRunner r = runner(manyAgents(threads * perThread), SystemClock.INSTANCE, EngineRunner.DEFAULT_CAPACITY);
        List<Long> sequences = new CopyOnWriteArrayList<>();
        Set<String> listenerThreads = ConcurrentHashMap.newKeySet();
        r.addListener(e -> {
            sequences.add(e.sequence());
            listenerThreads.add(Thread.currentThread().getName());
        });
        r.start();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<CommandResult>>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            work.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    List<CommandResult> results = new ArrayList<>();
                    for (int i = base; i < base + perThread; i++) {
                        String id = String.format("a%03d", i);
                        results.add(get(r.submit(new AgentCommand.Login(id, "ext" + i))));
                        results.add(get(r.submit(new AgentCommand.Ready(id))));
                    }
                    return results;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        go.countDown();
        for (CompletableFuture<List<CommandResult>> w : work) {
            assertThat(w.get(10, TimeUnit.SECONDS)).allMatch(CommandResult::isOk);
        }
        pool.shutdown();

        int expectedEvents = threads * perThread * 2;
        await().atMost(WAIT).until(() -> sequences.size() == expectedEvents);
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(i + 1L);
        }
        assertThat(listenerThreads).containsExactly("cti-engine");
        await().atMost(WAIT).untilAsserted(() -> assertThat(r.stats().agents())
                .hasSize(threads * perThread)
                .allMatch(a -> a.state() == AgentState.READY));
        assertThat(r.stats().queues().get(0).agentsReady()).isEqualTo(threads * perThread);
    }

    @Test
    void offer_returnsFalse_andSubmitAnswersOverloaded_whenTheQueueIsFull() throws Exception {
        EngineRunner r = runner(manyAgents(2), SystemClock.INSTANCE, 2);

        // not started yet: nothing drains the queue
        assertThat(r.offer(new PbxEvent.LinkUp("22"))).isTrue();
        assertThat(r.offer(new PbxEvent.LinkUp("22"))).isTrue();
        assertThat(r.offer(new PbxEvent.LinkUp("22"))).isFalse();
        CommandResult overloaded = get(r.submit(new AgentCommand.Login("a000", "1")));

        assertThat(overloaded.error()).isEqualTo(ErrorCode.ENGINE_OVERLOADED);
        assertThat(r.droppedEventCount()).isEqualTo(1);
        assertThat(r.backlog()).isEqualTo(2);

        r.start();
        await().atMost(WAIT).until(() -> r.backlog() == 0);
        assertThat(get(r.submit(new AgentCommand.Login("a000", "1"))).isOk()).isTrue();
    }

    @Test
    void processedInputCount_countsEventsAndCommands_acceptedOrNot_butNotTicks() throws Exception {
        EngineRunner r = runner(manyAgents(1), SystemClock.INSTANCE, 16);
        assertThat(r.offer(new PbxEvent.LinkUp("22"))).isTrue();
        assertThat(r.offer(new PbxEvent.ChannelHungUp("nobody", "nobody", "Local/9@callers;1", 16, ""))).isTrue();
        assertThat(r.processedInputCount()).isZero();

        r.start();
        assertThat(get(r.submit(new AgentCommand.Login("a000", "1"))).isOk()).isTrue();
        assertThat(get(r.submit(new AgentCommand.Ready("no-such-agent"))).isOk()).isFalse();
        await().atMost(WAIT).until(() -> r.processedInputCount() >= 4);
        assertThat(r.processedInputCount()).isEqualTo(4);

        // ticks asked for run before the next command (one queue, in order), and are not counted
        assertThat(r.tickNow()).isTrue();
        assertThat(r.tickNow()).isTrue();
        assertThat(get(r.submit(new AgentCommand.Ready("a000"))).isOk()).isTrue();
        await().atMost(WAIT).until(() -> r.processedInputCount() >= 5);
        assertThat(r.processedInputCount()).isEqualTo(5);
    }

    @Test
    void afterClose_commandsAnswerStopped_andEventsAreRefused() throws Exception {
        EngineRunner r = runner(manyAgents(1), SystemClock.INSTANCE, 16).start();
        assertThat(get(r.submit(new AgentCommand.Login("a000", "1"))).isOk()).isTrue();

        r.close();

        assertThat(r.isRunning()).isFalse();
        assertThat(get(r.submit(new AgentCommand.Ready("a000"))).error()).isEqualTo(ErrorCode.ENGINE_STOPPED);
        assertThat(r.offer(new PbxEvent.LinkUp("22"))).isFalse();
        r.close();
    }

    @Test
    void close_beforeStart_rejectsQueuedCommands() throws Exception {
        EngineRunner r = runner(manyAgents(1), SystemClock.INSTANCE, 16);
        var pending = r.submit(new AgentCommand.Login("a000", "1"));

        r.close();

        assertThat(get(pending).error()).isEqualTo(ErrorCode.ENGINE_STOPPED);
    }

    @Test
    void aThrowingListener_doesNotStopTheEngineNorTheOtherListeners() throws Exception {
        EngineRunner r = runner(manyAgents(1), SystemClock.INSTANCE, 16);
        List<CtiEvent> seen = new CopyOnWriteArrayList<>();
        r.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        r.addListener(seen::add);
        r.start();

        assertThat(get(r.submit(new AgentCommand.Login("a000", "1"))).isOk()).isTrue();
        assertThat(get(r.submit(new AgentCommand.Ready("a000"))).isOk()).isTrue();

        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(r.isRunning()).isTrue();
    }

    @Test
    void removedListener_getsNothingMore() throws Exception {
        EngineRunner r = runner(manyAgents(1), SystemClock.INSTANCE, 16);
        List<CtiEvent> seen = new CopyOnWriteArrayList<>();
        CtiEventListener listener = seen::add;
        r.addListener(listener);
        r.start();
        get(r.submit(new AgentCommand.Login("a000", "1")));
        r.removeListener(listener);
        get(r.submit(new AgentCommand.Ready("a000")));

        assertThat(seen).hasSize(1);
    }

    @Test
    void timersRunOnTheClockPort_aVirtualRingTimeoutRonasTheAgent() throws Exception {
        VirtualClock clock = new VirtualClock(EngineHarness.ORIGIN_EPOCH_MS);
        EngineRunner r = runner(manyAgents(1), clock, 64).start();
        get(r.submit(new AgentCommand.Login("a000", "1")));
        get(r.submit(new AgentCommand.Ready("a000")));
        assertThat(r.offer(new PbxEvent.CallWaiting("c1", "ch1", "sales", "555", "n", "4000", "", Map.of()))).isTrue();
        await().atMost(WAIT).until(() -> pbx.size() == 1);

        clock.advance(15, TimeUnit.SECONDS);
        assertThat(r.tickNow()).isTrue();

        await().atMost(WAIT).untilAsserted(() -> {
            AgentSnapshot a = r.stats().agents().get(0);
            assertThat(a.state()).isEqualTo(AgentState.NOT_READY);
            assertThat(a.reason()).isEqualTo(Engine.RONA_REASON);
        });
        assertThat(r.stats().queues().get(0).waiting()).isEqualTo(1);
    }

    @Test
    void stats_arePublished_andConfigIsExposed() throws Exception {
        EngineConfig config = manyAgents(2);
        EngineRunner r = runner(config, SystemClock.INSTANCE, 64);
        assertThat(r.stats().agents()).isEmpty();
        r.start();
        assertThat(r.stats().agents()).hasSize(2);
        assertThat(r.config()).isSameAs(config);

        get(r.submit(new AgentCommand.Login("a001", "1")));

        await().atMost(WAIT).untilAsserted(() -> assertThat(r.stats().queues().get(0).agentsLoggedIn()).isEqualTo(1));
        assertThat(r.stats().sequence()).isEqualTo(1);
    }
}
