package org.ctiserver.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.PbxSimulator;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.ctiserver.pbxsim.SimulatorLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Resynchronizer} against the PBX simulator over real AMI, with callers hanging up while it reads: a caller
 * listed by {@code CoreShowChannels} is adopted with its queue whenever it hangs up afterwards, and a caller gone
 * before the listing is neither listed nor adopted (its Hangup names a call the engine never knew, as for any
 * caller who came and went during the outage).
 */
@Tag("integration")
class ResynchronizerSimulatorIT {
    private static final long TIMEOUT_MS = 5_000;

    private PbxSimulator sim;
    private AmiTransport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest
    @EnumSource(AmiSettings.Transport.class)
    void callersHangingUpDuringTheResync_aListedCallerIsAdopted_aCallerGoneBeforeTheListingIsNot(
            AmiSettings.Transport client) throws Exception {
        sim = PbxSimulator.start(SimulatorConfig.builder().port(0).timeScale(1).trafficPaused(true)
                .callTypes(List.of(SimulatorConfig.CallType.of("sales", "sales").withPatience(0),
                        SimulatorConfig.CallType.of("support", "support").withPatience(0)))
                .phones(List.of(SimulatorConfig.Phone.lab("2001").withHandleTime(Distribution.fixed(3))))
                .build());
        // callers already waiting at the route point when the CTI (re)connects
        String goneBeforeListing = sim.injectCall("sales");
        String goneAfterListing = sim.injectCall("support");
        String staying = sim.injectCall("sales");

        transport = client == AmiSettings.Transport.NETTY
                ? new NettyAmiTransport(settings(client)) : new AsteriskJavaTransport(settings(client));
        transport.open(new AmiTransport.Listener() {
            @Override
            public void onEvent(String name, Map<String, String> fields) {
            }

            @Override
            public void onDisconnected(String reason) {
            }
        });
        Map<String, String> channelOf = new java.util.HashMap<>();
        for (Map<String, String> item : transport.list(AmiAction.coreShowChannels(), TIMEOUT_MS)) {
            channelOf.put(AmiEventTranslator.get(item, "Uniqueid"), AmiEventTranslator.get(item, "Channel"));
        }

        Resynchronizer.Lists hangingUp = (action, timeoutMs) -> {
            if (!action.name().equals(AmiAction.CORE_SHOW_CHANNELS)) {
                return transport.list(action, timeoutMs);
            }
            hangUp(goneBeforeListing, channelOf.get(goneBeforeListing));
            List<Map<String, String>> listed = transport.list(action, timeoutMs);
            hangUp(goneAfterListing, channelOf.get(goneAfterListing));
            return listed;
        };
        PbxEvent.ChannelsSnapshot snapshot = Resynchronizer.read(hangingUp, TIMEOUT_MS);

        assertThat(snapshot.channels()).extracting(PbxEvent.ChannelInfo::uniqueId)
                .contains(goneAfterListing, staying).doesNotContain(goneBeforeListing);
        assertThat(snapshot.atRoutePoint()).extracting(PbxEvent.CallWaiting::callId, PbxEvent.CallWaiting::queueId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(goneAfterListing, "support"),
                        org.assertj.core.groups.Tuple.tuple(staying, "sales"));
    }

    private AmiSettings settings(AmiSettings.Transport client) {
        return AmiSettings.of("127.0.0.1", sim.port(), "cti", "cti-secret")
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).withTransport(client);
    }

    /** Hangs the caller up over AMI and waits until the PBX has ended the call. */
    private void hangUp(String callId, String channel) throws java.io.IOException {
        assertThat(channel).as("channel of %s", callId).isNotEmpty();
        CompletableFuture<AmiTransport.AmiResponse> response = new CompletableFuture<>();
        transport.send(AmiAction.hangup(channel), response::complete);
        try {
            assertThat(response.get(TIMEOUT_MS, TimeUnit.MILLISECONDS).success()).as("Hangup of %s", channel).isTrue();
        } catch (Exception e) {
            throw new AssertionError("no answer to the Hangup of " + channel, e);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sim.ledger().call(callId).map(SimulatorLedger.CallEntry::ended).orElse(false));
    }
}
