package org.ctiserver.core.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** The phone of a channel, from Asterisk's channel names. */
class PhoneChannelsTest {

    @Test
    void extension_ofLocalAndRealChannels() {
        assertThat(PhoneChannels.extension("Local/2001@agents-00000001;1")).isEqualTo("2001");
        assertThat(PhoneChannels.extension("Local/2001@agents-00000001;2")).isEqualTo("2001");
        assertThat(PhoneChannels.extension("PJSIP/2001-0000000a")).isEqualTo("2001");
        assertThat(PhoneChannels.extension("SIP/agent-7-00000003")).isEqualTo("agent-7");
        assertThat(PhoneChannels.extension("PJSIP/2001")).isEqualTo("2001");
    }

    @Test
    void extension_ofNamesWithoutTechnology_isEmpty() {
        assertThat(PhoneChannels.extension(null)).isEmpty();
        assertThat(PhoneChannels.extension("")).isEmpty();
        assertThat(PhoneChannels.extension("2001")).isEmpty();
        assertThat(PhoneChannels.extension("PJSIP/")).isEmpty();
        assertThat(PhoneChannels.extension("/2001")).isEmpty();
    }

    @Test
    void onPhone_andIsLocal() {
        assertThat(PhoneChannels.onPhone("Local/2001@agents-00000001;1", "2001")).isTrue();
        assertThat(PhoneChannels.onPhone("Local/20011@agents-00000001;1", "2001")).isFalse();
        assertThat(PhoneChannels.onPhone("Local/5550100@pstn-00000002;1", "2001")).isFalse();
        assertThat(PhoneChannels.onPhone("PJSIP/2001-0000000a", "")).isFalse();
        assertThat(PhoneChannels.isLocal("local/2001@agents-00000001;1")).isTrue();
        assertThat(PhoneChannels.isLocal("PJSIP/2001-0000000a")).isFalse();
    }

    @Property
    void extension_readsBackTheDevice_ofEveryNamingForm(@ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 12) String device,
                                                        @ForAll @NumericChars @StringLength(min = 1, max = 8) String sequence) {
        assertThat(PhoneChannels.extension("PJSIP/" + device + "-" + sequence)).isEqualTo(device);
        assertThat(PhoneChannels.extension("Local/" + device + "@agents-" + sequence + ";1")).isEqualTo(device);
        assertThat(PhoneChannels.extension("Local/" + device + "@agents-" + sequence + ";2")).isEqualTo(device);
    }
}
