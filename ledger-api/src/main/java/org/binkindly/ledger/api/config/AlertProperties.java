package org.binkindly.ledger.api.config;

import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Alert intake ({@code ledger.alerts.*}).
 *
 * @param routes           rows of the alert matrix, replacing the runbook's row of the same alert name or adding one
 * @param maxDeliveryBytes largest webhook body accepted from Alertmanager (bigger than other requests: a group can be large)
 * @param answerWithin     how long the webhook waits, once a delivery is on record, for its alerts to be routed before it
 *                         answers 202 (routing goes on); a client asks for another bound with {@code ?wait=}
 */
@ConfigurationProperties(prefix = "ledger.alerts")
public record AlertProperties(List<Route> routes, @DefaultValue("1048576") long maxDeliveryBytes,
                             @DefaultValue("250ms") Duration answerWithin) {

    public AlertProperties {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    public record Route(String alertname, IncidentClass incidentClass, Severity severity,
                        Map<ImpactFact, ImpactFact.Value> impact, String firstAction, String defaultScope) {

        public Scope defaultScopeParsed() {
            return defaultScope == null || defaultScope.isBlank() ? null : Scope.parse(defaultScope);
        }
    }
}
