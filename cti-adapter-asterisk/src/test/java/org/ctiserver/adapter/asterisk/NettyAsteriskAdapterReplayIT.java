package org.ctiserver.adapter.asterisk;

import org.junit.jupiter.api.Tag;

/** {@link AsteriskAdapterReplayIT}'s tests on the Netty transport. */
@Tag("integration")
class NettyAsteriskAdapterReplayIT extends AsteriskAdapterReplayIT {
    @Override
    AmiSettings.Transport transport() {
        return AmiSettings.Transport.NETTY;
    }
}
