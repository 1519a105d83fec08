package org.ctiserver.protocol.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.CtiService;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.event.CtiEventListener;
import org.ctiserver.core.stats.StatsSnapshot;

/**
 * The engine seam for protocol tests of the call-control and supervisor requests: records every command, answers
 * each with a scripted result (ok unless told otherwise), and emits the events a test hands it, in order, as the
 * engine thread would. Login and logout move the agent's state as the engine does, so sessions start normally.
 */
final class ScriptedCti implements CtiService {
    private final EngineConfig config;
    final List<Object> commands = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, CommandResult> answers = new ConcurrentHashMap<>();
    private final List<CtiEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, AgentState> states = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile StatsSnapshot stats = StatsSnapshot.EMPTY;

    ScriptedCti(EngineConfig config) {
        this.config = config;
    }

    /** From now on, commands of {@code type} get {@code result}. */
    void answer(Class<?> type, CommandResult result) {
        answers.put(type, result);
    }

    void stats(StatsSnapshot snapshot) {
        stats = snapshot;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /** Hands the event to the listeners, as the engine thread does: one at a time, in order. */
    synchronized void emit(CtiEvent event) {
        listeners.forEach(l -> l.onEvent(event));
    }

    <T> T awaitCommand(Class<T> type) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> lastCommand(type).isPresent());
        return lastCommand(type).orElseThrow();
    }

    <T> Optional<T> lastCommand(Class<T> type) {
        T last = null;
        for (Object c : commands) {
            if (type.isInstance(c)) {
                last = type.cast(c);
            }
        }
        return Optional.ofNullable(last);
    }

    @Override
    public CompletionStage<CommandResult> submit(AgentCommand command) {
        commands.add(command);
        CommandResult result = answers.getOrDefault(command.getClass(), CommandResult.ok());
        if (result.isOk() && command instanceof AgentCommand.Login l) {
            move(l.agentId(), AgentState.NOT_READY, l.extension());
        } else if (result.isOk() && command instanceof AgentCommand.Logout l) {
            move(l.agentId(), AgentState.LOGGED_OUT, null);
        }
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletionStage<CommandResult> submit(SupervisorCommand command) {
        commands.add(command);
        return CompletableFuture.completedFuture(answers.getOrDefault(command.getClass(), CommandResult.ok()));
    }

    private void move(String agentId, AgentState to, String extension) {
        AgentState from = states.getOrDefault(agentId, AgentState.LOGGED_OUT);
        states.put(agentId, to);
        emit(new CtiEvent.AgentStateChanged(nextSequence(), System.currentTimeMillis(), agentId, from, to, "",
                extension));
    }

    @Override
    public void addListener(CtiEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(CtiEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public StatsSnapshot stats() {
        return stats;
    }

    @Override
    public EngineConfig config() {
        return config;
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
