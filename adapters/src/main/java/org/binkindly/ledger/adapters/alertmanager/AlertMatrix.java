package org.binkindly.ledger.adapters.alertmanager;

import org.binkindly.ledger.core.alert.AlertRoute;
import org.binkindly.ledger.core.alert.AlertRouting;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.core.shared.Severity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.binkindly.ledger.core.incident.ImpactFact.ACTIVE_TRUTH_WRONG_FOR_USERS;
import static org.binkindly.ledger.core.incident.ImpactFact.CRITICAL_SCOPE_STALE_PACK_BREACH;
import static org.binkindly.ledger.core.incident.ImpactFact.EARLY_WARNING_THRESHOLD_CROSSED;
import static org.binkindly.ledger.core.incident.ImpactFact.FALLBACK_PATH_SPIKING;
import static org.binkindly.ledger.core.incident.ImpactFact.MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE;
import static org.binkindly.ledger.core.incident.ImpactFact.REFRESH_PIPELINE_DEGRADED;
import static org.binkindly.ledger.core.incident.ImpactFact.ROLLBACK_PATH_FAILING;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.NO;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.YES;

/**
 * The runbook's alert matrix as the routing of alerts: {@code alertname} picks the row; the scope
 * comes from the {@code scope} label ({@code kind/id}) or the {@code scope_kind} and {@code scope_id}
 * labels, else the row's default scope; labels {@code impact_<fact>} ({@code yes}/{@code no}) restate
 * a fact; {@code drill="true"} marks a rehearsal. Anything it cannot route is unmapped, with the reason.
 */
public final class AlertMatrix implements AlertRouting {

    public static final String SCOPE_LABEL = "scope";
    public static final String SCOPE_KIND_LABEL = "scope_kind";
    public static final String SCOPE_ID_LABEL = "scope_id";
    public static final String DRILL_LABEL = "drill";
    public static final String IMPACT_LABEL_PREFIX = "impact_";

    private final Map<String, AlertMapping> byName;

    /** The runbook's matrix, with {@code overrides} replacing or adding rows by alert name. */
    public AlertMatrix(List<AlertMapping> overrides) {
        Map<String, AlertMapping> rows = new LinkedHashMap<>();
        runbookDefaults().forEach(row -> rows.put(row.alertname(), row));
        if (overrides != null) {
            overrides.forEach(row -> rows.put(row.alertname(), row));
        }
        this.byName = Map.copyOf(rows);
    }

    public List<AlertMapping> rows() {
        return byName.values().stream().sorted(java.util.Comparator.comparing(AlertMapping::alertname)).toList();
    }

    /**
     * The alert matrix, row by row. The severity the matrix gives is expressed as the impact facts the
     * alert establishes, so the incident's severity stays derived from facts: for a SEV2 alert the
     * SEV1 facts are stated NO. Resolver health leaves "manifest resolution broadly unavailable"
     * unknown, so it is SEV1 unless the alert says otherwise ({@code impact_manifest_resolution_broadly_unavailable="no"}).
     */
    public static List<AlertMapping> runbookDefaults() {
        return List.of(
                new AlertMapping("PublishBlocked", IncidentClass.PUBLISH_FAILURE, Severity.SEV2,
                        facts(REFRESH_PIPELINE_DEGRADED, YES), "inspect failed gate and preserve active last-known-good", null),
                new AlertMapping("StalePack", IncidentClass.STALE_PACK, Severity.SEV2,
                        facts(CRITICAL_SCOPE_STALE_PACK_BREACH, YES),
                        "pause confidence claims for affected scope and investigate refresh path", null),
                new AlertMapping("FallbackSpike", IncidentClass.FALLBACK_SPIKE, Severity.SEV2,
                        facts(FALLBACK_PATH_SPIKING, YES), "halt lane graduation and inspect locality/country policy state", null),
                new AlertMapping("ResolverHealth", IncidentClass.RESOLVER_HEALTH, Severity.SEV2,
                        Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO), null, null),
                new AlertMapping("WorkflowWatchdog", IncidentClass.WORKFLOW_WATCHDOG, Severity.SEV2, facts(), null, null),
                new AlertMapping("KillSwitchActivation", IncidentClass.KILL_SWITCH_ACTIVATION, Severity.SEV2, facts(), null, null),
                new AlertMapping("TriggerDedupeSpike", IncidentClass.TRIGGER_DEDUPE_SPIKE, Severity.SEV3,
                        Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO,
                                MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO, REFRESH_PIPELINE_DEGRADED, NO,
                                CRITICAL_SCOPE_STALE_PACK_BREACH, NO, FALLBACK_PATH_SPIKING, NO,
                                EARLY_WARNING_THRESHOLD_CROSSED, YES), null, null));
    }

    /** The SEV1 facts stated NO (the matrix gives no SEV1 for the alert), plus the given fact. */
    private static Map<ImpactFact, ImpactFact.Value> facts(Object... more) {
        Map<ImpactFact, ImpactFact.Value> facts = new EnumMap<>(ImpactFact.class);
        facts.put(ACTIVE_TRUTH_WRONG_FOR_USERS, NO);
        facts.put(ROLLBACK_PATH_FAILING, NO);
        facts.put(MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO);
        for (int i = 0; i + 1 < more.length; i += 2) {
            facts.put((ImpactFact) more[i], (ImpactFact.Value) more[i + 1]);
        }
        return facts;
    }

    @Override
    public AlertRoute route(IncomingAlert alert) {
        String name = alert.alertname();
        if (name == null || name.isBlank()) {
            return new AlertRoute.Unmapped("the alert has no alertname label");
        }
        AlertMapping row = byName.get(name);
        if (row == null) {
            return new AlertRoute.Unmapped("the alert matrix has no row for alertname '%s'".formatted(name));
        }
        Scope scope;
        try {
            scope = scopeOf(alert.labels(), row);
        } catch (LedgerRuleViolation invalid) {
            return new AlertRoute.Unmapped("invalid scope label: " + invalid.getMessage());
        }
        if (scope == null) {
            return new AlertRoute.Unmapped(("alert '%s' has no scope: label it %s=\"kind/id\" (or %s and %s)")
                    .formatted(name, SCOPE_LABEL, SCOPE_KIND_LABEL, SCOPE_ID_LABEL));
        }
        if ("true".equalsIgnoreCase(alert.labels().getOrDefault(DRILL_LABEL, ""))) {
            return new AlertRoute.Drill(row.incidentClass(), scope);
        }
        Map<ImpactFact, ImpactFact.Value> impact = new EnumMap<>(ImpactFact.class);
        Map<ImpactFact, ImpactFact.Value> labelled = new EnumMap<>(ImpactFact.class);
        impact.putAll(row.impact());
        List<String> unread = new ArrayList<>();
        for (Map.Entry<String, String> label : new TreeMap<>(alert.labels()).entrySet()) {
            if (!label.getKey().startsWith(IMPACT_LABEL_PREFIX)) {
                continue;
            }
            ImpactFact fact = factNamed(label.getKey().substring(IMPACT_LABEL_PREFIX.length()));
            if (fact == null) {
                unread.add("label %s=\"%s\" names no impact fact; ignored".formatted(label.getKey(), label.getValue()));
                continue;
            }
            switch (label.getValue() == null ? "" : label.getValue().strip().toLowerCase(Locale.ROOT)) {
                case "yes", "true" -> labelled.put(fact, YES);
                case "no", "false" -> labelled.put(fact, NO);
                default -> {
                    impact.remove(fact); // not a statement: unknown, which counts as true
                    unread.add("label %s=\"%s\" is not yes or no; %s counts as unknown".formatted(label.getKey(),
                            label.getValue(), fact.name()));
                }
            }
        }
        impact.putAll(labelled);
        return new AlertRoute.ToIncident(row.incidentClass(), scope, ImpactAssessment.of(impact), row.severity(),
                row.firstAction(), labelled, unread);
    }

    private static ImpactFact factNamed(String lowerCaseName) {
        for (ImpactFact fact : ImpactFact.values()) {
            if (fact.name().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                return fact;
            }
        }
        return null;
    }

    private static Scope scopeOf(Map<String, String> labels, AlertMapping row) {
        String scope = labels.get(SCOPE_LABEL);
        if (scope != null && !scope.isBlank()) {
            return Scope.parse(scope.strip());
        }
        String kind = labels.get(SCOPE_KIND_LABEL);
        String id = labels.get(SCOPE_ID_LABEL);
        if (kind != null && id != null) {
            return Scope.of(ScopeKind.fromPathSegment(kind.strip()), id.strip());
        }
        return row.defaultScope();
    }
}
