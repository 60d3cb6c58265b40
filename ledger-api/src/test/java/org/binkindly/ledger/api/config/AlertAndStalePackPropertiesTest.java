package org.binkindly.ledger.api.config;

import org.binkindly.ledger.adapters.alertmanager.AlertMapping;
import org.binkindly.ledger.core.alert.AlertRoute;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings docs/operations.md shows, bound the way Spring Boot binds them from YAML or the environment. */
class AlertAndStalePackPropertiesTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(prefix, type);
    }

    @Test
    void aConfiguredRouteJoinsTheRunbookMatrix() {
        AlertProperties properties = bind("ledger.alerts", AlertProperties.class, Map.of(
                "ledger.alerts.routes[0].alertname", "PipelineStuck",
                "ledger.alerts.routes[0].incident-class", "WORKFLOW_WATCHDOG",
                "ledger.alerts.routes[0].severity", "SEV2",
                "ledger.alerts.routes[0].impact.ACTIVE_TRUTH_WRONG_FOR_USERS", "NO",
                "ledger.alerts.routes[0].impact.ROLLBACK_PATH_FAILING", "NO",
                "ledger.alerts.routes[0].impact.MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE", "NO",
                "ledger.alerts.routes[0].default-scope", "pipeline/main"));
        AlertMapping row = new AlertIntakeConfiguration().alertMatrix(properties).rows().stream()
                .filter(mapping -> mapping.alertname().equals("PipelineStuck")).findFirst().orElseThrow();

        assertThat(row.incidentClass()).isEqualTo(IncidentClass.WORKFLOW_WATCHDOG);
        assertThat(row.defaultScope()).isEqualTo(Scope.parse("pipeline/main"));
        AlertRoute.ToIncident route = (AlertRoute.ToIncident) new AlertIntakeConfiguration().alertMatrix(properties)
                .route(new IncomingAlert(AlertStatus.FIRING, Map.of("alertname", "PipelineStuck"), Map.of(), Instant.EPOCH,
                        null, null, "fp"));
        assertThat(route.impact().derivedSeverity()).isEqualTo(Severity.SEV2);
        assertThat(properties.maxDeliveryBytes()).isEqualTo(1_048_576);
        assertThat(properties.answerWithin()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void supportedScopesTakeTheirOwnThresholdOrTheDefaultOfTheirKind() {
        StalePackProperties properties = bind("ledger.stale-pack", StalePackProperties.class, Map.of(
                "ledger.stale-pack.default-thresholds.locality", "12h",
                "ledger.stale-pack.scopes[0].scope", "locality/se-stockholm",
                "ledger.stale-pack.scopes[1].scope", "baseline/global",
                "ledger.stale-pack.scopes[1].threshold", "3d",
                "ledger.stale-pack.scopes[2].scope", "country/se"));

        assertThat(properties.thresholds()).containsExactly(
                Map.entry(Scope.parse("locality/se-stockholm"), Duration.ofHours(12)),
                Map.entry(Scope.parse("baseline/global"), Duration.ofDays(3)),
                Map.entry(Scope.parse("country/se"), Duration.ofHours(48)));
        assertThat(properties.checkInterval()).isEqualTo(Duration.ofMinutes(5));
    }
}
