package org.ctiserver.adapter.asterisk;

import org.junit.jupiter.api.Tag;

/** {@link CallControlReplayIT}'s tests on the Netty transport. */
@Tag("integration")
class NettyCallControlReplayIT extends CallControlReplayIT {
    @Override
    AmiSettings.Transport transport() {
        return AmiSettings.Transport.NETTY;
    }
}
