package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEventSink;
import org.ctiserver.core.pbx.PbxPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine's PBX port on Asterisk, over AMI.
 *
 * <p>Threads: the transport's dispatch thread translates events and offers them to the sink, never waiting;
 * {@code ami-action} writes actions (so neither the engine nor the dispatch thread ever writes to the
 * socket), except on a transport whose {@code send} only enqueues for its own I/O thread (Netty), which the
 * caller's thread hands the action to directly; {@code ami-timer} runs action timeouts and Pings; {@code ami-link}
 * connects, logs in and reconnects with exponential backoff, the only thread that blocks on the network. The sink is offered
 * events from several of these threads, so it must take concurrent offers (a multi-producer queue).
 *
 * <p>Resync: after every login, before {@code LinkUp}, the link thread reads the channels Asterisk holds and the
 * data of the calls waiting at the route point ({@link Resynchronizer}) and hands them to the engine as one
 * {@code ChannelsSnapshot}; events of the new session wait until then. A command whose response was lost with the
 * connection is reported failed only after the {@code LinkDown}, so that the engine never mistakes a dead link for
 * a refused command.
 */
public final class AsteriskAdapter implements PbxPort, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsteriskAdapter.class);

    private final AmiSettings settings;
    private final PbxEventSink sink;
    private final Supplier<AmiTransport> transports;
    private final ScheduledExecutorService link;
    private final ScheduledExecutorService actions;
    private final ScheduledExecutorService timer;
    private final DropAlarm dropAlarm;
    private final AmiInputStats inputStats;
    private final AtomicInteger queuedCommands = new AtomicInteger();
    private final AtomicLong failedCommands = new AtomicLong();
    private final AtomicLong linkUps = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Session current; // null while the link is down; written on ami-link only
    private long backoffMs;           // ami-link only

    public AsteriskAdapter(AmiSettings settings, PbxEventSink sink) {
        this(settings, sink, new AmiInputStats());
    }

    private AsteriskAdapter(AmiSettings settings, PbxEventSink sink, AmiInputStats stats) {
        this(settings, sink, transportsFor(settings, stats), stats);
    }

    /** A fresh transport of the configured kind for every connection attempt. */
    static Supplier<AmiTransport> transportsFor(AmiSettings settings, AmiInputStats stats) {
        Objects.requireNonNull(settings, "settings");
        return switch (settings.transport()) {
            case NETTY -> () -> new NettyAmiTransport(settings, stats);
            case ASTERISK_JAVA -> () -> new AsteriskJavaTransport(settings);
        };
    }

    AsteriskAdapter(AmiSettings settings, PbxEventSink sink, Supplier<AmiTransport> transports) {
        this(settings, sink, transports, new AmiInputStats());
    }

    AsteriskAdapter(AmiSettings settings, PbxEventSink sink, Supplier<AmiTransport> transports, AmiInputStats stats) {
        this.inputStats = Objects.requireNonNull(stats, "stats");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.transports = Objects.requireNonNull(transports, "transports");
        this.link = executor("ami-link");
        this.actions = executor("ami-action");
        this.timer = executor("ami-timer");
        this.dropAlarm = new DropAlarm(log, System::nanoTime, 10, TimeUnit.SECONDS);
        this.backoffMs = 0;
    }

    /** Starts connecting in the background; {@code LinkUp} reaches the sink once logged in. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("adapter is closed");
        }
        if (started.compareAndSet(false, true)) {
            link.execute(this::connectAttempt);
        }
    }

    /**
     * Hands the command to the action thread and returns at once. A failure, including no response within
     * {@code actionTimeout} of this call, comes back as {@code CommandFailed}; a command that timed out while
     * still queued is never sent.
     */
    @Override
    public void execute(PbxCommand command) {
        Objects.requireNonNull(command, "command");
        if (closed.get()) {
            fail(command, "adapter is closed");
            return;
        }
        if (queuedCommands.incrementAndGet() > settings.eventHandoffCapacity()) {
            queuedCommands.decrementAndGet();
            fail(command, "adapter action queue full (" + settings.eventHandoffCapacity() + " commands waiting)");
            return;
        }
        List<AmiAction> plan;
        try {
            plan = AmiCommands.plan(command, settings.agentDialContext(), settings.contexts());
        } catch (IllegalArgumentException | NullPointerException unusable) {
            queuedCommands.decrementAndGet();
            fail(command, "cannot carry out " + command.getClass().getSimpleName() + ": " + unusable.getMessage());
            return;
        }
        sendStep(command, plan, 0, true);
    }

    /**
     * Sends action {@code index} of a command's plan; the next one follows its success, the first failure ends the
     * command as {@code CommandFailed} with Asterisk's message (the actions already done are not undone: each one
     * leaves the call in a state the engine can read from the events, e.g. the first two parties in a conference).
     */
    private void sendStep(PbxCommand command, List<AmiAction> plan, int index, boolean queued) {
        AmiAction action = plan.get(index);
        Pending pending = arm(action, settings.actionTimeout().toMillis(), new Outcome() {
            @Override
            public void succeeded() {
                if (index + 1 < plan.size()) {
                    sendStep(command, plan, index + 1, false);
                } else {
                    log.debug("{} done for {}", action.name(), command);
                }
            }

            @Override
            public void failed(String reason) {
                fail(command, plan.size() == 1 ? reason
                        : reason + " (" + action.name() + " " + (index + 1) + " of " + plan.size() + ")");
            }
        });
        Session s = current;
        if (s != null && s.transport.sendNeverBlocks()) {
            if (queued) {
                queuedCommands.decrementAndGet();
            }
            write(s, pending); // in order with the caller's other commands, without waking ami-action
            return;
        }
        try {
            actions.execute(() -> {
                if (queued) {
                    queuedCommands.decrementAndGet();
                }
                write(current, pending);
            });
        } catch (RejectedExecutionException shutDown) {
            if (queued) {
                queuedCommands.decrementAndGet();
            }
            pending.fail("adapter is closed");
        }
    }

    /** Logs off, emits {@code LinkDown} if the link was up, and stops every thread of the adapter. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Future<?> done = link.submit(() -> {
                Session s = current;
                current = null;
                if (s != null) {
                    s.stopPinging();
                    s.transport.close();
                    offer(new PbxEvent.LinkDown("adapter closed"));
                    s.markDown();
                }
            });
            done.get(settings.connectTimeout().toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            log.warn("AMI logoff did not complete cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            link.shutdownNow();
            actions.shutdownNow();
            timer.shutdownNow();
        }
    }

    /** Events the engine refused because its input queue was full (each one also raised the alarm). */
    public long droppedEventCount() {
        return dropAlarm.count();
    }

    /** Bad input from Asterisk so far, by kind (malformed or oversized lines, events missing fields, ...). */
    public AmiInputStats inputStats() {
        return inputStats;
    }

    /** Commands reported back as {@code CommandFailed}. */
    public long failedCommandCount() {
        return failedCommands.get();
    }

    /** Commands accepted and not yet written to Asterisk (at most {@code eventHandoffCapacity}; beyond, they fail). */
    public int queuedCommandCount() {
        return queuedCommands.get();
    }

    /** Successful logins so far; more than one means the adapter reconnected. */
    public long linkUpCount() {
        return linkUps.get();
    }

    public boolean isLinkUp() {
        return current != null;
    }

    public AmiSettings settings() {
        return settings;
    }

    // ---- link: connect, login, reconnect (ami-link) -------------------------------------------------

    private void connectAttempt() {
        if (closed.get() || current != null) {
            return;
        }
        AmiTransport transport = transports.get();
        Session session = new Session(transport);
        try {
            String version = transport.open(session);
            PbxEvent.ChannelsSnapshot snapshot = resync(transport);
            if (closed.get()) {
                transport.close();
                return;
            }
            current = session;
            backoffMs = 0;
            linkUps.incrementAndGet();
            log.info("AMI link up to {}:{}: {}", settings.host(), settings.port(), version);
            session.announce(version, snapshot);
            long pingMs = settings.pingInterval().toMillis();
            session.pinger = timer.scheduleWithFixedDelay(() -> ping(session), pingMs, pingMs, TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            transport.close();
            long delay = nextBackoff();
            log.warn("AMI login to {}:{} failed ({}); retrying in {} ms", settings.host(), settings.port(),
                    e.getMessage(), delay);
            scheduleConnect(delay);
        }
    }

    /** The truth after login (null when Asterisk refuses to list channels); IOException: the connection failed. */
    private PbxEvent.ChannelsSnapshot resync(AmiTransport transport) throws IOException {
        try {
            // a held or parked caller still has the route point's variables: it must not look like a new call
            PbxEvent.ChannelsSnapshot snapshot = Resynchronizer.read(transport::list, settings.actionTimeout().toMillis(),
                    java.util.Set.of(settings.contexts().hold(), settings.contexts().conference()));
            log.info("AMI resync: {} channels, {} calls waiting at the route point", snapshot.channels().size(),
                    snapshot.atRoutePoint().size());
            return snapshot;
        } catch (AmiTransport.ListRefusedException | UnsupportedOperationException e) {
            log.warn("AMI resync not possible ({}): calls and agents are not reconciled with Asterisk", e.getMessage());
            return null;
        }
    }

    private void linkLost(Session session, String reason) {
        if (current != session) {
            session.markDown();
            return; // stale session, or already handled
        }
        current = null;
        session.stopPinging();
        log.warn("AMI link to {}:{} down: {}", settings.host(), settings.port(), reason);
        offer(new PbxEvent.LinkDown(reason));
        session.markDown();
        session.transport.close();
        scheduleConnect(nextBackoff());
    }

    private void scheduleConnect(long delayMs) {
        if (closed.get()) {
            return;
        }
        try {
            link.schedule(this::connectAttempt, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            log.debug("reconnect not scheduled: adapter closing");
        }
    }

    private long nextBackoff() {
        long min = settings.reconnectBackoffMin().toMillis();
        long max = settings.reconnectBackoffMax().toMillis();
        backoffMs = backoffMs == 0 ? min : Math.min(max, backoffMs * 2);
        return backoffMs;
    }

    private void onLinkThread(Runnable task) {
        try {
            link.execute(task);
        } catch (RejectedExecutionException shutDown) {
            log.debug("link task dropped: adapter closing");
        }
    }

    // ---- actions (ami-action) and their timeouts (ami-timer) -----------------------------------------

    /**
     * Pings on the timer thread, its deadline armed here too: a write stuck on a full TCP buffer holds the
     * action thread, and must not keep the dead link from being noticed.
     */
    private void ping(Session s) {
        if (current != s || !s.pingOutstanding.compareAndSet(false, true)) {
            return;
        }
        Pending pending = arm(AmiAction.ping(), settings.pingDeadline().toMillis(), new Outcome() {
            @Override
            public void succeeded() {
                s.pingOutstanding.set(false);
            }

            @Override
            public void failed(String reason) {
                onLinkThread(() -> linkLost(s, "Ping failed: " + reason));
            }
        });
        try {
            actions.execute(() -> write(s, pending));
        } catch (RejectedExecutionException shutDown) {
            pending.fail("adapter is closed");
        }
    }

    /** Starts an action's clock: from now on exactly one outcome follows (response, timeout or write error). */
    private Pending arm(AmiAction action, long timeoutMs, Outcome outcome) {
        Pending pending = new Pending(action, outcome);
        try {
            pending.timeout = timer.schedule(
                    () -> pending.fail("no response to " + action.name() + " within " + timeoutMs + " ms"),
                    timeoutMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            pending.fail("adapter is closed");
        }
        return pending;
    }

    /**
     * On the action thread (or the caller's, see {@link AmiTransport#sendNeverBlocks}): writes the action unless it
     * is already decided.
     */
    private void write(Session s, Pending pending) {
        if (pending.isDone()) {
            return;
        }
        if (s == null) {
            pending.fail("AMI link to " + settings.host() + ":" + settings.port() + " is down");
            return;
        }
        pending.session = s;
        try {
            s.transport.send(pending.action, pending);
        } catch (IOException | RuntimeException e) {
            // most likely the connection just died: reported after its LinkDown
            s.afterDown(() -> pending.fail("could not send " + pending.action.name() + ": " + e.getMessage()));
        }
    }

    private void fail(PbxCommand command, String reason) {
        failedCommands.incrementAndGet();
        log.debug("command failed: {}: {}", command, reason);
        offer(new PbxEvent.CommandFailed(command, reason));
    }

    /** Every event to the engine goes through here: never blocks, and a refusal is counted and alarmed. */
    private void offer(PbxEvent event) {
        boolean accepted;
        try {
            accepted = sink.offer(event);
        } catch (RuntimeException e) {
            log.error("the engine's sink threw on {}", event, e);
            accepted = false;
        }
        if (!accepted) {
            dropAlarm.dropped(event);
        }
    }

    private static ScheduledExecutorService executor(String name) {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true); // action timeouts are cancelled by the thousand
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return e;
    }

    private interface Outcome {
        void succeeded();

        void failed(String reason);
    }

    /** An action in flight; its response callback may run on the transport's dispatch thread. */
    private static final class Pending implements Consumer<AmiTransport.AmiResponse> {
        final AmiAction action;
        private final Outcome outcome;
        private final AtomicBoolean done = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;
        volatile Session session;

        Pending(AmiAction action, Outcome outcome) {
            this.action = action;
            this.outcome = outcome;
        }

        boolean isDone() {
            return done.get();
        }

        @Override
        public void accept(AmiTransport.AmiResponse response) {
            if (!finish()) {
                return; // timed out already
            }
            Session s = session;
            if (response == null && s != null) {
                s.afterDown(() -> outcome.failed("AMI connection lost before the response to " + action.name()));
            } else if (response == null) {
                outcome.failed("AMI connection lost before the response to " + action.name());
            } else if (response.success()) {
                outcome.succeeded();
            } else {
                outcome.failed(response.message().isEmpty() ? action.name() + " failed" : response.message());
            }
        }

        void fail(String reason) {
            if (finish()) {
                outcome.failed(reason);
            }
        }

        private boolean finish() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            return true;
        }
    }

    /**
     * One logged-in connection. Events that arrive between login and {@code LinkUp} are held back (at most
     * {@code eventHandoffCapacity}) so that the engine sees LinkUp before the events of a session; after a
     * resync they come after the snapshot and before LinkUp instead (see {@link #announce}).
     */
    private final class Session implements AmiTransport.Listener {
        final AmiTransport transport;
        final AtomicBoolean pingOutstanding = new AtomicBoolean();
        volatile ScheduledFuture<?> pinger;
        private volatile boolean announced;
        private final ArrayDeque<PbxEvent> heldBack = new ArrayDeque<>();
        private final List<Runnable> afterDown = new ArrayList<>();
        private boolean down; // guarded by afterDown

        Session(AmiTransport transport) {
            this.transport = transport;
        }

        @Override
        public void onEvent(String name, Map<String, String> fields) {
            Optional<PbxEvent> event = AmiEventTranslator.translate(name, fields, inputStats);
            if (event.isEmpty()) {
                return;
            }
            if (!announced) {
                synchronized (this) {
                    if (!announced) {
                        if (heldBack.size() < settings.eventHandoffCapacity()) {
                            heldBack.add(event.get());
                        } else {
                            dropAlarm.dropped(event.get());
                        }
                        return;
                    }
                }
            }
            offer(event.get());
        }

        @Override
        public void onDisconnected(String reason) {
            onLinkThread(() -> linkLost(this, reason));
        }

        /**
         * Runs a failure report once this session's LinkDown has been offered (at once if it has), or after the
         * action timeout if the connection never reports its end.
         */
        void afterDown(Runnable report) {
            AtomicBoolean once = new AtomicBoolean();
            Runnable r = () -> {
                if (once.compareAndSet(false, true)) {
                    report.run();
                }
            };
            synchronized (afterDown) {
                if (!down) {
                    afterDown.add(r);
                    try {
                        timer.schedule(r, settings.actionTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException shutDown) {
                        log.debug("fallback report not scheduled: adapter closing");
                    }
                    return;
                }
            }
            r.run();
        }

        /** The LinkDown of this session has been offered (or the session was stale): release the reports. */
        void markDown() {
            List<Runnable> reports;
            synchronized (afterDown) {
                down = true;
                reports = List.copyOf(afterDown);
                afterDown.clear();
            }
            reports.forEach(Runnable::run);
        }

        synchronized void announce(String version, PbxEvent.ChannelsSnapshot snapshot) {
            if (snapshot != null) {
                // the engine resumes routing at LinkUp: the snapshot and the events of the session so far (which
                // may be older than the snapshot) are applied first, so none of them is taken for a new offer's
                offer(snapshot);
                for (PbxEvent e = heldBack.poll(); e != null; e = heldBack.poll()) {
                    offer(e);
                }
            }
            offer(new PbxEvent.LinkUp(version));
            for (PbxEvent e = heldBack.poll(); e != null; e = heldBack.poll()) {
                offer(e);
            }
            announced = true;
        }

        void stopPinging() {
            ScheduledFuture<?> p = pinger;
            if (p != null) {
                p.cancel(false);
            }
        }
    }
}
