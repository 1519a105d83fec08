package org.ctiserver.adapter.asterisk;

import org.junit.jupiter.api.Tag;

/** {@link AsteriskAdapterSimulatorIT}'s tests on the Netty transport. */
@Tag("integration")
class NettyAsteriskAdapterSimulatorIT extends AsteriskAdapterSimulatorIT {
    @Override
    AmiSettings.Transport transport() {
        return AmiSettings.Transport.NETTY;
    }
}
