package org.ctiserver.core.store;

import java.util.List;

import org.ctiserver.core.stats.AgentSnapshot;

/**
 * Where the engine keeps what must outlive a call. Called on the engine thread: implementations
 * must not block (buffer and write elsewhere if the medium is slow).
 */
public interface StateStore {
    void agentChanged(AgentSnapshot agent);

    void callFinished(CallRecord call);

    /** The wrap-up's disposition, once the agent gives it. */
    void dispositionRecorded(String callId, String agentId, String dispositionCode, String notes);

    /** The newest finished calls first, at most {@code limit}. Safe from any thread. */
    List<CallRecord> recentCalls(int limit);
}
