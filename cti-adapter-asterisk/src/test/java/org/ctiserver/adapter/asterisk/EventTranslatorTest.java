package org.ctiserver.adapter.asterisk;

import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DialEvent;
import org.asteriskjava.manager.event.DialStateEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.ctiserver.core.pbx.PbxEvent;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Asterisk-Java's event objects, read back into AMI header form, translate like the wire frames do. */
class EventTranslatorTest {

    private static Optional<PbxEvent> translate(ManagerEvent event) {
        return EventTranslator.translate(event);
    }

    @Test
    void callWaitingUserEvent() {
        CtiCallWaitingEvent e = new CtiCallWaitingEvent(this);
        e.setChannel("PJSIP/trunk-00000000");
        e.setUniqueId("1795492004.0");
        e.setQueue("sales");
        e.setCallerNumber("5551003");
        e.setCallerName("Carol Caller");
        e.setIvrLang("en");
        e.setCustomerId("C5551003");
        e.setCallUid("1795492004.0");
        e.setSkills("billing:2");
        assertThat(translate(e)).contains(new PbxEvent.CallWaiting("1795492004.0", "PJSIP/trunk-00000000", "sales",
                "5551003", "Carol Caller", "", "billing:2", Map.of("IvrLang", "en", "CustomerId", "C5551003")));
    }

    @Test
    void callRequeuedUserEvent() {
        CtiCallRequeuedEvent e = new CtiCallRequeuedEvent(this);
        e.setChannel("Local/9005@callers-00000000;1");
        e.setUniqueId("1795491110.0");
        e.setCallUid("1795491110.0");
        e.setLastAgent("2001");
        e.setDialStatus("NOANSWER");
        assertThat(translate(e)).contains(new PbxEvent.CallRequeued("1795491110.0", "Local/9005@callers-00000000;1",
                "2001", "NOANSWER"));
    }

    @Test
    void dialStateAndDialEnd() {
        DialStateEvent ringing = new DialStateEvent(this);
        ringing.setChannel("PJSIP/trunk-00000000");
        ringing.setUniqueId("1795492004.0");
        ringing.setDestChannel("PJSIP/2001-00000001");
        ringing.setDestExten("2001");
        ringing.setDialStatus("RINGING");
        assertThat(translate(ringing)).contains(new PbxEvent.AgentRinging("1795492004.0", "PJSIP/2001-00000001", "2001"));

        DialEndEvent end = new DialEndEvent(this);
        end.setChannel("PJSIP/trunk-00000000");
        end.setUniqueId("1795492004.0");
        end.setDestChannel("PJSIP/2001-00000001");
        end.setDialStatus("BUSY");
        assertThat(translate(end)).contains(new PbxEvent.AgentDialFailed("1795492004.0", "PJSIP/2001-00000001", "2001", "BUSY"));
    }

    @Test
    void hangup() {
        HangupEvent e = new HangupEvent(this);
        e.setChannel("PJSIP/2001-00000001");
        e.setUniqueId("1795492007.1");
        e.setLinkedId("1795492004.0");
        e.setCause(16);
        e.setCauseTxt("Normal Clearing");
        assertThat(translate(e)).contains(new PbxEvent.ChannelHungUp("1795492007.1", "1795492004.0",
                "PJSIP/2001-00000001", 16, "Normal Clearing"));
    }

    @Test
    void otherEventsAndTheLegacyDialEventAreNotRead() {
        DialBeginEvent begin = new DialBeginEvent(this);
        begin.setChannel("PJSIP/trunk-00000000");
        begin.setDestChannel("PJSIP/2001-00000001");
        assertThat(EventTranslator.toFrame(begin)).isNull();
        assertThat(EventTranslator.toFrame(new DialEvent(begin))).isNull();
        assertThat(EventTranslator.toFrame(new NewChannelEvent(this))).isNull();
    }
}
