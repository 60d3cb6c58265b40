package org.binkindly.ledger.api.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real PostgreSQL that several ledger nodes share, as in production. It can be stopped and
 * started again on the same port and data directory, which is a database restart as the nodes see it.
 */
public final class SharedDatabase implements AutoCloseable {

    private final Path directory;
    private final int port;
    private EmbeddedPostgres server;

    public SharedDatabase(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.port = freePort();
        start();
    }

    public synchronized void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "100")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    public synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/postgres?user=postgres".formatted(port);
    }

    public String[] nodeArguments() {
        return new String[]{"--spring.datasource.url=" + jdbcUrl(), "--spring.datasource.username=postgres",
                "--spring.datasource.hikari.connection-timeout=1000"};
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
