package org.ctiserver.pbxsim.ami;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AmiEventMaskTest {
    @Test
    void parsesLikeAsterisk() {
        assertThat(AmiEventMask.parse("on")).isEqualTo(AmiEventMask.ALL);
        assertThat(AmiEventMask.parse("off")).isZero();
        assertThat(AmiEventMask.parse("bogus")).isZero();
        assertThat(AmiEventMask.parse("call,user")).isEqualTo(AmiEventMask.CALL | AmiEventMask.USER);
        assertThat(AmiEventMask.parse("2")).isEqualTo(AmiEventMask.CALL);
        assertThat(AmiEventMask.ofPrivilege("dialplan,all")).isEqualTo(AmiEventMask.DIALPLAN);
    }
}
