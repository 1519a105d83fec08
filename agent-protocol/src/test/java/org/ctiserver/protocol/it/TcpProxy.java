package org.ctiserver.protocol.it;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ctiserver.protocol.ProtocolOptions;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/** A TCP relay in front of the test server that can cut connections or freeze them (a peer gone silent). */
final class TcpProxy implements AutoCloseable {
    private static final class Link {
        final NetSocket in;
        final NetSocket out;
        volatile boolean frozen;

        Link(NetSocket in, NetSocket out) {
            this.in = in;
            this.out = out;
        }
    }

    private final NetServer server;
    private final NetClient client;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    TcpProxy(Vertx vertx, int targetPort) {
        client = vertx.createNetClient();
        server = vertx.createNetServer().connectHandler(in -> {
            if (refusing) {
                in.close();
                return;
            }
            in.pause();
            client.connect(targetPort, "127.0.0.1").onSuccess(out -> {
                Link link = new Link(in, out);
                links.add(link);
                in.handler(b -> {
                    if (!link.frozen) {
                        out.write(b);
                    }
                });
                out.handler(b -> {
                    if (!link.frozen) {
                        in.write(b);
                    }
                });
                in.closeHandler(v -> out.close());
                out.closeHandler(v -> in.close());
                in.resume();
            }).onFailure(err -> in.close());
        });
        TestBed.join(server.listen(0, "127.0.0.1").toCompletionStage());
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + server.actualPort() + ProtocolOptions.WEBSOCKET_PATH);
    }

    /** Drops every open connection at the TCP level: no close frame either way. */
    void cutAll() {
        links.forEach(l -> {
            l.in.close();
            l.out.close();
        });
        links.clear();
    }

    /** Open connections stop carrying bytes both ways but stay open; new connections work. */
    void freezeAll() {
        links.forEach(l -> l.frozen = true);
    }

    /** While on, new connections are closed at once (the server is unreachable). */
    void refuse(boolean on) {
        refusing = on;
    }

    int openLinks() {
        return (int) links.stream().filter(l -> !l.frozen).count();
    }

    @Override
    public void close() {
        cutAll();
        server.close();
        client.close();
    }
}
