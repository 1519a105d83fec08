package org.ctiserver.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.ctiserver.core.engine.ErrorCode;
import org.ctiserver.protocol.message.Lang;
import org.ctiserver.protocol.message.ProtocolError;
import org.junit.jupiter.api.Test;

class TextsTest {
    @Test
    void everyErrorCodeHasATextInEveryLanguage() {
        for (String lang : Lang.SUPPORTED) {
            for (ErrorCode c : ErrorCode.values()) {
                assertThat(Texts.hasError(lang, c.name())).as(lang + " " + c).isTrue();
            }
            for (ProtocolError c : ProtocolError.values()) {
                assertThat(Texts.hasError(lang, c.name())).as(lang + " " + c).isTrue();
            }
        }
    }

    @Test
    void engineAndProtocolCodesDoNotOverlap() {
        for (ProtocolError p : ProtocolError.values()) {
            for (ErrorCode e : ErrorCode.values()) {
                assertThat(p.name()).isNotEqualTo(e.name());
            }
        }
    }

    @Test
    void fieldNamesAreFilledIn() {
        assertThat(Texts.error(Lang.ZH_CN, "MISSING_FIELD", "reason")).isEqualTo("缺少字段：reason");
        assertThat(Texts.error(Lang.EN, "MISSING_FIELD", "reason")).isEqualTo("Missing field: reason");
    }

    @Test
    void usesTheGlossaryWords() {
        assertThat(Texts.reason(Lang.ZH_CN, "break", "x")).isEqualTo("休息");
        assertThat(Texts.reason(Lang.ZH_CN, "short-break", "x")).isEqualTo("小休");
        assertThat(Texts.disposition(Lang.ZH_CN, "repair", "x")).isEqualTo("报修");
        assertThat(Texts.disposition(Lang.EN, "custom", "自定义")).isEqualTo("自定义");
    }
}
