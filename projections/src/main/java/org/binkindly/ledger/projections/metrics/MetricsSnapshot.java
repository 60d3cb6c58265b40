package org.binkindly.ledger.projections.metrics;

import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.util.List;
import java.util.Map;

/**
 * The numbers the ledger exports as metrics, all read from its views, so every node reports the
 * same values and a restart loses nothing.
 */
public record MetricsSnapshot(
        Map<Severity, Map<IncidentClass, Long>> openIncidents,
        Map<Severity, Map<EvidenceField, Long>> openIncidentsMissingEvidence,
        long openIncidentsClosable,
        Map<KillSwitchKind, Long> killSwitchesActive,
        Map<Boolean, Long> rebindsMetObjective,
        Map<Boolean, Long> rebindsMissedObjective,
        Map<Boolean, Long> rebindsWithBreach,
        Map<Boolean, Long> lastRestoreSeconds,
        Map<Boolean, Long> lastIntegritySeconds,
        List<PackFreshness> packs,
        long unmappedAlerts,
        long lostAlerts,
        Map<String, Long> processorLag) {

    /** One watched scope: how old its active pack is and whether it is in breach. */
    public record PackFreshness(Scope scope, Long ageSeconds, long thresholdSeconds, boolean stale) {
    }
}
