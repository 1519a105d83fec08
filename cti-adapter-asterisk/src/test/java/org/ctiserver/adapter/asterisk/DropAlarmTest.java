package org.ctiserver.adapter.asterisk;

import org.ctiserver.core.pbx.PbxEvent;
import org.junit.jupiter.api.Test;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DropAlarmTest {

    @Test
    void countsEveryLossButAlarmsAtFirstThenOncePerInterval() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.DropAlarm");
        logger.setLevel(Level.ERROR);
        logger.setAdditive(false);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        AtomicLong now = new AtomicLong(1_000);
        DropAlarm alarm = new DropAlarm(logger, now::get, 10, TimeUnit.SECONDS);
        PbxEvent event = new PbxEvent.LinkDown("x");

        alarm.dropped(event);
        for (int i = 0; i < 99; i++) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
            alarm.dropped(event);
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        alarm.dropped(event);

        assertThat(alarm.count()).isEqualTo(101);
        List<ILoggingEvent> alarms = appender.list;
        assertThat(alarms).hasSize(2).allMatch(e -> e.getLevel() == Level.ERROR);
        assertThat(alarms.get(0).getArgumentArray()).containsExactly(1L, 1L, event);
        assertThat(alarms.get(1).getArgumentArray()).containsExactly(100L, 101L, event);
    }
}
