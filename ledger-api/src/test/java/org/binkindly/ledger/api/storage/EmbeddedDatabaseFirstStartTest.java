package org.binkindly.ledger.api.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.api.config.EmbeddedDatabaseConfiguration;
import org.binkindly.ledger.api.config.EmbeddedDatabaseCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first start of the embedded PostgreSQL on a new data directory never has a moment in which
 * a local process could log in without a password: the cluster is created with SCRAM and the
 * owner's password from the start (no {@code trust} line in pg_hba.conf at any time), and a
 * password-less login is refused throughout the start and after it.
 */
class EmbeddedDatabaseFirstStartTest {

    @TempDir
    Path directory;

    @Test
    void aNewDataDirectoryNeverAcceptsALoginWithoutPassword() throws Exception {
        Path dataDir = directory.resolve("ledger");
        Files.createDirectories(dataDir);
        Path hba = dataDir.resolve("postgres").resolve("pg_hba.conf");
        int port = freePort();

        Set<String> trustLinesSeen = ConcurrentHashMap.newKeySet();
        List<String> passwordlessLogins = new ArrayList<>();
        AtomicInteger hbaReads = new AtomicInteger();
        AtomicInteger refusedLogins = new AtomicInteger();
        AtomicBoolean starting = new AtomicBoolean(true);
        // Watches pg_hba.conf and tries a password-less login over and over while the server is created and started.
        Thread watcher = new Thread(() -> {
            while (starting.get()) {
                trustLinesSeen.addAll(trustLines(hba, hbaReads));
                try {
                    passwordlessLogin(port, "postgres").close();
                    synchronized (passwordlessLogins) {
                        passwordlessLogins.add("postgres");
                    }
                } catch (SQLException refusedOrNotUp) {
                    if (refusedOrNotUp.getMessage() != null && refusedOrNotUp.getMessage().contains("password")) {
                        refusedLogins.incrementAndGet();
                    }
                }
            }
        }, "pg_hba-watcher");
        watcher.start();
        EmbeddedDatabaseCredentials credentials = EmbeddedDatabaseCredentials.loadOrCreate(dataDir);
        try (EmbeddedPostgres postgres = EmbeddedDatabaseConfiguration.start(dataDir, credentials, port)) {
            starting.set(false);
            watcher.join();

            assertThat(hbaReads.get()).as("pg_hba.conf was read while the server was created and started").isPositive();
            assertThat(trustLinesSeen).as("trust lines seen in pg_hba.conf").isEmpty();
            assertThat(passwordlessLogins).as("logins accepted without a password").isEmpty();
            assertThat(refusedLogins.get()).as("password-less logins refused while starting").isPositive();

            try (Connection owner = postgres.getPostgresDatabase().getConnection();
                 Statement sql = owner.createStatement();
                 ResultSet methods = sql.executeQuery("select distinct auth_method from pg_hba_file_rules")) {
                List<String> authMethods = new ArrayList<>();
                while (methods.next()) {
                    authMethods.add(methods.getString(1));
                }
                assertThat(authMethods).containsExactly("scram-sha-256");
            }
            for (String user : List.of("postgres", "ledger")) {
                assertThatThrownBy(() -> passwordlessLogin(port, user).close()).as(user).isInstanceOf(SQLException.class)
                        .hasMessageContaining("password");
            }
        } finally {
            starting.set(false);
            watcher.join();
        }
    }

    private static List<String> trustLines(Path hba, AtomicInteger reads) {
        List<String> lines;
        try {
            lines = Files.readAllLines(hba);
        } catch (IOException notYetWritten) {
            return List.of();
        }
        reads.incrementAndGet();
        return lines.stream().map(String::strip).filter(line -> !line.startsWith("#"))
                .filter(line -> List.of(line.split("\\s+")).contains("trust")).toList();
    }

    private static Connection passwordlessLogin(int port, String user) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        dataSource.setUser(user);
        dataSource.setConnectTimeout(1);
        return dataSource.getConnection();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
