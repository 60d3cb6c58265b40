package org.binkindly.ledger.adapters.alertmanager;

import org.binkindly.ledger.core.alert.AlertRoute;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertMatrixTest {

    private final AlertMatrix matrix = new AlertMatrix(List.of());

    private static IncomingAlert alert(Map<String, String> labels) {
        return new IncomingAlert(AlertStatus.FIRING, labels, Map.of(), Instant.parse("2026-11-27T03:00:00Z"), null, null, "fp");
    }

    @ParameterizedTest
    @CsvSource({
            "PublishBlocked, PUBLISH_FAILURE, SEV2",
            "StalePack, STALE_PACK, SEV2",
            "FallbackSpike, FALLBACK_SPIKE, SEV2",
            "ResolverHealth, RESOLVER_HEALTH, SEV1",
            "WorkflowWatchdog, WORKFLOW_WATCHDOG, SEV2",
            "KillSwitchActivation, KILL_SWITCH_ACTIVATION, SEV2",
            "TriggerDedupeSpike, TRIGGER_DEDUPE_SPIKE, SEV3"})
    void theRunbookMatrixRoutesEachAlertToItsClassAtItsSeverity(String alertname, IncidentClass incidentClass,
                                                                Severity derived) {
        AlertRoute route = matrix.route(alert(Map.of("alertname", alertname, "scope", "locality/se-stockholm")));

        assertThat(route).isInstanceOf(AlertRoute.ToIncident.class);
        AlertRoute.ToIncident target = (AlertRoute.ToIncident) route;
        assertThat(target.incidentClass()).isEqualTo(incidentClass);
        assertThat(target.scope()).isEqualTo(Scope.parse("locality/se-stockholm"));
        // facts left unknown fail closed: resolver health is SEV1 until the alert says resolution is not broadly down
        assertThat(target.impact().derivedSeverity()).isEqualTo(derived);
        // and the matrix as shown says so: the severity the row really opens at
        assertThat(matrix.rows()).filteredOn(row -> row.alertname().equals(alertname))
                .singleElement().extracting(AlertMapping::opensAt).isEqualTo(derived);
    }

    @Test
    void resolverHealthStatedAsNotBroadlyUnavailableIsTheMatrixSev2() {
        AlertRoute.ToIncident target = (AlertRoute.ToIncident) matrix.route(alert(Map.of("alertname", "ResolverHealth",
                "scope_kind", "country", "scope_id", "se", "impact_manifest_resolution_broadly_unavailable", "no")));

        assertThat(target.scope()).isEqualTo(Scope.parse("country/se"));
        assertThat(target.impact().derivedSeverity()).isEqualTo(Severity.SEV2);
    }

    @Test
    void impactLabelsThatStateNothingAreKeptAsUnreadNotDropped() {
        AlertRoute.ToIncident target = (AlertRoute.ToIncident) matrix.route(alert(Map.of("alertname", "ResolverHealth",
                "scope", "country/se", "impact_bogus", "yes", "impact_manifest_resolution_broadly_unavailable", "maybe",
                "impact_rollback_path_failing", "no")));

        assertThat(target.unreadLabels()).hasSize(2);
        assertThat(target.unreadLabels().get(0)).contains("impact_bogus").contains("names no impact fact");
        assertThat(target.unreadLabels().get(1)).contains("impact_manifest_resolution_broadly_unavailable")
                .contains("not yes or no");
        assertThat(target.impact().derivedSeverity()).as("the unread fact counts as true").isEqualTo(Severity.SEV1);
    }

    @Test
    void alertsItCannotRouteAreUnmappedWithTheReason() {
        assertThat(reason(Map.of("scope", "locality/x"))).contains("no alertname");
        assertThat(reason(Map.of("alertname", "DiskFull", "scope", "locality/x"))).contains("no row for alertname 'DiskFull'");
        assertThat(reason(Map.of("alertname", "PublishBlocked"))).contains("has no scope");
        assertThat(reason(Map.of("alertname", "PublishBlocked", "scope", "galaxy/x"))).contains("invalid scope");
    }

    @Test
    void configuredRowsReplaceOrAddToTheMatrix() {
        AlertMatrix configured = new AlertMatrix(List.of(
                new AlertMapping("PipelineStuck", IncidentClass.WORKFLOW_WATCHDOG, Severity.SEV2, Map.of(), null,
                        Scope.parse("pipeline/main"))));

        AlertRoute.ToIncident target = (AlertRoute.ToIncident) configured.route(alert(Map.of("alertname", "PipelineStuck")));

        assertThat(target.scope()).isEqualTo(Scope.parse("pipeline/main"));
        assertThat(configured.rows()).hasSize(8);
    }

    @Test
    void aDrillLabelMakesARehearsal() {
        assertThat(matrix.route(alert(Map.of("alertname", "StalePack", "scope", "locality/x", "drill", "true"))))
                .isEqualTo(new AlertRoute.Drill(IncidentClass.STALE_PACK, Scope.parse("locality/x")));
    }

    private String reason(Map<String, String> labels) {
        AlertRoute route = matrix.route(alert(labels));
        assertThat(route).isInstanceOf(AlertRoute.Unmapped.class);
        return ((AlertRoute.Unmapped) route).reason();
    }
}
