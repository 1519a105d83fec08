package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctiserver.protocol.it.TestBed.join;

import java.util.List;
import java.util.Map;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.command.SupervisorCommand;
import org.ctiserver.core.engine.CommandResult;
import org.ctiserver.core.engine.ErrorCode;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand.SpyMode;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.ReplyBody;
import org.ctiserver.protocol.message.ReplyBody.AgentInfo;
import org.ctiserver.protocol.message.ReplyBody.QueueInfo;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerEvent.ConfigEvent;
import org.ctiserver.protocol.message.ServerEvent.HoldChangedEvent;
import org.ctiserver.protocol.message.ServerEvent.SpyChangedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Roles and groups on the server: supervisors' requests and events through the real client and endpoint. */
@Tag("integration")
class SupervisionIT {
    private final ControlBed bed = new ControlBed();

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void supervisorConsole_logsInWithoutTheEngine_andSaysWhoItIs() {
        ControlBed.Logged s = bed.login("2001", "zh-CN");
        ConfigEvent config = s.rec().await(ConfigEvent.class);
        assertThat(config.agentName()).isEqualTo("赵班长");
        assertThat(config.access()).isEqualTo(new ServerEvent.Access("supervisor", List.of("team-a"), "机密", false));
        assertThat(s.rec().lastState().orElseThrow().state()).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(bed.cti.commands).isEmpty();
        // no calls of its own
        assertThat(join(s.client().hold()).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(s.client().ready()).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(s.client().logout()).ok()).isTrue();
        assertThat(bed.cti.commands).isEmpty();
    }

    @Test
    void supervisorConsole_resumesAfterADroppedConnection_withTheAgentsEventsItMissed() {
        try (TcpProxy proxy = new TcpProxy(bed.vertx, bed.server.actualPort())) {
            AgentClient c = new AgentClient(bed.vertx).resumeBackoff(java.time.Duration.ofMillis(50),
                    java.time.Duration.ofMillis(200));
            Recorder rec = new Recorder(c);
            java.util.concurrent.atomic.AtomicInteger resumes = new java.util.concurrent.atomic.AtomicInteger();
            c.onResume(r -> resumes.incrementAndGet());
            try {
                join(c.connect(proxy.wsUri()));
                assertThat(join(c.login("2001", "pw-2001", "82001", "zh-CN")).ok()).isTrue();
                rec.await(AgentStateEvent.class);
                int before = rec.events.size();

                proxy.refuse(true);
                proxy.cutAll();
                bed.cti.emit(new CtiEvent.CallHoldChanged(bed.cti.nextSequence(), 20, "1001", "c1", true));
                bed.cti.emit(new CtiEvent.CallHoldChanged(bed.cti.nextSequence(), 21, "1001", "c1", false));
                proxy.refuse(false);

                org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS)
                        .until(() -> resumes.get() == 1 && rec.events.size() == before + 2);
                assertThat(rec.events.subList(before, rec.events.size())).extracting(EventMessage::event)
                        .containsExactly(new HoldChangedEvent("1001", "c1", true, 20),
                                new HoldChangedEvent("1001", "c1", false, 21));
                for (int i = 0; i < rec.events.size(); i++) {
                    assertThat(rec.events.get(i).seq()).isEqualTo(i + 1L);
                }
                assertThat(join(c.listAgents()).ok()).isTrue();
                // logging out ends the console's session: the next login starts afresh
                assertThat(join(c.logout()).ok()).isTrue();
                assertThat(join(c.login("2001", "pw-2001", "82001", "zh-CN")).ok()).isTrue();
                org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS)
                        .until(() -> rec.events.stream().filter(m -> m.event() instanceof ConfigEvent).count() == 2);
                List<ConfigEvent> configs = rec.events.stream().map(EventMessage::event)
                        .filter(ConfigEvent.class::isInstance).map(ConfigEvent.class::cast).toList();
                assertThat(configs.get(1).sessionId()).isNotEqualTo(configs.get(0).sessionId());
            } finally {
                c.close();
            }
        }
    }

    @Test
    void supervisorWhoTakesCalls_signsInOnTheEngine_andUsesBothKindsOfRequest() {
        ControlBed.Logged s = bed.login("1003", "en");
        assertThat(bed.cti.awaitCommand(org.ctiserver.core.command.AgentCommand.Login.class))
                .isEqualTo(new org.ctiserver.core.command.AgentCommand.Login("1003", "81003"));
        assertThat(s.rec().await(ConfigEvent.class).access())
                .isEqualTo(new ServerEvent.Access("supervisor", List.of("team-b"), "公开", true));
        assertThat(s.rec().lastState().orElseThrow().state()).isEqualTo(AgentState.NOT_READY);
        assertThat(join(s.client().hold()).ok()).isTrue();
        assertThat(bed.cti.awaitCommand(org.ctiserver.core.command.AgentCommand.Hold.class).agentId()).isEqualTo("1003");
        assertThat(join(s.client().agents())).as("no other agent in team-b").isEmpty();
        assertThat(join(s.client().spy("1003", SpyMode.LISTEN)).errorCode()).as("not its own supervisor")
                .isEqualTo("NOT_IN_GROUP");
        assertThat(join(s.client().spy("1001", SpyMode.LISTEN)).errorCode()).isEqualTo("NOT_IN_GROUP");
    }

    @Test
    void listAgents_showsOnlyTheSupervisorsGroups_withTheLiveStateFromEvents() {
        ControlBed.Logged agent = bed.login("1001", "zh-CN");
        ControlBed.Logged s = bed.login("2001", "zh-CN");
        join(agent.client().ready());
        bed.cti.emit(new CtiEvent.AgentStateChanged(bed.cti.nextSequence(), 1_000, "1001", AgentState.NOT_READY,
                AgentState.READY, "", "8001"));
        bed.cti.emit(new CtiEvent.CallHoldChanged(bed.cti.nextSequence(), 1_001, "1001", "c1", true));
        s.rec().await(HoldChangedEvent.class);

        List<AgentInfo> agents = join(s.client().agents());
        assertThat(agents).extracting(AgentInfo::agentId).containsExactly("1001", "1002");
        AgentInfo zhang = agents.get(0);
        // the statistics said NOT_READY; the event after them says READY
        assertThat(zhang.state()).isEqualTo(AgentState.READY);
        assertThat(zhang.name()).isEqualTo("张三");
        assertThat(zhang.extension()).isEqualTo("8001");
        assertThat(zhang.skills()).containsEntry("billing", 3);
        assertThat(zhang.groups()).containsExactly("team-a");
        assertThat(agents.get(1).state()).isEqualTo(AgentState.LOGGED_OUT);

        List<QueueInfo> queues = join(s.client().queues());
        assertThat(queues).extracting(QueueInfo::queueId).containsExactly("sales");
        assertThat(queues.get(0).waiting()).isEqualTo(3);
        assertThat(queues.get(0).serviceLevelPercent()).isEqualTo(87.5);

        ControlBed.Logged admin = bed.login("9001", "en");
        assertThat(join(admin.client().agents())).extracting(AgentInfo::agentId).containsExactly("1001", "1002", "1003");
        assertThat(join(admin.client().queues())).extracting(QueueInfo::queueId).containsExactly("sales", "service");
    }

    @Test
    void supervisorActions_reachTheEngineWithTheSupervisorAndItsExtension() {
        ControlBed.Logged s = bed.login("2001", "zh-CN");
        AgentClient c = s.client();
        assertThat(join(c.forceNotReady("1001", "meeting")).ok()).isTrue();
        assertThat(bed.cti.awaitCommand(SupervisorCommand.ForceNotReady.class))
                .isEqualTo(new SupervisorCommand.ForceNotReady("2001", "1001", "meeting"));
        assertThat(join(c.forceLogout("1002")).ok()).isTrue();
        assertThat(bed.cti.awaitCommand(SupervisorCommand.ForceLogout.class))
                .isEqualTo(new SupervisorCommand.ForceLogout("2001", "1002"));
        for (SpyMode mode : SpyMode.values()) {
            assertThat(join(c.spy("1001", mode)).ok()).isTrue();
            assertThat(bed.cti.awaitCommand(SupervisorCommand.Spy.class))
                    .isEqualTo(new SupervisorCommand.Spy("2001", "82001", "1001", mode));
        }
        assertThat(join(c.setSkills("1001", Map.of("billing", 4, "lang.zh", 5))).ok()).isTrue();
        assertThat(bed.cti.awaitCommand(SupervisorCommand.SetSkills.class))
                .isEqualTo(new SupervisorCommand.SetSkills("2001", "1001", Map.of("billing", 4, "lang.zh", 5)));

        bed.cti.answer(SupervisorCommand.ForceNotReady.class, CommandResult.error(ErrorCode.UNKNOWN_REASON, "x"));
        assertThat(join(c.forceNotReady("1001", "nap")).errorCode()).isEqualTo("UNKNOWN_REASON");
    }

    @Test
    void agentOutsideTheGroups_orUnknown_isRefused_andTheConnectionStaysUsable() {
        ControlBed.Logged s = bed.login("2001", "zh-CN");
        AgentClient c = s.client();
        int before = bed.cti.commands.size();
        Reply outside = join(c.forceLogout("1003"));
        assertThat(outside.errorCode()).isEqualTo("NOT_IN_GROUP");
        assertThat(outside.error().message()).isEqualTo("该座席不在您管理的班组内");
        assertThat(join(c.spy("1003", SpyMode.LISTEN)).errorCode()).isEqualTo("NOT_IN_GROUP");
        assertThat(join(c.setSkills("1003", Map.of("x", 1))).errorCode()).isEqualTo("NOT_IN_GROUP");
        assertThat(join(c.forceNotReady("7777", "break")).errorCode()).isEqualTo("NOT_IN_GROUP");
        // a supervisor is not its own supervisor
        assertThat(join(c.forceLogout("2001")).errorCode()).isEqualTo("NOT_IN_GROUP");
        assertThat(bed.cti.commands).hasSize(before);
        assertThat(join(c.ping()).ok()).isTrue();
        assertThat(join(c.listAgents()).ok()).isTrue();
    }

    @Test
    void agentSendingSupervisorRequests_isForbidden_andTheConnectionStaysUsable() {
        ControlBed.Logged a = bed.login("1001", "en");
        AgentClient c = a.client();
        int before = bed.cti.commands.size();
        Reply list = join(c.listAgents());
        assertThat(list.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(list.error().message()).isEqualTo("Your role does not allow this");
        assertThat(list.body()).isNull();
        assertThat(join(c.listQueues()).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(c.forceNotReady("1002", "break")).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(c.forceLogout("1002")).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(c.spy("1002", SpyMode.BARGE)).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(c.setSkills("1001", Map.of("billing", 10))).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(bed.cti.commands).hasSize(before);
        assertThat(join(c.ready()).ok()).isTrue();
    }

    @Test
    void qaMonitor_mayListAndListen_butNotWhisperBargeOrChange() {
        ControlBed.Logged q = bed.login("2002", "zh-CN");
        AgentClient c = q.client();
        assertThat(join(c.agents())).extracting(AgentInfo::agentId).containsExactly("1001", "1002");
        assertThat(join(c.listQueues()).body()).isInstanceOf(ReplyBody.QueueList.class);
        assertThat(join(c.spy("1001", SpyMode.LISTEN)).ok()).isTrue();
        assertThat(join(c.spy("1001", SpyMode.WHISPER)).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(c.spy("1001", SpyMode.BARGE)).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(c.forceNotReady("1001", "break")).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(c.setSkills("1001", Map.of("billing", 1))).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(join(c.spy("1003", SpyMode.LISTEN)).errorCode()).isEqualTo("NOT_IN_GROUP");
        assertThat(bed.cti.commands).containsExactly(new SupervisorCommand.Spy("2002", "82002", "1001", SpyMode.LISTEN));
    }

    @Test
    void supervisorsSeeTheirGroupsEvents_notTheScreenPopNorDtmf_andOtherGroupsSeeNothing() {
        ControlBed.Logged a = bed.login("1001", "zh-CN");
        ControlBed.Logged s = bed.login("2001", "zh-CN");
        ControlBed.Logged other = bed.login("2003", "zh-CN");
        ScriptedCti e = bed.cti;
        e.emit(new CtiEvent.AgentStateChanged(e.nextSequence(), 10, "1001", AgentState.NOT_READY, AgentState.READY, "", "8001"));
        e.emit(new CtiEvent.CallOffered(e.nextSequence(), 11, "1001", "c1", "sales", ControlBed.CALLER, "王女士",
                "4008001234", 1000, Map.of("ivr.menu", "2")));
        e.emit(new CtiEvent.CallDtmf(e.nextSequence(), 12, "1001", "c1", "7"));
        e.emit(new CtiEvent.CallHoldChanged(e.nextSequence(), 13, "1001", "c1", true));
        e.emit(new CtiEvent.SpyChanged(e.nextSequence(), 14, "2001", "1001", "c1", SpyMode.LISTEN, true));
        e.emit(new CtiEvent.AgentSkillsChanged(e.nextSequence(), 15, "1001", Map.of("billing", 5), "2001"));

        s.rec().await(ServerEvent.SkillsChangedEvent.class);
        List<ServerEvent> seen = s.rec().events.stream().map(EventMessage::event)
                .filter(ev -> !(ev instanceof ConfigEvent)).toList();
        assertThat(seen).containsExactly(
                new AgentStateEvent("2001", AgentState.LOGGED_OUT, null, "", ((AgentStateEvent) seen.get(0)).sinceMs(), "82001"),
                new AgentStateEvent("1001", AgentState.READY, AgentState.NOT_READY, "", 10, "8001"),
                new HoldChangedEvent("1001", "c1", true, 13),
                new SpyChangedEvent("2001", "1001", "c1", SpyMode.LISTEN, true, 14),
                new ServerEvent.SkillsChangedEvent("1001", Map.of("billing", 5), "2001", 15));
        a.rec().await(ServerEvent.SkillsChangedEvent.class);
        assertThat(a.rec().find(SpyChangedEvent.class, x -> true)).isEmpty();
        assertThat(join(other.client().ping()).ok()).isTrue();
        assertThat(other.rec().events).allMatch(m -> m.event() instanceof ConfigEvent
                || m.event() instanceof AgentStateEvent st && "2003".equals(st.agentId()));
    }
}
