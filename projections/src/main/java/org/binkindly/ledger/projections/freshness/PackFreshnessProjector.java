package org.binkindly.ledger.projections.freshness;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.freshness.ActiveManifestUnreadable;
import org.binkindly.ledger.core.freshness.ActivePackObserved;
import org.binkindly.ledger.core.freshness.FreshnessThresholdChanged;
import org.binkindly.ledger.core.freshness.FreshnessWatchStarted;
import org.binkindly.ledger.core.freshness.PackFreshAgain;
import org.binkindly.ledger.core.freshness.PackWentStale;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Each watched scope's active pack, its threshold and whether it is in breach. Every handler sets
 * values from its event (none adds to what is there, except the breach count, which only the
 * breach itself raises, guarded by its own state), so a redelivered event changes nothing.
 */
@ProcessingGroup(PackFreshnessProjector.PROCESSING_GROUP)
public class PackFreshnessProjector {

    public static final String PROCESSING_GROUP = "pack-freshness";

    private final JdbcTemplate jdbc;

    public PackFreshnessProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(FreshnessWatchStarted event, @Timestamp Instant recordedAt) {
        Scope scope = event.freshnessId().scope();
        jdbc.update("""
                insert into pack_freshness_view (scope_kind, scope_id, threshold_seconds, watched_since)
                values (?, ?, ?, ?) on conflict (scope_kind, scope_id) do nothing""",
                scope.kind().pathSegment(), scope.id(), event.thresholdSeconds(), java.sql.Timestamp.from(recordedAt));
    }

    @EventHandler
    void on(FreshnessThresholdChanged event) {
        update(event.freshnessId().scope(), "threshold_seconds = ?", event.toSeconds());
    }

    @EventHandler
    void on(ActivePackObserved event) {
        update(event.freshnessId().scope(), "manifest_id = ?, published_at = ?, unreadable_reason = null",
                event.manifestId(), java.sql.Timestamp.from(event.publishedAt()));
    }

    @EventHandler
    void on(ActiveManifestUnreadable event) {
        update(event.freshnessId().scope(), "unreadable_reason = ?", event.reason());
    }

    @EventHandler
    void on(PackWentStale event) {
        Scope scope = event.freshnessId().scope();
        jdbc.update("""
                update pack_freshness_view set breaches = breaches + 1, stale_since = ?
                where scope_kind = ? and scope_id = ? and stale_since is null""",
                java.sql.Timestamp.from(event.staleSince()), scope.kind().pathSegment(), scope.id());
    }

    @EventHandler
    void on(PackFreshAgain event) {
        update(event.freshnessId().scope(), "stale_since = null");
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from pack_freshness_view");
    }

    @QueryHandler
    List<PackFreshnessView> handle(ListPackFreshness query) {
        return jdbc.query("select * from pack_freshness_view order by scope_kind, scope_id",
                (rs, row) -> view(rs, query.asOf()));
    }

    private static PackFreshnessView view(ResultSet rs, Instant asOf) throws SQLException {
        java.sql.Timestamp published = rs.getTimestamp("published_at");
        java.sql.Timestamp staleSince = rs.getTimestamp("stale_since");
        Instant publishedAt = published == null ? null : published.toInstant();
        return new PackFreshnessView(
                Scope.of(ScopeKind.fromPathSegment(rs.getString("scope_kind")), rs.getString("scope_id")),
                Duration.ofSeconds(rs.getLong("threshold_seconds")), rs.getString("manifest_id"), publishedAt,
                publishedAt == null ? null : Duration.between(publishedAt, asOf).toSeconds(),
                staleSince != null, staleSince == null ? null : staleSince.toInstant(), rs.getString("unreadable_reason"),
                rs.getTimestamp("watched_since").toInstant(), rs.getInt("breaches"));
    }

    private void update(Scope scope, String assignments, Object... values) {
        Object[] args = new Object[values.length + 2];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = scope.kind().pathSegment();
        args[values.length + 1] = scope.id();
        jdbc.update("update pack_freshness_view set " + assignments + " where scope_kind = ? and scope_id = ?", args);
    }
}
