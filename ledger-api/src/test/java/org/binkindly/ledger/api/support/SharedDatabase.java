package org.binkindly.ledger.api.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real PostgreSQL that several ledger nodes share, as in production, with what else several
 * nodes must share (docs/operations.md): one S3-compatible object store and one audit signing key.
 * The database can be stopped and started again on the same port and data directory, which is a
 * database restart as the nodes see it.
 */
public final class SharedDatabase implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final EmbeddedObjectStore objectStore;
    private final Path auditSigningKey;
    private EmbeddedPostgres server;

    public SharedDatabase(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.port = freePort();
        this.objectStore = EmbeddedObjectStore.start(directory.resolveSibling("shared-object-store"), "ledger");
        this.auditSigningKey = Files.writeString(directory.resolveSibling("shared-audit-signing-key.pem"),
                AuditKeys.privateKeyPem(AuditKeys.generate().getPrivate()));
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
        // The library counts anything answering on the port as its server: another test JVM's server, when both
        // were handed the same free port, would silently be shared. Refuse that instead.
        String serving = new JdbcTemplate(server.getPostgresDatabase())
                .queryForObject("show data_directory", String.class);
        if (!Path.of(serving).toRealPath().equals(directory.toRealPath())) {
            stop();
            throw new IOException("port %d answered with the PostgreSQL server of %s, not this test's %s"
                    .formatted(port, serving, directory));
        }
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

    /** What every node on this database is started with: the database, the object store and the audit signing key. */
    public String[] nodeArguments() {
        return new String[]{"--spring.datasource.url=" + jdbcUrl(), "--spring.datasource.username=postgres",
                "--spring.datasource.hikari.connection-timeout=1000",
                "--ledger.storage.endpoint=" + objectStore.endpoint(), "--ledger.storage.bucket=" + objectStore.bucket(),
                "--ledger.storage.region=" + EmbeddedObjectStore.REGION,
                "--ledger.storage.access-key-id=" + EmbeddedObjectStore.ACCESS_KEY_ID,
                "--ledger.storage.secret-access-key=" + EmbeddedObjectStore.SECRET_ACCESS_KEY,
                "--ledger.audit.signing-key-file=" + auditSigningKey};
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            objectStore.close();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
