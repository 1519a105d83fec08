package org.ctiserver.wallboard;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** Vert.x, a router and the wallboard endpoint on an ephemeral port, as the server wiring would set them up. */
final class WallboardServer implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final FakeCtiService cti;
    final WallboardEndpoint endpoint;
    private final HttpServer server;

    WallboardServer(FakeCtiService cti, WallboardOptions options) throws Exception {
        this.cti = cti;
        this.endpoint = new WallboardEndpoint(vertx, cti, options);
        Router router = Router.router(vertx);
        endpoint.mount(router);
        server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + server.actualPort() + path);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        endpoint.close();
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
