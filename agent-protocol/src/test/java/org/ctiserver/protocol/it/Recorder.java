package org.ctiserver.protocol.it;

import org.awaitility.Awaitility;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.ctiserver.core.agent.AgentState;
import org.ctiserver.protocol.client.AgentClient;
import org.ctiserver.protocol.message.EventMessage;
import org.ctiserver.protocol.message.Reply;
import org.ctiserver.protocol.message.ServerEvent;
import org.ctiserver.protocol.message.ServerEvent.AgentStateEvent;
import org.ctiserver.protocol.message.ServerMessage;

/** Records what a client receives and waits for it. */
final class Recorder {
    private static final long WAIT_SECONDS = 10;
    final List<EventMessage> events = new CopyOnWriteArrayList<>();
    final List<ServerMessage> messages = new CopyOnWriteArrayList<>();

    Recorder(AgentClient client) {
        client.onEvent(events::add);
        client.onMessage(messages::add);
    }

    <T extends ServerEvent> Optional<T> find(Class<T> type, Predicate<T> test) {
        return events.stream().map(EventMessage::event).filter(type::isInstance).map(type::cast).filter(test).findFirst();
    }

    <T extends ServerEvent> T await(Class<T> type) {
        return await(type, e -> true);
    }

    <T extends ServerEvent> T await(Class<T> type, Predicate<T> test) {
        Awaitility.await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> find(type, test).isPresent());
        return find(type, test).orElseThrow();
    }

    /** Waits until the newest agentState event says {@code state}. */
    AgentStateEvent awaitState(AgentState state) {
        Awaitility.await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> lastState().map(s -> s.state() == state).orElse(false));
        return lastState().orElseThrow();
    }

    Optional<AgentStateEvent> lastState() {
        AgentStateEvent last = null;
        for (EventMessage m : events) {
            if (m.event() instanceof AgentStateEvent s) {
                last = s;
            }
        }
        return Optional.ofNullable(last);
    }

    /** Waits for a reply no request of the client waited for (sent as raw text), matching {@code test}. */
    Reply awaitReply(Predicate<Reply> test) {
        Awaitility.await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> replies(test).isPresent());
        return replies(test).orElseThrow();
    }

    private Optional<Reply> replies(Predicate<Reply> test) {
        return messages.stream().filter(Reply.class::isInstance).map(Reply.class::cast).filter(test).findFirst();
    }
}
