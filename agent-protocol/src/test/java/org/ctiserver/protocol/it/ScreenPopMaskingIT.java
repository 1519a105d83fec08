package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.protocol.it.TestBed.join;

import java.util.Map;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.ServerEvent.CallOfferedEvent;
import org.ctiserver.protocol.message.ServerEvent.CustomerRecordEvent;
import org.ctiserver.protocol.message.ServerEvent.SnapshotEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The screen pop masked field by field for the agent's clearance, through the real client and endpoint. */
@Tag("integration")
class ScreenPopMaskingIT {
    private static final Map<String, String> IVR = Map.of("ivr.menu", "2", "account", "6222 0000 1111",
            "idNumber", "330102199001011234");
    private final ControlBed bed = new ControlBed();

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private void offer(String agentId, String callId, Map<String, String> data) {
        ScriptedCti e = bed.cti;
        e.emit(new CtiEvent.AgentStateChanged(e.nextSequence(), 1, agentId, AgentState.READY, AgentState.RESERVED, "",
                "8" + agentId));
        e.emit(new CtiEvent.CallOffered(e.nextSequence(), 2, agentId, callId, "sales", ControlBed.CALLER, "王女士",
                "4008001234", 3_000, data));
    }

    @Test
    void agentClearedForConfidential_seesUpToConfidential_andLearnsTheLevelsOfTheRest() {
        ControlBed.Logged a = bed.login("1001", "zh-CN");
        offer("1001", "c1", IVR);
        CallOfferedEvent pop = a.rec().await(CallOfferedEvent.class);
        assertThat(pop.data()).isEqualTo(Map.of("ivr.menu", "2", "account", "6222 0000 1111"));
        assertThat(pop.masked()).isEqualTo(Map.of("idNumber", "机密"));
        assertThat(pop.callerNumber()).isEqualTo(ControlBed.CALLER);

        CustomerRecordEvent record = a.rec().await(CustomerRecordEvent.class);
        assertThat(record.callId()).isEqualTo("c1");
        assertThat(record.customerId()).isEqualTo("C-88001");
        assertThat(record.tier()).isEqualTo("vip");
        assertThat(record.fields()).isEqualTo(Map.of("city", "杭州", "balance", "12000.00"));
        assertThat(record.masked()).isEqualTo(Map.of("idNumber", "机密"));
    }

    @Test
    void agentClearedForTopSecret_seesEverything_andPublicOnly_seesPublicFields() {
        ControlBed.Logged top = bed.login("1002", "zh-CN");
        ControlBed.Logged low = bed.login("1003", "zh-CN");
        offer("1002", "c2", IVR);
        offer("1003", "c3", IVR);

        CallOfferedEvent all = top.rec().await(CallOfferedEvent.class);
        assertThat(all.data()).isEqualTo(IVR);
        assertThat(all.masked()).isEmpty();
        assertThat(top.rec().await(CustomerRecordEvent.class).fields()).containsOnlyKeys("city", "balance", "idNumber");

        CallOfferedEvent publicOnly = low.rec().await(CallOfferedEvent.class);
        assertThat(publicOnly.data()).isEqualTo(Map.of("ivr.menu", "2"));
        assertThat(publicOnly.masked()).isEqualTo(Map.of("account", "秘密", "idNumber", "机密"));
        CustomerRecordEvent lowRecord = low.rec().await(CustomerRecordEvent.class);
        assertThat(lowRecord.fields()).isEqualTo(Map.of("city", "杭州"));
        assertThat(lowRecord.masked()).isEqualTo(Map.of("balance", "秘密", "idNumber", "机密"));
    }

    @Test
    void maskedScreenPop_isWhatASnapshotShowsToo() {
        ControlBed.Logged a = bed.login("1001", "zh-CN");
        offer("1001", "c4", IVR);
        a.rec().await(CustomerRecordEvent.class);
        // a new connection with history that cannot be replayed gets a snapshot: masked the same way
        AgentClient again = bed.client();
        Recorder rec = new Recorder(again);
        Reply r = join(again.send(id -> new org.ctiserver.protocol.message.Request.Login(id, 1, "1001", "pw-1001",
                "81001", "zh-CN", "no-such-session", 3L)));
        assertThat(r.ok()).isTrue();
        SnapshotEvent snap = rec.await(SnapshotEvent.class);
        assertThat(snap.callOffered().masked()).isEqualTo(Map.of("idNumber", "机密"));
        assertThat(snap.callOffered().data()).doesNotContainKey("idNumber");
        assertThat(snap.customerRecord().masked()).containsOnlyKeys("idNumber");
        assertThat(snap.customerRecord().fields()).doesNotContainKey("idNumber");
    }

    @Test
    void customerIdTheDirectoryDoesNotKnow_fallsBackToTheCallerNumber() {
        ControlBed.Logged a = bed.login("1002", "zh-CN");
        offer("1002", "c6", Map.of("CustomerId", "C-unknown"));
        CustomerRecordEvent record = a.rec().await(CustomerRecordEvent.class);
        assertThat(record.callId()).isEqualTo("c6");
        assertThat(record.customerId()).isEqualTo("C-88001");
    }

    @Test
    void unknownCaller_getsNoRecord_butTheCallStillPops() {
        ControlBed.Logged a = bed.login("1002", "zh-CN");
        ScriptedCti e = bed.cti;
        e.emit(new CtiEvent.CallOffered(e.nextSequence(), 2, "1002", "c5", "sales", "02000000000", "", "", 0,
                Map.of("CustomerId", "nobody")));
        assertThat(a.rec().await(CallOfferedEvent.class).callId()).isEqualTo("c5");
        assertThat(join(a.client().ping()).ok()).isTrue();
        assertThat(a.rec().find(CustomerRecordEvent.class, x -> true)).isEmpty();
    }
}
