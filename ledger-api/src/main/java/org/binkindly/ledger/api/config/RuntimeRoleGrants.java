package org.binkindly.ledger.api.config;

import org.binkindly.ledger.adapters.eventlog.JdbcEventLog;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;

/**
 * After every migration, as the owner of the tables, grants the role the ledger runs as what it
 * needs and no more: it reads and writes the views, tokens, keys and tasks, but may only append to
 * the log and to the audit seals (no UPDATE, DELETE or TRUNCATE), may truncate only the incident
 * views' tables (a rebuild's reset empties them), and, not owning any table, can neither switch the
 * append-only triggers off nor alter a table. Default privileges extend the
 * same grants to tables later migrations create. When the ledger runs as the owner itself (no
 * separate migration role configured) there is nothing to split, and it says so.
 */
public class RuntimeRoleGrants implements Callback {

    private static final Logger log = LoggerFactory.getLogger(RuntimeRoleGrants.class);

    /** Tables whose rows, once written, stay as they are: the role the ledger runs as may only insert. */
    static final List<String> APPEND_ONLY_TABLES = List.of(JdbcEventLog.EVENT_TABLE, "audit_seal", "audit_writer_authentication",
            "restored_from_backup");

    private final Supplier<DataSource> runtimeDataSource;

    public RuntimeRoleGrants(Supplier<DataSource> runtimeDataSource) {
        this.runtimeDataSource = runtimeDataSource;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            String runtimeRole = runtimeRole();
            Connection owner = context.getConnection();
            String ownerRole = single(owner, "select current_user");
            if (runtimeRole.equals(ownerRole)) {
                log.warn("The ledger runs as '{}', the role that owns its tables, so nothing but triggers stops it changing the log; "
                        + "give migrations their own role (spring.flyway.user, docs/operations.md)", runtimeRole);
                return;
            }
            String schema = quote(single(owner, "select current_schema()"));
            String role = quote(runtimeRole);
            try (Statement sql = owner.createStatement()) {
                sql.execute("grant usage on schema " + schema + " to " + role);
                sql.execute("grant select, insert, update, delete on all tables in schema " + schema + " to " + role);
                sql.execute("grant usage, select on all sequences in schema " + schema + " to " + role);
                sql.execute("alter default privileges in schema " + schema + " grant select, insert, update, delete on tables to " + role);
                sql.execute("alter default privileges in schema " + schema + " grant usage, select on sequences to " + role);
                for (String table : APPEND_ONLY_TABLES) {
                    if (exists(owner, schema + "." + table)) {
                        sql.execute("revoke update, delete, truncate on " + schema + "." + table + " from " + role);
                    }
                }
                for (String table : IncidentViewProjector.TRUNCATED_AT_RESET) {
                    if (exists(owner, schema + "." + table)) {
                        sql.execute("grant truncate on " + schema + "." + table + " to " + role);
                    }
                }
                String history = schema + "." + quote(context.getConfiguration().getTable());
                sql.execute("revoke insert, update, delete, truncate on " + history + " from " + role);
            }
            log.info("Role '{}' may append to {} but not change them; migrations run as '{}'", runtimeRole, APPEND_ONLY_TABLES, ownerRole);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant the ledger's runtime role its privileges", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "ledger-runtime-role-grants";
    }

    private String runtimeRole() throws SQLException {
        try (Connection runtime = runtimeDataSource.get().getConnection()) {
            return single(runtime, "select current_user");
        }
    }

    private static boolean exists(Connection connection, String qualifiedTable) throws SQLException {
        try (var query = connection.prepareStatement("select to_regclass(?) is not null")) {
            query.setString(1, qualifiedTable);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private static String single(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
