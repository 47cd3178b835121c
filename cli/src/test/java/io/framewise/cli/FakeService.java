package io.framewise.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for a service's REST endpoint: records the last request, runs an optional action (publish the events
 * the real service would), and answers with a fixed status and body.
 */
final class FakeService implements AutoCloseable {

    final AtomicReference<String> path = new AtomicReference<>();
    final AtomicReference<byte[]> body = new AtomicReference<>();
    private final HttpServer server;

    FakeService(int status, String answer) throws IOException {
        this(status, answer, () -> { });
    }

    FakeService(int status, String answer, ThrowingRunnable onRequest) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            body.set(exchange.getRequestBody().readAllBytes());
            try {
                onRequest.run();
            } catch (Exception e) {
                throw new IOException("the fake service's action failed", e);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
