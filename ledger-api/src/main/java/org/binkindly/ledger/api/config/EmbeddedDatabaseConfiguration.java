package org.binkindly.ledger.api.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayConnectionDetails;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;

/**
 * With no {@code spring.datasource.url}, the ledger runs a real PostgreSQL of its own from the
 * Maven dependency, keeping its data under {@code ledger.data-dir}, so a fresh machine needs
 * nothing installed. Setting the URL switches to that server and this never starts.
 *
 * <p>The embedded server is run as a server that keeps what it acknowledged: fsync and full page
 * writes on, commits synchronous. Every connection proves a password (SCRAM); the passwords are
 * generated into the data directory on first start. Migrations run as the owner role
 * {@code postgres}; the ledger itself runs as {@code ledger}, which may append events but not
 * change, delete or truncate them, nor switch their triggers off (see {@link RuntimeRoleGrants}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    private static final String DATABASE = "postgres";
    private static final Duration ORPHAN_STOP_PATIENCE = Duration.ofSeconds(30);

    /** Started (and its credentials read) in the background as the context was created, if it was. */
    @Bean
    HeadStartedDatabase headStartedDatabase(LedgerProperties properties,
            ObjectProvider<EmbeddedDatabaseHeadStart.Started> headStart) {
        return new HeadStartedDatabase(Optional.ofNullable(headStart.getIfAvailable())
                .flatMap(started -> started.database(properties.dataDir(), properties.embeddedPostgresPort())));
    }

    record HeadStartedDatabase(Optional<EmbeddedDatabaseHeadStart.Taken<EmbeddedDatabaseHeadStart.DatabaseStart>> started) {
    }

    @Bean
    EmbeddedDatabaseCredentials embeddedDatabaseCredentials(LedgerProperties properties, ConfigurableEnvironment environment,
            HeadStartedDatabase headStart) throws IOException {
        refuseDatasourceSettingsWithoutUrl(environment);
        if (headStart.started().isPresent()) {
            return headStart.started().get().value().credentials();
        }
        Files.createDirectories(properties.dataDir());
        return EmbeddedDatabaseCredentials.loadOrCreate(properties.dataDir());
    }

    /** Stopped by {@link #embeddedPostgresStop}, not by its own (library) shutdown hook. */
    @Bean(destroyMethod = "")
    EmbeddedPostgres embeddedPostgres(LedgerProperties properties, EmbeddedDatabaseCredentials credentials,
            HeadStartedDatabase headStart) throws IOException {
        EmbeddedDatabaseHeadStart.Taken<EmbeddedPostgres> started;
        try {
            started = headStart.started().isPresent()
                    ? new EmbeddedDatabaseHeadStart.Taken<>(headStart.started().get().value().postgres(), headStart.started().get().took(),
                            headStart.started().get().waited())
                    : EmbeddedDatabaseHeadStart.Taken.now(() -> startUnchecked(properties.dataDir(), credentials, properties.embeddedPostgresPort()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        EmbeddedPostgres postgres = started.value();
        log.info("Database: embedded PostgreSQL with its data in {}, on localhost port {}; the ledger runs as role '{}' ({})",
                properties.dataDir().resolve("postgres").toAbsolutePath().normalize(), postgres.getPort(),
                EmbeddedDatabaseCredentials.RUNTIME_ROLE, started.timing());
        return postgres;
    }

    private static EmbeddedPostgres startUnchecked(Path dataDir, EmbeddedDatabaseCredentials credentials, int port) {
        try {
            return start(dataDir, credentials, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the embedded PostgreSQL of {@code dataDir} (set up on first use) as the ledger runs
     * it; the {@code restore} command starts it this way too. {@code port} 0 picks a free one.
     */
    public static EmbeddedPostgres start(Path dataDir, EmbeddedDatabaseCredentials credentials, int port) throws IOException {
        Path directory = dataDir.resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(directory);
        OrphanedPostmaster.stopIfOrphaned(directory, ORPHAN_STOP_PATIENCE);
        if (EmbeddedInitdb.needed(directory)) {
            EmbeddedInitdb.run(directory, credentials.ownerPassword());
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                .setServerConfig("listen_addresses", "localhost")
                // The library starts postgres with -F (fsync off) and synchronous_commit off, for
                // speed in tests. These settings come after -F on the command line and win: an
                // acknowledged write must survive a crash of the machine, not only of the ledger.
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("password_encryption", "scram-sha-256")
                // the library's own readiness check logs in as the owner
                .setConnectConfig("password", credentials.ownerPassword());
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        try {
            requirePasswords(postgres, directory, credentials);
        } catch (SQLException | IOException | RuntimeException e) {
            postgres.close();
            throw new IllegalStateException("cannot set up the roles of the embedded PostgreSQL in " + directory
                    + " (are the passwords in " + dataDir.resolve(EmbeddedDatabaseCredentials.FILE_NAME)
                    + " the ones this data directory was set up with?)", e);
        }
        return postgres;
    }

    /**
     * Creates the runtime role (on a first start) and, on a data directory from before passwords
     * that still accepts anyone, sets both passwords and switches every login to SCRAM. A new data
     * directory requires passwords from its creation ({@link EmbeddedInitdb}).
     */
    private static void requirePasswords(EmbeddedPostgres postgres, Path directory, EmbeddedDatabaseCredentials credentials)
            throws SQLException, IOException {
        try (Connection owner = postgres.getPostgresDatabase().getConnection(); Statement sql = owner.createStatement()) {
            boolean runtimeRoleExists;
            try (ResultSet role = sql.executeQuery("select 1 from pg_roles where rolname = '" + EmbeddedDatabaseCredentials.RUNTIME_ROLE + "'")) {
                runtimeRoleExists = role.next();
            }
            boolean onlyPasswords;
            try (ResultSet rules = sql.executeQuery("select count(*) = 0 from pg_hba_file_rules where auth_method <> 'scram-sha-256' or error is not null")) {
                rules.next();
                onlyPasswords = rules.getBoolean(1);
            }
            if (runtimeRoleExists && onlyPasswords) {
                return;
            }
            if (!runtimeRoleExists) {
                sql.execute("create role " + EmbeddedDatabaseCredentials.RUNTIME_ROLE + " login");
            }
            // hex passwords: nothing in them needs quoting
            sql.execute("alter role " + EmbeddedDatabaseCredentials.OWNER_ROLE + " password '" + credentials.ownerPassword() + "'");
            sql.execute("alter role " + EmbeddedDatabaseCredentials.RUNTIME_ROLE + " password '" + credentials.runtimePassword() + "'");
            Files.writeString(directory.resolve("pg_hba.conf"), """
                    # Written by the ledger: every login proves its password (SCRAM), and only from this machine.
                    local all all scram-sha-256
                    host  all all 127.0.0.1/32 scram-sha-256
                    host  all all ::1/128 scram-sha-256
                    """);
            sql.execute("select pg_reload_conf()");
            log.info("Embedded PostgreSQL now requires passwords (kept in the data directory, readable by its owner only)");
        }
    }

    /** The pool depends on it, so the context closes the pool (after Axon and db-scheduler stopped) before PostgreSQL stops. */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresStop embeddedPostgresStop(EmbeddedPostgres postgres) {
        return EmbeddedPostgresStop.takeOver(postgres);
    }

    /**
     * pgjdbc's setting that sends a batch of inserts as multi-row inserts. Off by default, pgjdbc sends
     * every row of a batch as a statement of its own, which PostgreSQL executes one by one: a fifth of
     * its CPU in a rebuild of the views (docs/performance.md). pgjdbc leaves a batch that returns
     * generated keys (the event store's append) as it is.
     */
    public static final String REWRITE_BATCHED_INSERTS = "reWriteBatchedInserts";

    /** Connections the ledger keeps to the embedded PostgreSQL (of its 100, leaving room for a second node and tools). */
    static final int POOL_SIZE = 30;

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres, EmbeddedPostgresStop stopsAfterThePool, EmbeddedDatabaseCredentials credentials) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(postgres));
        config.setUsername(EmbeddedDatabaseCredentials.RUNTIME_ROLE);
        config.setPassword(credentials.runtimePassword());
        config.setPoolName("ledger-embedded");
        // ~15 view processors, the sealer and the scheduler each hold a connection while they work;
        // with 10, requests queued behind them for a connection (JFR, docs/performance.md)
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(10); // an idle ledger (and each test's) holds no more than before
        // as spring.datasource.hikari.connection-timeout: an unreachable database is a 503 within 5 s
        config.setConnectionTimeout(5_000);
        // as spring.datasource.hikari.data-source-properties for an external database
        config.addDataSourceProperty(REWRITE_BATCHED_INSERTS, "true");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot connect to the embedded PostgreSQL", e));
        }
    }

    /** Flyway migrates as the owner of the tables; nothing else in the ledger does. */
    @Bean
    FlywayConnectionDetails embeddedFlywayConnectionDetails(EmbeddedPostgres postgres, EmbeddedDatabaseCredentials credentials) {
        String url = jdbcUrl(postgres);
        return new FlywayConnectionDetails() {
            @Override
            public String getJdbcUrl() {
                return url;
            }

            @Override
            public String getUsername() {
                return EmbeddedDatabaseCredentials.OWNER_ROLE;
            }

            @Override
            public String getPassword() {
                return credentials.ownerPassword();
            }

            @Override
            public String getDriverClassName() {
                return "org.postgresql.Driver";
            }
        };
    }

    public static String jdbcUrl(EmbeddedPostgres postgres) {
        // no user in the URL: pgjdbc lets a URL's user win over the pool's
        return "jdbc:postgresql://localhost:%d/%s".formatted(postgres.getPort(), DATABASE);
    }

    /** As this configuration's condition: no {@code spring.datasource.url}. */
    static boolean embedded(ConfigurableEnvironment environment) {
        return environment.getProperty("spring.datasource.url", "").isEmpty();
    }

    /** False where {@link #refuseDatasourceSettingsWithoutUrl} refuses. */
    static boolean datasourceSettingsAreComplete(ConfigurableEnvironment environment) {
        try {
            refuseDatasourceSettingsWithoutUrl(environment);
            return true;
        } catch (IllegalStateException refused) {
            return false;
        }
    }

    /**
     * A {@code spring.datasource.*} setting without the URL is almost always a typo of the URL;
     * starting a private embedded database instead would look like lost data. The ledger's own
     * defaults (its packaged application.yml) do not count.
     */
    static void refuseDatasourceSettingsWithoutUrl(ConfigurableEnvironment environment) {
        ConfigurationPropertyName datasource = ConfigurationPropertyName.of("spring.datasource");
        TreeSet<String> given = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable && !isPackagedDefaults(source)) {
                iterable.stream().filter(datasource::isAncestorOf).map(ConfigurationPropertyName::toString).forEach(given::add);
            }
        }
        if (!given.isEmpty()) {
            throw new IllegalStateException("spring.datasource.url is not set, but " + String.join(", ", given)
                    + (given.size() == 1 ? " is" : " are") + ": set spring.datasource.url to use that PostgreSQL, or remove "
                    + (given.size() == 1 ? "it" : "them") + " to use the embedded one (the ledger refuses to guess)");
        }
    }

    private static boolean isPackagedDefaults(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
                && propertySource.getName().contains("class path resource [application");
    }
}
