package org.ctiserver.server.config;

import org.ctiserver.adapter.asterisk.AmiContexts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ctiserver.server.config.ConfigLoaderTest.AGENT;
import static org.ctiserver.server.config.ConfigLoaderTest.QUEUE;
import static org.ctiserver.server.config.ConfigLoaderTest.config;

/** {@code ami.contexts.*}: the dialplan contexts of call control, defaults as in the sample extensions.conf. */
class AmiContextsConfigTest {

    @Test
    void parse_noContexts_givesTheSampleDialplansNames() {
        assertThat(ConfigLoader.parse(config(QUEUE, AGENT), "t.yaml").ami().contexts()).isEqualTo(AmiContexts.DEFAULTS);
    }

    @Test
    void parse_someContexts_replaceOnlyThose() {
        String yaml = config(QUEUE, AGENT).replace("secret: s3cret}",
                "secret: s3cret, contexts: {hold: cti-hold, conference: cti-conf}}");
        AmiContexts c = ConfigLoader.parse(yaml, "t.yaml").ami().contexts();
        assertThat(c.hold()).isEqualTo("cti-hold");
        assertThat(c.conference()).isEqualTo("cti-conf");
        assertThat(c.outbound()).isEqualTo("outbound");
        assertThat(c.amd()).isEqualTo("amd");
    }

    @Test
    void parse_badContexts_areNamedInTheError() {
        String yaml = config(QUEUE, AGENT).replace("secret: s3cret}",
                "secret: s3cret, contexts: {hold: 'a b', parking: lot}}");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "t.yaml"))
                .hasMessageContaining("ami.contexts.hold: 'a b' is not a dialplan context name")
                .hasMessageContaining("ami.contexts.parking: unknown");
    }
}
