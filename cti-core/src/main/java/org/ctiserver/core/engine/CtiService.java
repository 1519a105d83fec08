package org.ctiserver.core.engine;

import java.util.concurrent.CompletionStage;

import org.ctiserver.core.command.AgentCommand;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.event.CtiEventListener;
import org.ctiserver.core.stats.StatsSnapshot;

/**
 * The engine as front ends see it (toolbar protocol, wallboard). Safe to call from any thread.
 */
public interface CtiService {
    /**
     * Queues a command for the engine thread. The stage completes on the engine thread: hop back to your
     * own thread or event loop before doing anything slow.
     */
    CompletionStage<CommandResult> submit(AgentCommand command);

    /** Queues a supervisor's command for the engine thread; completes like {@link #submit(AgentCommand)}. */
    default CompletionStage<CommandResult> submit(SupervisorCommand command) {
        return java.util.concurrent.CompletableFuture.completedFuture(
                CommandResult.error(ErrorCode.NOT_SUPPORTED, "supervisor commands are not supported here"));
    }

    /** Listeners are called on the engine thread, in event order; they must return at once. */
    void addListener(CtiEventListener listener);

    void removeListener(CtiEventListener listener);

    /** The newest statistics snapshot (published every statsInterval and after each change burst). */
    StatsSnapshot stats();

    /** The engine's configuration (queues, agents, reasons, dispositions). */
    EngineConfig config();
}
