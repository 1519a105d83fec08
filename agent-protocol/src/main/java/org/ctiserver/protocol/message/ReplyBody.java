package org.ctiserver.protocol.message;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ctiserver.core.agent.AgentState;

/** What a reply carries besides ok or an error, for requests that ask for data (supervisors' lists). */
public sealed interface ReplyBody {
    /** The answer to {@code listAgents}. */
    record AgentList(List<AgentInfo> agents) implements ReplyBody {
        public AgentList {
            agents = List.copyOf(agents);
        }
    }

    /** The answer to {@code listQueues}. */
    record QueueList(List<QueueInfo> queues) implements ReplyBody {
        public QueueList {
            queues = List.copyOf(queues);
        }
    }

    /**
     * One agent as a supervisor sees it now. {@code callId} and {@code extension} are null when the agent has no
     * call or is signed out; {@code held} is true while the caller is on hold.
     */
    record AgentInfo(String agentId, String name, AgentState state, String reason, long sinceMs, String extension,
                     String callId, boolean held, Map<String, Integer> skills, List<String> groups) {
        public AgentInfo {
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(state, "state");
            reason = reason == null ? "" : reason;
            skills = skills == null ? Map.of() : Map.copyOf(skills);
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    /**
     * One queue's live figures (the wallboard's): {@code serviceLevelPercent} is -1 while no call finished waiting.
     */
    record QueueInfo(String queueId, String name, int waiting, long longestWaitMs, long offered, long answered,
                     long abandoned, double serviceLevelPercent, long averageSpeedOfAnswerMs,
                     long averageHandleTimeMs, int agentsReady, int agentsTalking, int agentsWrapUp,
                     int agentsNotReady, int agentsLoggedIn) {
        public QueueInfo {
            Objects.requireNonNull(queueId, "queueId");
        }
    }
}
