package org.binkindly.ledger.api.config;

import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.Properties;

/** With {@code spring.datasource.url} set, says at start which server and database the ledger uses (never a password). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${spring.datasource.url:}'.isEmpty()")
public class ExternalDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExternalDatabaseConfiguration.class);

    ExternalDatabaseConfiguration(Environment environment) {
        log.info("Database: external PostgreSQL {}", describe(environment.getProperty("spring.datasource.url")));
    }

    /** Host, port and database of a JDBC URL; its parameters (which may hold a password) are left out. */
    static String describe(String url) {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            return "(spring.datasource.url is not a jdbc:postgresql: URL)";
        }
        return "at %s:%s, database %s".formatted(parsed.getProperty("PGHOST"), parsed.getProperty("PGPORT"), parsed.getProperty("PGDBNAME"));
    }
}
