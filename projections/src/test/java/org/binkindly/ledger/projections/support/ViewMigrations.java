package org.binkindly.ledger.projections.support;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

import javax.sql.DataSource;
import java.util.Arrays;

/** The views' Flyway migrations run up to a point, so a test can write rows as an older ledger did and migrate them. */
public final class ViewMigrations {

    private ViewMigrations() {
    }

    /** Migrates to the schema as it stood before {@code version}, whatever the versions before it are numbered. */
    public static void migrateToJustBefore(DataSource dataSource, String version) {
        MigrationVersion limit = MigrationVersion.fromVersion(version);
        MigrationVersion before = Arrays.stream(flyway(dataSource).info().all())
                .map(MigrationInfo::getVersion).filter(candidate -> candidate.compareTo(limit) < 0)
                .max(MigrationVersion::compareTo).orElseThrow();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(before).load().migrate();
    }

    /** Migrates to the latest version. */
    public static void migrate(DataSource dataSource) {
        flyway(dataSource).migrate();
    }

    /** Migrates to the latest version with the Java migrations the application hands its own Flyway run. */
    public static void migrate(DataSource dataSource, JavaMigration... javaMigrations) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").javaMigrations(javaMigrations)
                .outOfOrder(true).load().migrate();
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
    }
}
