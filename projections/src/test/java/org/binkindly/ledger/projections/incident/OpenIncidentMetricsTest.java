package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.incident.ContainmentActionRecorded;
import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentEvent;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.RoleClaimed;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.metrics.LedgerMetricsQueries;
import org.binkindly.ledger.projections.metrics.MetricsSnapshot;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open-incident metrics ({@link LedgerMetricsQueries}) over the incident views. A refresh re-reads
 * only the incidents whose version changed, so each refresh must count exactly what a first refresh
 * over the same views counts.
 */
class OpenIncidentMetricsTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final IncidentId FIRST = IncidentId.of("inc-%012x".formatted(1));
    private static final IncidentId SECOND = IncidentId.of("inc-%012x".formatted(2));
    /** The processors' lag comes from the event log, which these tests leave alone. */
    private static final EventLog NO_LAG = (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(),
            new Class<?>[] {EventLog.class}, (proxy, method, args) -> {
                if (method.getName().equals("processorLag")) {
                    return Map.of();
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private JdbcTemplate jdbc;
    private IncidentViewProjector projector;
    private LedgerMetricsQueries queries;
    private final Map<IncidentId, Long> nextSequence = new HashMap<>();

    @BeforeEach
    void newViews() {
        jdbc = database.jdbc();
        projector = new IncidentViewProjector(jdbc, LedgerJson.objectMapper());
        queries = new LedgerMetricsQueries(jdbc, LedgerJson.objectMapper(), NO_LAG);
    }

    @Test
    void evidenceRecordedAfterARefreshIsCountedByTheNext() {
        declare(FIRST, Severity.SEV2);
        declare(SECOND, Severity.SEV1);
        MetricsSnapshot before = refresh();
        assertThat(before.openIncidents().get(Severity.SEV2).get(IncidentClass.BAD_PUBLISH)).isEqualTo(1);
        assertThat(before.openIncidents().get(Severity.SEV1).get(IncidentClass.BAD_PUBLISH)).isEqualTo(1);
        assertThat(before.openIncidentsMissingEvidence().get(Severity.SEV2).get(EvidenceField.OPERATOR_OR_OWNER)).isEqualTo(1);

        record(FIRST, new RoleClaimed(FIRST, IncidentRole.ON_CALL_OPERATOR, "alice"));
        record(FIRST, new ContainmentActionRecorded(FIRST, "paused publishing for the scope", T0.plusSeconds(300)));
        MetricsSnapshot after = refresh();

        Map<EvidenceField, Long> missing = after.openIncidentsMissingEvidence().get(Severity.SEV2);
        assertThat(missing.get(EvidenceField.OPERATOR_OR_OWNER)).isZero();
        assertThat(missing.get(EvidenceField.CONTAINMENT_ACTION)).isZero();
        assertThat(missing.get(EvidenceField.FOLLOW_UP_REQUIREMENT)).isEqualTo(1);
        assertThat(after.openIncidentsMissingEvidence().get(Severity.SEV1).get(EvidenceField.OPERATOR_OR_OWNER)).isEqualTo(1);
    }

    @Test
    void aClosedIncidentLeavesTheCounts() {
        declare(FIRST, Severity.SEV2);
        declare(SECOND, Severity.SEV2);
        assertThat(refresh().openIncidents().get(Severity.SEV2).get(IncidentClass.BAD_PUBLISH)).isEqualTo(2);

        record(SECOND, new IncidentClosed(SECOND, "post-incident record"));

        MetricsSnapshot after = refresh();
        assertThat(after.openIncidents().get(Severity.SEV2).get(IncidentClass.BAD_PUBLISH)).isEqualTo(1);
        assertThat(after.openIncidentsMissingEvidence().get(Severity.SEV2).get(EvidenceField.FOLLOW_UP_REQUIREMENT)).isEqualTo(1);
    }

    @Test
    void aRebuiltViewIsCountedAfresh() {
        declare(FIRST, Severity.SEV2);
        record(FIRST, new RoleClaimed(FIRST, IncidentRole.ON_CALL_OPERATOR, "alice"));
        refresh();

        projector.reset();
        assertThat(refresh().openIncidents().get(Severity.SEV2).get(IncidentClass.BAD_PUBLISH)).isZero();

        // the view rebuilt up to the declaration only: same incident, an earlier version
        nextSequence.clear();
        declare(FIRST, Severity.SEV2);
        assertThat(refresh().openIncidentsMissingEvidence().get(Severity.SEV2).get(EvidenceField.OPERATOR_OR_OWNER)).isEqualTo(1);
    }

    /** A refresh by the queries under test, checked against a first refresh over the same views. */
    private MetricsSnapshot refresh() {
        MetricsSnapshot snapshot = queries.snapshot(T0.plusSeconds(3600));
        MetricsSnapshot firstRefresh = new LedgerMetricsQueries(jdbc, LedgerJson.objectMapper(), NO_LAG)
                .snapshot(T0.plusSeconds(3600));
        assertThat(snapshot).isEqualTo(firstRefresh);
        return snapshot;
    }

    private void declare(IncidentId id, Severity severity) {
        IncidentDeclared declared = IncidentEvents.declared(id, IncidentClass.BAD_PUBLISH, IncidentEvents.STOCKHOLM,
                severity, T0);
        record(id, declared);
        record(id, IncidentEvents.declarationChecklist(declared));
    }

    private void record(IncidentId id, IncidentEvent event) {
        long sequence = nextSequence.merge(id, 1L, Long::sum) - 1;
        projector.on(event, "alice", T0.plusSeconds(60 * (sequence + 1)), sequence);
    }
}
