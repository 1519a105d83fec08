package org.ctiserver.adapter.asterisk;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** An in-memory AMI peer for adapter unit tests: scripted logins, scripted responses, events on demand. */
final class FakeTransport implements AmiTransport {

    /** Shared by every transport the adapter makes: one per connection attempt. */
    static final class Pbx implements Supplier<AmiTransport> {
        final List<FakeTransport> opened = new CopyOnWriteArrayList<>();
        final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        final Queue<IOException> loginFailures = new ConcurrentLinkedQueue<>();
        final List<AmiAction> actions = new CopyOnWriteArrayList<>();
        /** Answers an action; null keeps it unanswered. */
        volatile Function<AmiAction, AmiResponse> responder = a -> new AmiResponse(true, "ok");
        /** Events sent right after login, before open() returns (they must still follow LinkUp). */
        volatile List<Map.Entry<String, Map<String, String>>> eventsAtLogin = List.of();

        @Override
        public AmiTransport get() {
            return new FakeTransport(this);
        }

        FakeTransport last() {
            return opened.get(opened.size() - 1);
        }
    }

    private final Pbx pbx;
    private volatile Listener listener;
    private volatile boolean closed;
    final List<Consumer<AmiResponse>> unanswered = new CopyOnWriteArrayList<>();

    private FakeTransport(Pbx pbx) {
        this.pbx = pbx;
    }

    @Override
    public String open(Listener l) throws IOException {
        pbx.attemptNanos.add(System.nanoTime());
        IOException failure = pbx.loginFailures.poll();
        if (failure != null) {
            throw failure;
        }
        this.listener = l;
        pbx.opened.add(this);
        for (Map.Entry<String, Map<String, String>> e : pbx.eventsAtLogin) {
            l.onEvent(e.getKey(), e.getValue());
        }
        return "Fake 22";
    }

    @Override
    public void send(AmiAction action, Consumer<AmiResponse> callback) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        pbx.actions.add(action);
        AmiResponse response = pbx.responder.apply(action);
        if (response == null) {
            unanswered.add(callback);
        } else {
            callback.accept(response);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    void event(String name, Map<String, String> fields) {
        listener.onEvent(name, fields);
    }

    /** The peer went away: pending actions get null, as Asterisk-Java does, then the disconnect. */
    void drop() {
        unanswered.forEach(c -> c.accept(null));
        unanswered.clear();
        listener.onDisconnected("dropped by test");
    }
}
