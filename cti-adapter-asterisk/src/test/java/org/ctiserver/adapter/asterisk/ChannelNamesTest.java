package org.ctiserver.adapter.asterisk;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Local/2001@agents-00000001;1 | 2001",
            "Local/2001@agents-00000001;2 | 2001",
            "Local/2001@agents           | 2001",
            "PJSIP/2001-00000001         | 2001",
            "PJSIP/2001-0000000a         | 2001",
            "PJSIP/agent-7-0000001f      | agent-7",
            "SIP/2002-000000ff           | 2002",
            "PJSIP/trunk                 | trunk",
            "2001                        | ''",
            "/2001                       | ''",
            "NULL                        | ''"})
    void resourceOfAChannel(String channel, String expected) {
        assertThat(ChannelNames.resource(channel)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "2001@agents                  | 2001",
            "2001                         | 2001",
            "PJSIP/2001                   | 2001",
            "2001/sip:2001@10.0.0.5:5060  | 2001",
            "''                           | ''",
            "NULL                         | ''"})
    void targetOfADialString(String dialString, String expected) {
        assertThat(ChannelNames.dialStringTarget(dialString)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // DialEnd has an empty DestExten: the channel gives the same answer as in DialState
            "PJSIP/2001-00000001 | ''   | NULL        | 2001 | 2001",
            "NULL                | 2002 | 2002@agents | 2002 | 2002",
            "NULL                | s    | PJSIP/2003  | 9    | 2003",
            "NULL                | s    | NULL        | 2004 | 2004",
            "NULL                | NULL | NULL        | NULL | ''"})
    void agentExtensionFallsBackInOrder(String destChannel, String destExten, String dialString, String cid,
                                        String expected) {
        assertThat(ChannelNames.agentExtension(destChannel, destExten, dialString, cid)).isEqualTo(expected);
    }
}
