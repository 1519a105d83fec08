package org.ctiserver.adapter.asterisk;

import org.junit.jupiter.api.Tag;

/** {@link CallControlSimulatorIT}'s flows on the Netty transport. */
@Tag("integration")
class NettyCallControlSimulatorIT extends CallControlSimulatorIT {
    @Override
    AmiSettings.Transport transport() {
        return AmiSettings.Transport.NETTY;
    }
}
