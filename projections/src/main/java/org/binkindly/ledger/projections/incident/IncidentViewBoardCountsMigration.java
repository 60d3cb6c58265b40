package org.binkindly.ledger.projections.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V283: the board's two counts of the incident rows folded before V282 gave them columns, counted from
 * each row's fold ({@link IncidentViewProjector#countUncountedRows}): the counts are the fold's rules
 * ({@code IncidentState.closureGaps}), which SQL would only copy. The application hands it to Flyway as a
 * bean; a Flyway run without it (a test's, {@code restore}'s on an empty database) leaves such rows null,
 * and the board counts those from their state until the application's next start runs it.
 */
public final class IncidentViewBoardCountsMigration implements JavaMigration {

    private final ObjectMapper json;

    public IncidentViewBoardCountsMigration(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("283");
    }

    @Override
    public String getDescription() {
        return "incident view board counts";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        // Flyway's own connection, in its transaction: closed by Flyway, not here
        IncidentViewProjector.countUncountedRows(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)), json);
    }
}
