package org.ctiserver.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent.CallOutcome;
import org.ctiserver.core.stats.AgentSnapshot;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest {

    private static CallRecord record(String id) {
        return new CallRecord(id, "sales", "555", "4000", Map.of(), 1, 2, 3, "a1", CallOutcome.ANSWERED, "Normal Clearing",
                List.of());
    }

    private static AgentSnapshot agent(String id, AgentState state) {
        return new AgentSnapshot(id, id, state, "", 0, null, null, Map.of(), Set.of(), 0);
    }

    @Test
    void recentCalls_areNewestFirst_andLimited() {
        InMemoryStateStore store = new InMemoryStateStore(10);
        for (int i = 1; i <= 4; i++) {
            store.callFinished(record("c" + i));
        }

        assertThat(store.recentCalls(3)).extracting(CallRecord::callId).containsExactly("c4", "c3", "c2");
        assertThat(store.recentCalls(100)).hasSize(4);
        assertThat(store.recentCalls(0)).isEmpty();
        assertThat(store.recentCalls(-1)).isEmpty();
    }

    @Test
    void theRing_keepsOnlyTheNewestCalls() {
        InMemoryStateStore store = new InMemoryStateStore(3);
        for (int i = 1; i <= 7; i++) {
            store.callFinished(record("c" + i));
        }

        assertThat(store.callCount()).isEqualTo(3);
        assertThat(store.recentCalls(10)).extracting(CallRecord::callId).containsExactly("c7", "c6", "c5");
        assertThat(store.call("c6")).isPresent();
        assertThat(store.call("c1")).isEmpty();
    }

    @Test
    void agents_keepTheLastSnapshot_sortedById() {
        InMemoryStateStore store = new InMemoryStateStore();
        store.agentChanged(agent("b", AgentState.READY));
        store.agentChanged(agent("a", AgentState.NOT_READY));
        store.agentChanged(agent("b", AgentState.TALKING));

        assertThat(store.agents()).extracting(AgentSnapshot::agentId).containsExactly("a", "b");
        assertThat(store.agent("b")).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(AgentState.TALKING));
        assertThat(store.agent("z")).isEmpty();
    }

    @Test
    void dispositions_areKept_boundedByCapacity() {
        InMemoryStateStore store = new InMemoryStateStore(2);
        store.dispositionRecorded("c1", "a1", "inquiry", "n1");
        store.dispositionRecorded("c2", "a1", "complaint", "n2");
        store.dispositionRecorded("c3", "a2", "inquiry", "n3");

        assertThat(store.disposition("c1")).isEmpty();
        assertThat(store.disposition("c3")).contains(new InMemoryStateStore.Disposition("c3", "a2", "inquiry", "n3"));
    }

    @Test
    void capacity_mustBePositive() {
        assertThatThrownBy(() -> new InMemoryStateStore(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new InMemoryStateStore().capacity()).isEqualTo(InMemoryStateStore.DEFAULT_CAPACITY);
    }
}
