package org.ctiserver.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.core.queue.QueueConfig;

/**
 * What the engine needs to know at start.
 *
 * @param notReadyReasons  reason code -> label (e.g. "break" -> "休息"); "RONA" is always added by the engine
 * @param dispositions     disposition code -> label
 * @param ringTimeout      an offer not answered within this is treated as ring-no-answer (backstop for the PBX's own dial timeout)
 * @param statsInterval    how often queue statistics are published
 */
public record EngineConfig(List<QueueConfig> queues, List<AgentProfile> agents, Map<String, String> notReadyReasons,
                           Map<String, String> dispositions, Duration ringTimeout, Duration statsInterval) {
    public EngineConfig {
        queues = List.copyOf(queues);
        agents = List.copyOf(agents);
        notReadyReasons = Map.copyOf(notReadyReasons);
        dispositions = Map.copyOf(dispositions);
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(statsInterval, "statsInterval");
    }
}
