package org.ctiserver.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.customer.Customer;
import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEventListener;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEventSink;
import org.ctiserver.core.pbx.PbxPort;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.queue.QueueRules;
import org.ctiserver.core.routing.AgentSelector;
import org.ctiserver.core.routing.AgentSelectors;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.stats.QueueActionCounts;
import org.ctiserver.core.stats.StatsSnapshot;
import org.ctiserver.core.store.StateStore;
import org.ctiserver.core.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Engine} on one dedicated thread ("cti-engine"): the single writer. Every other thread hands
 * it inputs through one bounded queue: PBX events ({@link #offer}, never blocks), agent commands
 * ({@link #submit}) and ticks: the engine thread ticks itself about every 100 ms of real time (and on
 * {@link #tickNow()}) to fire timers and publish statistics; the engine's time always comes from the
 * {@link Clock}, so on a {@link org.ctiserver.core.time.VirtualClock} timers follow the virtual time. Listeners are called on the engine thread in event order.
 *
 * <p>Life cycle: construct, {@link #addListener add listeners}, {@link #start()}, {@link #close()}.
 * Inputs offered before {@code start()} wait in the queue.
 */
public final class EngineRunner implements CtiService, PbxEventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineRunner.class);

    public static final int DEFAULT_CAPACITY = 65_536;
    public static final Duration TICK_INTERVAL = Duration.ofMillis(100);
    private static final long TICK_NS = TICK_INTERVAL.toNanos();

    private sealed interface Input {
    }

    private record PbxInput(PbxEvent event) implements Input {
    }

    private record CommandInput(AgentCommand command, CompletableFuture<CommandResult> result) implements Input {
    }

    private record SupervisorInput(SupervisorCommand command, CompletableFuture<CommandResult> result)
            implements Input {
    }

    private record CustomerInput(String callId, Customer customer) implements Input {
    }

    private record TickInput() implements Input {
    }

    private record Stop() implements Input {
    }

    private final EngineConfig config;
    private final Clock clock;
    private final Engine engine;
    private final BlockingQueue<Input> inputs;
    private final List<CtiEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final AtomicLong droppedEvents = new AtomicLong();
    /** Listener classes already reported as failing (engine thread only). */
    private final Set<Class<?>> failedListenerClasses = new HashSet<>();
    private final CustomerLookup customers;
    private final Executor lookupExecutor;
    private final AtomicLong failedLookups = new AtomicLong();
    /** Inputs processed: written by the engine thread only (lazySet), read by any thread. */
    private final AtomicLong processedInputs = new AtomicLong();
    /** The engine thread's own copy of {@link #processedInputs}, so counting needs no atomic read-modify-write. */
    private long processed;

    private volatile StatsSnapshot stats = StatsSnapshot.EMPTY;
    private volatile List<QueueActionCounts> actionCounts = List.of();
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private long lastPublishNs;
    private long lastPublishedSequence = -1;

    public EngineRunner(EngineConfig config, PbxPort pbx, StateStore store, Clock clock) {
        this(config, pbx, store, clock, DEFAULT_CAPACITY, AgentSelectors.createDefault());
    }

    public EngineRunner(EngineConfig config, PbxPort pbx, StateStore store, Clock clock, int capacity) {
        this(config, pbx, store, clock, capacity, AgentSelectors.createDefault());
    }

    /**
     * @param capacity how many inputs may wait for the engine; beyond that {@link #offer} returns false and
     *                 {@link #submit} answers {@link ErrorCode#ENGINE_OVERLOADED}
     */
    public EngineRunner(EngineConfig config, PbxPort pbx, StateStore store, Clock clock, int capacity,
                        AgentSelector selector) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.engine = new Engine(config, pbx, store, this::dispatch, selector);
        this.customers = null;
        this.lookupExecutor = null;
        this.inputs = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "cti-engine");
        this.thread.setDaemon(true);
    }

    /**
     * With routing rules and a customer directory. A new call goes to the engine at once (it is never held
     * back by a slow directory); {@code customers} is asked on {@code lookupExecutor} (by the call's
     * {@code CustomerId} data, else its caller number) and the answer comes back to the engine as an input
     * that raises the call's priority by its tier's bonus. The lookup may block; the executor should be
     * bounded (a full one skips the lookup: the call keeps the normal tier).
     */
    public EngineRunner(EngineConfig config, RoutingConfig routing, PbxPort pbx, StateStore store, Clock clock,
                        int capacity, CustomerLookup customers, Executor lookupExecutor) {
        this(config, routing, List.of(), pbx, store, clock, capacity, customers, lookupExecutor);
    }

    /** As the routing constructor, plus per-queue overflow rules and opening hours. */
    public EngineRunner(EngineConfig config, RoutingConfig routing, List<QueueRules> queueRules, PbxPort pbx,
                        StateStore store, Clock clock, int capacity, CustomerLookup customers, Executor lookupExecutor) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.engine = new Engine(config, Objects.requireNonNull(routing, "routing"), queueRules, pbx, store, this::dispatch);
        this.inputs = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "cti-engine");
        this.thread.setDaemon(true);
        this.customers = Objects.requireNonNull(customers, "customers");
        this.lookupExecutor = Objects.requireNonNull(lookupExecutor, "lookupExecutor");
    }

    /** Starts the engine thread (once; later calls do nothing). */
    public synchronized EngineRunner start() {
        if (!started && !stopping) {
            // taken before the thread starts, so no other thread touches the engine yet
            takeSnapshots();
            started = true;
            thread.start();
        }
        return this;
    }

    // ------------------------------------------------------------------ inputs (any thread)

    @Override
    public boolean offer(PbxEvent event) {
        Objects.requireNonNull(event, "event");
        if (stopping) {
            return false;
        }
        boolean accepted = inputs.offer(new PbxInput(event));
        if (!accepted) {
            droppedEvents.incrementAndGet();
        } else if (customers != null && event instanceof PbxEvent.CallWaiting w) {
            lookUp(w);
        }
        return accepted;
    }

    @Override
    public CompletionStage<CommandResult> submit(AgentCommand command) {
        Objects.requireNonNull(command, "command");
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        return enqueue(new CommandInput(command, result), result);
    }

    @Override
    public CompletionStage<CommandResult> submit(SupervisorCommand command) {
        Objects.requireNonNull(command, "command");
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        return enqueue(new SupervisorInput(command, result), result);
    }

    private CompletionStage<CommandResult> enqueue(Input input, CompletableFuture<CommandResult> result) {
        if (stopping) {
            return CompletableFuture.completedFuture(stoppedResult());
        }
        if (!inputs.offer(input)) {
            return CompletableFuture.completedFuture(CommandResult.error(ErrorCode.ENGINE_OVERLOADED,
                    "the engine's input queue is full (" + (inputs.size() + inputs.remainingCapacity()) + ")"));
        }
        if (stopped) {
            // the engine thread may have drained the queue before our command got in
            rejectRemaining();
        }
        return result;
    }

    @Override
    public void addListener(CtiEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(CtiEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public StatsSnapshot stats() {
        return stats;
    }

    /**
     * The queues' overflow and closed diversions and callbacks, in configuration order, as of the last published
     * statistics (published with {@link #stats()}).
     */
    public List<QueueActionCounts> actionCounts() {
        return actionCounts;
    }

    @Override
    public EngineConfig config() {
        return config;
    }

    /**
     * Asks for a tick now (timers, statistics) instead of at the next 100 ms mark: for simulations that
     * move a virtual clock and want its timers to fire at once. False when the queue is full or stopped.
     */
    public boolean tickNow() {
        return !stopping && inputs.offer(new TickInput());
    }

    private void lookUp(PbxEvent.CallWaiting w) {
        String id = w.data().get(CustomerLookup.CUSTOMER_ID_KEY);
        String key = id != null && !id.isBlank() ? id : w.callerNumber();
        if (key == null || key.isBlank() || w.data().containsKey(CustomerLookup.CUSTOMER_TIER_KEY)) {
            return;
        }
        try {
            lookupExecutor.execute(() -> {
                try {
                    customers.find(key).ifPresent(c -> {
                        if (!stopping) {
                            inputs.offer(new CustomerInput(w.callId(), c));
                        }
                    });
                } catch (RuntimeException e) {
                    failedLookups.incrementAndGet();
                    log.warn("customer lookup for call {} failed: {}", w.callId(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            failedLookups.incrementAndGet();
        }
    }

    /** Customer look-ups that failed or were refused by the executor, since start. */
    public long failedLookupCount() {
        return failedLookups.get();
    }

    /** PBX events refused because the queue was full, since start. */
    public long droppedEventCount() {
        return droppedEvents.get();
    }

    /**
     * Inputs the engine thread has processed since start: PBX events, agent and supervisor commands and customer
     * answers, whether the engine accepted them or not (its own ticks are not inputs). Any thread; a scrape may lag
     * the engine thread by a few inputs.
     */
    public long processedInputCount() {
        return processedInputs.get();
    }

    /** Inputs waiting for the engine now. */
    public int backlog() {
        return inputs.size();
    }

    public boolean isRunning() {
        return started && !stopped;
    }

    /**
     * Stops the engine: inputs already queued are processed, new ones refused (commands answer
     * {@link ErrorCode#ENGINE_STOPPED}). Waits up to 5 s for the thread.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        // if the queue is full the marker does not fit; the loop also watches the flag
        inputs.offer(new Stop());
        if (started && Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("engine thread did not stop within 5 s");
            }
        }
        if (!started) {
            stopped = true;
            rejectRemaining();
        }
    }

    // ------------------------------------------------------------------ engine thread

    private void run() {
        long nextTick = System.nanoTime() + TICK_NS;
        try {
            while (true) {
                // the tick cadence follows real time; the engine's own time always comes from the clock
                long waitNs = nextTick - System.nanoTime();
                Input in = waitNs > 0 ? inputs.poll(waitNs, TimeUnit.NANOSECONDS) : inputs.poll();
                if (in instanceof Stop || (in == null && stopping)) {
                    break;
                }
                if (in instanceof TickInput) {
                    tick();
                } else if (in != null) {
                    handle(in);
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    tick();
                    nextTick = Math.max(nextTick + TICK_NS, now);
                }
            }
        } catch (InterruptedException e) {
            log.warn("engine thread interrupted: stopping");
        } finally {
            stopped = true;
            rejectRemaining();
            publishStats();
            log.info("engine stopped at sequence {}", engine.lastSequence());
        }
    }

    private void handle(Input in) {
        try {
            if (in instanceof PbxInput p) {
                engine.onPbxEvent(p.event(), clock.nowNs(), clock.epochMillis());
            } else if (in instanceof CustomerInput c) {
                engine.onCustomerIdentified(c.callId(), c.customer(), clock.nowNs(), clock.epochMillis());
            } else if (in instanceof CommandInput c) {
                CommandResult r;
                try {
                    r = engine.onCommand(c.command(), clock.nowNs(), clock.epochMillis());
                } catch (RuntimeException e) {
                    c.result().completeExceptionally(e);
                    throw e;
                }
                c.result().complete(r);
            } else if (in instanceof SupervisorInput c) {
                CommandResult r;
                try {
                    r = engine.onSupervisorCommand(c.command(), clock.nowNs(), clock.epochMillis());
                } catch (RuntimeException e) {
                    c.result().completeExceptionally(e);
                    throw e;
                }
                c.result().complete(r);
            }
        } catch (RuntimeException e) {
            // a bug in the engine: log it and keep serving the others
            log.error("engine failed on {}", in, e);
        }
        // single writer: an ordered store is enough for readers on other threads
        processedInputs.lazySet(++processed);
    }

    private void tick() {
        try {
            engine.onTick(clock.nowNs(), clock.epochMillis());
        } catch (RuntimeException e) {
            log.error("engine failed on tick", e);
        }
        long now = clock.nowNs();
        // publish when something changed, and at least every statsInterval (waits keep growing)
        if (engine.lastSequence() != lastPublishedSequence || now - lastPublishNs >= config.statsInterval().toNanos()) {
            publishStats();
        }
    }

    private void publishStats() {
        try {
            takeSnapshots();
        } catch (RuntimeException e) {
            log.error("statistics snapshot failed", e);
        }
    }

    /** On the engine thread (or before it starts): the statistics and action counts other threads read. */
    private void takeSnapshots() {
        stats = engine.snapshot(clock.epochMillis());
        List<QueueActionCounts> counts = new ArrayList<>(config.queues().size());
        for (QueueConfig q : config.queues()) {
            counts.add(engine.actionCounts(q.id()));
        }
        actionCounts = List.copyOf(counts);
        lastPublishNs = clock.nowNs();
        lastPublishedSequence = engine.lastSequence();
    }

    /** The engine's sink: fans out to the listeners; one failing listener does not stop the others. */
    private void dispatch(CtiEvent event) {
        for (CtiEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                if (failedListenerClasses.add(l.getClass())) {
                    log.error("listener {} failed on {} (further failures of this class are logged at debug)",
                            l.getClass().getName(), event, e);
                } else {
                    log.debug("listener {} failed on {}", l.getClass().getName(), event, e);
                }
            }
        }
    }

    private void rejectRemaining() {
        int dropped = 0;
        for (Input in = inputs.poll(); in != null; in = inputs.poll()) {
            if (in instanceof CommandInput c) {
                c.result().complete(stoppedResult());
            } else if (in instanceof SupervisorInput c) {
                c.result().complete(stoppedResult());
            } else if (in instanceof PbxInput) {
                dropped++;
            }
        }
        if (dropped > 0) {
            log.warn("{} PBX events not processed: the engine stopped", dropped);
        }
    }

    private static CommandResult stoppedResult() {
        return CommandResult.error(ErrorCode.ENGINE_STOPPED, "the engine is stopped");
    }
}
