package org.ctiserver.wallboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.CtiService;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.event.CtiEventListener;
import org.ctiserver.core.stats.StatsSnapshot;

/** A CtiService whose statistics snapshot the test sets. */
final class FakeCtiService implements CtiService {
    static final Map<String, String> REASONS = Map.of("break", "休息", "coaching", "辅导");

    private final List<CtiEventListener> listeners = new CopyOnWriteArrayList<>();
    private final EngineConfig config = new EngineConfig(List.of(), List.of(), REASONS, Map.of(),
            Duration.ofSeconds(15), Duration.ofSeconds(1));
    private volatile StatsSnapshot stats;

    FakeCtiService(StatsSnapshot initial) {
        this.stats = initial;
    }

    void setStats(StatsSnapshot snapshot) {
        this.stats = snapshot;
    }

    @Override
    public CompletionStage<CommandResult> submit(AgentCommand command) {
        return CompletableFuture.completedFuture(CommandResult.ok());
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
}
