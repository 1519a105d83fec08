package org.ctiserver.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The ledger's record of AMI outages: from the cut to the next channel listing (a reconnected client's resync). */
class LedgerOutageTest {
    private static final Instant T0 = Instant.parse("2026-11-24T06:01:14Z");

    @Test
    void callThatArrivedAndEndedBeforeTheChannelsWereListedAgain_isInsideTheOutage() {
        SimulatorLedger ledger = new SimulatorLedger();
        ledger.recordArrival("before", "t", "sales", "", "1", true, T0.minusMillis(500));
        ledger.recordConnectionsDropped(T0);
        ledger.recordArrival("inside", "t", "sales", "", "2", true, T0.plusMillis(600));
        ledger.recordArrival("outlives", "t", "sales", "", "3", true, T0.plusMillis(700));
        ledger.recordEnded("before", SimulatorLedger.EndReason.CALLER_HANGUP, T0.plusMillis(800));
        ledger.recordEnded("inside", SimulatorLedger.EndReason.CALLER_HANGUP, T0.plusMillis(2000));
        assertThat(ledger.outages()).singleElement().satisfies(o -> assertThat(o.resynced()).isNull());
        ledger.recordChannelsListed(T0.plusMillis(2800));
        ledger.recordEnded("outlives", SimulatorLedger.EndReason.CALLER_HANGUP, T0.plusMillis(3000));
        ledger.recordChannelsListed(T0.plusMillis(9000)); // a later listing does not stretch the outage

        SimulatorLedger.Outage outage = ledger.outages().get(0);
        assertThat(outage).isEqualTo(new SimulatorLedger.Outage(T0, T0.plusMillis(2800)));
        assertThat(outage.contains(ledger.call("inside").orElseThrow())).isTrue();
        assertThat(outage.contains(ledger.call("before").orElseThrow())).as("arrived before the cut").isFalse();
        assertThat(outage.contains(ledger.call("outlives").orElseThrow())).as("still up at the resync").isFalse();
    }
}
