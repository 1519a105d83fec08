package org.ctiserver.adapter.asterisk;

import org.junit.jupiter.api.Tag;

/** {@link BadInputSimulatorIT} on the Netty transport, which counts every kind of bad input. */
@Tag("integration")
class NettyBadInputSimulatorIT extends BadInputSimulatorIT {
    @Override
    AmiSettings.Transport transport() {
        return AmiSettings.Transport.NETTY;
    }
}
