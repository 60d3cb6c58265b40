package org.binkindly.ledger.api.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.shared.Scope;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BinKindly's resolver and rules API as far as the post-rollback probes see them, over real HTTP:
 * they answer with the manifest that storage holds as active, read through the real S3 adapter.
 * A test can make a scope's resolver fail, as a broken read path would.
 */
public final class StubResolver implements AutoCloseable {

    private final HttpServer server;
    private final ManifestStore storage;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public StubResolver(ManifestStore storage) throws IOException {
        this.storage = storage;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/resolve/", exchange -> answer(exchange, "/resolve/"));
        server.createContext("/rules/", exchange -> answer(exchange, "/rules/"));
        server.start();
    }

    public String resolverUrlTemplate() {
        return base() + "/resolve/{kind}/{id}";
    }

    public String rulesUrlTemplate() {
        return base() + "/rules/{kind}/{id}";
    }

    public void failFor(String scope) {
        failing.add(scope);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, String prefix) throws IOException {
        String scope = exchange.getRequestURI().getPath().substring(prefix.length());
        if (failing.contains(scope)) {
            respond(exchange, 503, "{\"error\":\"read path unavailable\"}");
            return;
        }
        ManifestStore.Readback readback = storage.readBack(Scope.parse(scope));
        if (readback.failed() || readback.active().isEmpty()) {
            respond(exchange, 404, "{\"error\":\"no active manifest\"}");
            return;
        }
        respond(exchange, 200, "{\"manifestId\":\"%s\"}".formatted(readback.active().get().manifestId()));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
