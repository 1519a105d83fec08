package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxCommand;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PbxEvent.ChannelHungUp;
import org.ctiserver.core.pbx.PbxEvent.CommandFailed;
import org.ctiserver.core.pbx.PbxEvent.LinkDown;
import org.ctiserver.core.pbx.PbxEvent.LinkUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The adapter's threading, timeouts and reconnects, against an in-memory transport. */
class AsteriskAdapterTest {

    private static final String CALLER = "PJSIP/trunk-00000000";
    private static final Map<String, String> HANGUP = Map.of("Uniqueid", "1.0", "Linkedid", "1.0",
            "Channel", CALLER, "Cause", "16", "Cause-txt", "Normal Clearing");

    private final FakeTransport.Pbx pbx = new FakeTransport.Pbx();
    private final RecordingSink sink = new RecordingSink();
    private AmiSettings settings = AmiSettings.of("fake", 5038, "cti", "secret")
            .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300))
            .withReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(160));
    private AsteriskAdapter adapter;

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private AsteriskAdapter startAdapter() {
        adapter = new AsteriskAdapter(settings, sink, pbx);
        adapter.start();
        await().atMost(Duration.ofSeconds(5)).until(adapter::isLinkUp);
        return adapter;
    }

    @Test
    void linkUpComesBeforeEventsThatArrivedDuringLogin() {
        pbx.eventsAtLogin = List.of(Map.entry("Hangup", HANGUP));
        startAdapter();
        await().until(() -> sink.events().size() == 2);
        assertThat(sink.events()).containsExactly(new LinkUp("Fake 22"),
                new ChannelHungUp("1.0", "1.0", CALLER, 16, "Normal Clearing"));
    }

    @Test
    void routeToAgentRedirectsToTheAgentDialContext() {
        settings = settings.withAgentDialContext("cti-agents");
        startAdapter();
        adapter.execute(new PbxCommand.RouteToAgent("1.0", CALLER, "2001"));
        adapter.execute(new PbxCommand.HangupCall("1.0", CALLER));
        await().until(() -> pbx.actions.size() == 2);
        assertThat(pbx.actions).containsExactly(
                new AmiAction("Redirect", Map.of("Channel", CALLER, "Context", "cti-agents", "Exten", "2001",
                        "Priority", "1")),
                new AmiAction("Hangup", Map.of("Channel", CALLER)));
        assertThat(pbx.actions.get(0).headers().keySet()).containsExactly("Channel", "Context", "Exten", "Priority");
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void errorResponseBecomesCommandFailedWithAsterisksMessage() {
        pbx.responder = a -> new AmiTransport.AmiResponse(false, "Channel does not exist: " + a.header("Channel"));
        startAdapter();
        PbxCommand route = new PbxCommand.RouteToAgent("9.9", "PJSIP/gone-00000009", "2001");
        adapter.execute(route);
        await().until(() -> sink.count(CommandFailed.class) == 1);
        assertThat(sink.events(CommandFailed.class)).containsExactly(
                new CommandFailed(route, "Channel does not exist: PJSIP/gone-00000009"));
        assertThat(adapter.failedCommandCount()).isEqualTo(1);
    }

    @Test
    void unansweredActionFailsAfterTheActionTimeout() {
        pbx.responder = a -> null;
        startAdapter();
        PbxCommand hangup = new PbxCommand.HangupCall("1.0", CALLER);
        long t0 = System.nanoTime();
        adapter.execute(hangup);
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.count(CommandFailed.class) == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(sink.events(CommandFailed.class).get(0).message()).contains("no response to Hangup within 300 ms");
    }

    @Test
    void commandWhileTheLinkIsDownFailsAtOnce() {
        adapter = new AsteriskAdapter(settings, sink, pbx); // never started
        PbxCommand route = new PbxCommand.RouteToAgent("1.0", CALLER, "2001");
        adapter.execute(route);
        await().until(() -> sink.count(CommandFailed.class) == 1);
        assertThat(sink.events(CommandFailed.class).get(0).message()).contains("is down");
    }

    @Test
    void executeNeverWaitsForTheSocket() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        pbx.responder = a -> {
            awaitQuietly(release); // a socket write stuck on a full TCP buffer
            return new AmiTransport.AmiResponse(true, "ok");
        };
        startAdapter();
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            adapter.execute(new PbxCommand.HangupCall("1." + i, CALLER));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
        release.countDown();
        await().until(() -> pbx.actions.size() == 100);
    }

    @Test
    void fullActionQueueFailsTheCommandInsteadOfBlocking() {
        CountDownLatch release = new CountDownLatch(1);
        settings = settings.withEventHandoffCapacity(2);
        pbx.responder = a -> {
            awaitQuietly(release);
            return new AmiTransport.AmiResponse(true, "ok");
        };
        startAdapter();
        for (int i = 0; i < 10; i++) {
            adapter.execute(new PbxCommand.HangupCall("1." + i, CALLER));
        }
        await().until(() -> sink.count(CommandFailed.class) >= 7);
        assertThat(sink.events(CommandFailed.class)).allMatch(f -> f.message().contains("queue full"));
        release.countDown();
    }

    @Test
    void refusedEventsAreCountedNotLost() {
        startAdapter();
        sink.refuse(true);
        for (int i = 0; i < 5; i++) {
            pbx.last().event("Hangup", HANGUP);
        }
        assertThat(adapter.droppedEventCount()).isEqualTo(5);
        sink.refuse(false);
        pbx.last().event("Newexten", Map.of("Channel", CALLER)); // means nothing: not offered, not counted
        assertThat(adapter.droppedEventCount()).isEqualTo(5);
    }

    @Test
    void lostConnectionFailsPendingCommandsThenReconnects() {
        pbx.responder = a -> a.name().equals("Ping") ? new AmiTransport.AmiResponse(true, "") : null;
        startAdapter();
        PbxCommand route = new PbxCommand.RouteToAgent("1.0", CALLER, "2001");
        adapter.execute(route);
        await().until(() -> !pbx.last().unanswered.isEmpty());
        FakeTransport first = pbx.last();
        first.drop();
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.linkUpCount() == 2);
        assertThat(first.isClosed()).isTrue();
        assertThat(sink.events()).filteredOn(e -> !(e instanceof CommandFailed))
                .containsExactly(new LinkUp("Fake 22"), new LinkDown("dropped by test"), new LinkUp("Fake 22"));
        assertThat(sink.events(CommandFailed.class).get(0).message()).contains("connection lost");
    }

    @Test
    void failedLoginsAreRetriedWithExponentialBackoff() {
        for (int i = 0; i < 4; i++) {
            pbx.loginFailures.add(new AmiTransport.LoginRefusedException("Authentication failed", null));
        }
        startAdapter();
        List<Long> t = pbx.attemptNanos;
        assertThat(t).hasSize(5);
        long[] gapsMs = new long[4];
        for (int i = 0; i < 4; i++) {
            gapsMs[i] = TimeUnit.NANOSECONDS.toMillis(t.get(i + 1) - t.get(i));
        }
        // 20, 40, 80, 160 ms (the ceiling): each wait at least the nominal delay
        assertThat(gapsMs[0]).isGreaterThanOrEqualTo(19);
        assertThat(gapsMs[1]).isGreaterThanOrEqualTo(39);
        assertThat(gapsMs[2]).isGreaterThanOrEqualTo(79);
        assertThat(gapsMs[3]).isGreaterThanOrEqualTo(159);
        assertThat(sink.events()).containsExactly(new LinkUp("Fake 22"));
    }

    @Test
    void unansweredPingDeclaresTheLinkDead() {
        settings = settings.withPing(Duration.ofMillis(100), Duration.ofMillis(100));
        pbx.responder = a -> null;
        startAdapter();
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.count(LinkDown.class) == 1);
        assertThat(sink.events(LinkDown.class).get(0).reason()).contains("Ping");
        pbx.responder = a -> new AmiTransport.AmiResponse(true, "");
        await().atMost(Duration.ofSeconds(3)).until(() -> adapter.linkUpCount() >= 2);
    }

    @Test
    void commandThatTimedOutWhileQueuedIsNeverSent() {
        CountDownLatch release = new CountDownLatch(1);
        pbx.responder = a -> {
            if (a.header("Channel").equals("stuck")) {
                awaitQuietly(release); // the first write hangs past the action timeout
            }
            return new AmiTransport.AmiResponse(true, "ok");
        };
        startAdapter();
        PbxCommand first = new PbxCommand.HangupCall("1.0", "stuck");
        PbxCommand queued = new PbxCommand.RouteToAgent("2.0", CALLER, "2001");
        adapter.execute(first);
        adapter.execute(queued);
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.count(CommandFailed.class) == 2);
        release.countDown();
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        assertThat(pbx.actions).extracting(AmiAction::name).containsExactly("Hangup");
        assertThat(sink.events(CommandFailed.class)).extracting(CommandFailed::command).containsExactlyInAnyOrder(first, queued);
    }

    @Test
    void stuckWriteDoesNotHideADeadLink() {
        CountDownLatch release = new CountDownLatch(1);
        settings = settings.withPing(Duration.ofMillis(100), Duration.ofMillis(200));
        pbx.responder = a -> {
            if (a.name().equals("Hangup")) {
                awaitQuietly(release);
            }
            return a.name().equals("Ping") ? new AmiTransport.AmiResponse(true, "") : null;
        };
        startAdapter();
        adapter.execute(new PbxCommand.HangupCall("1.0", CALLER));
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.count(LinkDown.class) == 1);
        assertThat(sink.events(LinkDown.class).get(0).reason()).contains("no response to Ping");
        release.countDown();
    }

    @Test
    void closeLogsOffAndReportsTheLinkDown() {
        startAdapter();
        FakeTransport transport = pbx.last();
        adapter.close();
        assertThat(transport.isClosed()).isTrue();
        assertThat(sink.events()).containsExactly(new LinkUp("Fake 22"), new LinkDown("adapter closed"));
        PbxCommand late = new PbxCommand.HangupCall("1.0", CALLER);
        adapter.execute(late);
        assertThat(sink.events(CommandFailed.class)).containsExactly(new CommandFailed(late, "adapter is closed"));
    }

    @Test
    void multiStepCommand_sendsEachStepOnlyAfterThePreviousOnesSuccess() {
        pbx.responder = a -> null; // nothing answered until the test says so
        startAdapter();
        adapter.execute(new PbxCommand.SendDtmf("1.0", CALLER, "123"));
        await().until(() -> pbx.actions.size() == 1);
        FakeTransport t = pbx.last();
        assertThat(pbx.actions.get(0).header("Digit")).isEqualTo("1");
        t.unanswered.remove(0).accept(new AmiTransport.AmiResponse(true, "DTMF successfully queued"));
        await().until(() -> pbx.actions.size() == 2);
        t.unanswered.remove(0).accept(new AmiTransport.AmiResponse(true, "DTMF successfully queued"));
        await().until(() -> pbx.actions.size() == 3);
        assertThat(pbx.actions).extracting(a -> a.header("Digit")).containsExactly("1", "2", "3");
        t.unanswered.remove(0).accept(new AmiTransport.AmiResponse(true, "DTMF successfully queued"));
        assertThat(sink.count(CommandFailed.class)).isZero();
    }

    @Test
    void unusableCommand_failsAtOnceWithTheReason_andExecuteDoesNotThrow() {
        startAdapter();
        PbxCommand bad = new PbxCommand.Conference("1.0", "8001", List.of());
        adapter.execute(bad);
        await().until(() -> sink.count(CommandFailed.class) == 1);
        assertThat(sink.events(CommandFailed.class).get(0)).satisfies(f -> {
            assertThat(f.command()).isEqualTo(bad);
            assertThat(f.message()).contains("Conference").contains("at least one channel");
        });
        assertThat(pbx.actions).isEmpty();
        // the queue slot the refused command took is given back: a later command still runs
        adapter.execute(new PbxCommand.HangupChannel("1.0", CALLER));
        await().until(() -> pbx.actions.size() == 1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
