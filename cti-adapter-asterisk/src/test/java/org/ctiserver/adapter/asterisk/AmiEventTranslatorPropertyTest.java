package org.ctiserver.adapter.asterisk;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever Asterisk (or a broken peer) sends, translation gives an answer and never an exception. */
class AmiEventTranslatorPropertyTest {

    @Property(tries = 1000)
    void arbitraryFieldMapsNeverThrow(@ForAll("eventNames") String name, @ForAll("frames") Map<String, String> fields) {
        assertThat(AmiEventTranslator.translate(name, fields)).isNotNull();
    }

    @Property(tries = 300)
    void translatedEventsCarryNoNullComponent(@ForAll("eventNames") String name,
                                              @ForAll("frames") Map<String, String> fields) {
        AmiEventTranslator.translate(name, fields).ifPresent(event ->
                assertThat(event.toString()).doesNotContain("=null"));
    }

    @Property(tries = 500)
    void phoneStatesAlwaysHaveAnExtensionAndAState(@ForAll("frames") Map<String, String> fields) {
        for (String name : new String[] {"DeviceStateChange", "ExtensionStatus"}) {
            AmiEventTranslator.translate(name, fields).ifPresent(event ->
                    assertThat(event).isInstanceOfSatisfying(org.ctiserver.core.pbx.PbxEvent.PhoneStateChanged.class,
                            p -> {
                                assertThat(p.extension()).isNotBlank();
                                assertThat(p.state()).isNotNull();
                                assertThat(p.source()).isNotNull();
                            }));
        }
    }

    @Provide
    Arbitrary<String> eventNames() {
        return Arbitraries.oneOf(
                Arbitraries.of("UserEvent", "DialState", "DialEnd", "Hangup", "hangup", "DIALEND", "Newchannel",
                        "DeviceStateChange", "devicestatechange", "ExtensionStatus"),
                Arbitraries.strings().ofMaxLength(12));
    }

    @Provide
    Arbitrary<Map<String, String>> frames() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of("Channel", "Uniqueid", "Linkedid", "UserEvent", "DestChannel", "DestExten",
                        "DestCallerIDNum", "DialString", "DialStatus", "Cause", "Cause-txt", "CallUid", "Queue",
                        "Skills", "CallerNumber", "CallerIDNum", "uniqueid", "LastAgent", "Device", "State", "Exten",
                        "Context", "Hint", "Status", "StatusText", "device"),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("CtiCallWaiting", "CtiCallRequeued", "RINGING", "ANSWER", "NOANSWER", "<unknown>", "",
                        " ", "Local/2001@agents-00000001;1", "PJSIP/2001-00000001", "PJSIP/", "Local/@;", "-", "/",
                        "16", "-1", "99999999999", "1795491068.0", "PJSIP/2001", "Local/2001@agents", "Queue:sales_avail",
                        "Queue:sales_pause_Local/2001@agents", "Custom:agent2001", "NOT_INUSE", "INUSE", "RINGINUSE",
                        "UNAVAILABLE", "INVALID", "0", "4", "9", "-2", "2147483648", "InUse&Ringing", "Idle"),
                Arbitraries.strings().ofMaxLength(20));
        return Arbitraries.maps(keys, values).ofMaxSize(12);
    }
}
