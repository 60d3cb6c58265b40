package org.binkindly.ledger.api.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * With no {@code spring.datasource.url}, the ledger runs a real PostgreSQL of its own from the
 * Maven dependency, keeping its data under {@code ledger.data-dir}, so a fresh machine needs
 * nothing installed. Setting the URL switches to that server and this never starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(LedgerProperties properties) throws IOException {
        Path directory = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "50")
                // zonky turns this off for speed; an acknowledged write must survive a crash of PostgreSQL too.
                .setServerConfig("synchronous_commit", "on");
        if (properties.embeddedPostgresPort() > 0) {
            builder.setPort(properties.embeddedPostgresPort());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL is running on port {} with its data in {}", postgres.getPort(), directory);
        return postgres;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPoolName("ledger-embedded");
        config.setMaximumPoolSize(10);
        // as spring.datasource.hikari.connection-timeout: an unreachable database is a 503 within 5 s
        config.setConnectionTimeout(5_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot connect to the embedded PostgreSQL", e));
        }
    }
}
