package org.binkindly.ledger.projections.gate;

import org.binkindly.ledger.core.alert.AlertDeliveryRecorded;
import org.binkindly.ledger.core.alert.AlertOutcome;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IntakeResult;
import org.binkindly.ledger.core.freshness.FreshnessWatchStarted;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.SeverityChanged;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.launch.LaunchDayValidated;
import org.binkindly.ledger.core.launch.NoGoEvidence;
import org.binkindly.ledger.core.launch.NoGoFact;
import org.binkindly.ledger.core.launch.NoGoRules;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which events are no-go facts, and how they read, pure: {@link NoGoGateProjector} stores the facts
 * these rules make, and an instance folds events in memory (time travel folds those recorded up to
 * an instant, in log order) into the same facts, newest first, one per scope, kind and subject,
 * followed by the open incidents concerning the scope.
 */
public final class NoGoGateFacts implements NoGoEvidence {

    /** A fact seen for a scope. */
    public record Seen(Scope scope, NoGoFact fact) {
    }

    /** The payload types the facts are made of: a fold needs no other event. */
    public static final Set<Class<?>> PAYLOAD_TYPES = Set.of(RebindStarted.class, ManifestProbed.class, RebindCompleted.class,
            KillSwitchActivated.class, FreshnessWatchStarted.class, AlertDeliveryRecorded.class, LaunchDayValidated.class,
            IncidentDeclared.class, SeverityChanged.class, IncidentClosed.class);

    /** A stored fact's detail is cut to this many characters. */
    static final int DETAIL_LIMIT = 4000;

    private static final Set<IntakeResult> RECEIVED = EnumSet.of(IntakeResult.OPENED, IntakeResult.ATTACHED,
            IntakeResult.DUPLICATE, IntakeResult.DRILL);

    private record OpenIncident(String incidentId, Scope scope, String incidentClass, String severity, Instant detectedAt) {
    }

    private final Map<String, Scope> drillRebinds = new HashMap<>();
    private final Map<String, Seen> latest = new LinkedHashMap<>();
    private final Map<String, OpenIncident> openIncidents = new LinkedHashMap<>();
    private int folded;

    /** A drill rebind may prove the rollback objective once it completes. */
    public static boolean mayProveRollback(RebindStarted event) {
        return event.drill();
    }

    /** A drill whose scope already served its target rehearses no rebind: it is no proof of one. */
    public static boolean provesNoRebind(ManifestProbed event) {
        return event.active() != null && event.target() != null
                && event.active().manifestSha256().equalsIgnoreCase(event.target().manifestSha256());
    }

    /** The rollback-drill fact a completed drill rebind makes (for its scope), if it met both objectives. */
    public static Optional<NoGoFact> rollbackDrill(RebindCompleted event) {
        if (!event.restoreObjectiveMet() || !event.integrityObjectiveMet()) {
            return Optional.empty();
        }
        return Optional.of(fact(NoGoFact.Kind.ROLLBACK_DRILL, null,
                "drill rebind %s restored the active manifest in %ds and confirmed integrity in %ds (objective 15 min / 30 min)"
                        .formatted(event.rebindId(), event.restoreSeconds(), event.integritySeconds()), event.verifiedAt()));
    }

    public static Optional<Seen> killSwitchDrill(KillSwitchActivated event) {
        return !event.drill() ? Optional.empty() : Optional.of(new Seen(event.scope(), fact(NoGoFact.Kind.KILL_SWITCH_DRILL,
                event.kind().name(), "%s kill switch %s drilled: %s".formatted(event.kind(), event.killSwitchId(), event.reason()),
                event.activatedAt())));
    }

    public static Seen stalePackWatch(FreshnessWatchStarted event, Instant recordedAt) {
        return new Seen(event.freshnessId().scope(), fact(NoGoFact.Kind.STALE_PACK_WATCH, null,
                "the stale-pack watch reads the scope's active manifest against a %s threshold"
                        .formatted(Duration.ofSeconds(event.thresholdSeconds())), recordedAt));
    }

    /** The firing stale-pack and publish-blocked alerts the delivery brought in for a scope. */
    public static List<Seen> alerts(AlertDeliveryRecorded event, Instant recordedAt) {
        List<Seen> seen = new ArrayList<>();
        for (AlertOutcome outcome : event.outcomes()) {
            if (outcome.scope() == null || outcome.status() != AlertStatus.FIRING || !RECEIVED.contains(outcome.result())) {
                continue;
            }
            NoGoFact.Kind kind = outcome.incidentClass() == IncidentClass.STALE_PACK ? NoGoFact.Kind.STALE_PACK_ALERT
                    : outcome.incidentClass() == IncidentClass.PUBLISH_FAILURE ? NoGoFact.Kind.PUBLISH_FAILURE_ALERT : null;
            if (kind != null) {
                seen.add(new Seen(outcome.scope(), fact(kind, null, "%s alert %s (fingerprint %s) received from %s: %s%s".formatted(
                        outcome.result() == IntakeResult.DRILL ? "drill" : "live", outcome.alertname(), outcome.fingerprint(),
                        event.receiver(), outcome.result(), outcome.incidentId() == null ? "" : " " + outcome.incidentId()),
                        recordedAt)));
            }
        }
        return seen;
    }

    public static Seen launchValidated(LaunchDayValidated event, Instant recordedAt) {
        return new Seen(event.launchId().scope(), fact(NoGoFact.Kind.LAUNCH_VALIDATED, event.launchId().appBuild(),
                "launch-day validation of build %s complete: evidence passed, product, engineering and QA signed off"
                        .formatted(event.launchId().appBuild()), recordedAt));
    }

    /** An open incident as a fact for the scopes it concerns ({@link NoGoRules#concerns}). */
    public static NoGoFact openIncident(String incidentId, Scope incidentScope, String incidentClass, String severity,
                                        Instant detectedAt) {
        return new NoGoFact(NoGoFact.Kind.OPEN_INCIDENT, severity, "%s %s incident %s open on %s, detected".formatted(severity,
                incidentClass, incidentId, incidentScope), detectedAt);
    }

    private static NoGoFact fact(NoGoFact.Kind kind, String subject, String detail, Instant seenAt) {
        return new NoGoFact(kind, subject, detail.length() > DETAIL_LIMIT ? detail.substring(0, DETAIL_LIMIT) : detail, seenAt);
    }

    /** Folds one event (of {@link #PAYLOAD_TYPES}; others are ignored) recorded at {@code recordedAt}. */
    public void apply(Object payload, Instant recordedAt) {
        if (!PAYLOAD_TYPES.contains(payload.getClass())) {
            return;
        }
        folded++;
        if (payload instanceof RebindStarted event) {
            if (mayProveRollback(event)) {
                drillRebinds.putIfAbsent(event.rebindId().value(), event.scope());
            }
        } else if (payload instanceof ManifestProbed event) {
            if (provesNoRebind(event)) {
                drillRebinds.remove(event.rebindId().value());
            }
        } else if (payload instanceof RebindCompleted event) {
            Scope scope = drillRebinds.get(event.rebindId().value());
            if (scope != null) {
                rollbackDrill(event).ifPresent(fact -> record(new Seen(scope, fact)));
            }
        } else if (payload instanceof KillSwitchActivated event) {
            killSwitchDrill(event).ifPresent(this::record);
        } else if (payload instanceof FreshnessWatchStarted event) {
            record(stalePackWatch(event, recordedAt));
        } else if (payload instanceof AlertDeliveryRecorded event) {
            alerts(event, recordedAt).forEach(this::record);
        } else if (payload instanceof LaunchDayValidated event) {
            record(launchValidated(event, recordedAt));
        } else if (payload instanceof IncidentDeclared event) {
            openIncidents.putIfAbsent(event.incidentId().value(), new OpenIncident(event.incidentId().value(), event.scope(),
                    event.incidentClass().name(), event.severity().name(), event.detectedAt()));
        } else if (payload instanceof SeverityChanged event) {
            openIncidents.computeIfPresent(event.incidentId().value(), (id, open) ->
                    new OpenIncident(id, open.scope(), open.incidentClass(), event.to().name(), open.detectedAt()));
        } else if (payload instanceof IncidentClosed event) {
            openIncidents.remove(event.incidentId().value());
        }
    }

    /** How many events the fold read. */
    public int events() {
        return folded;
    }

    @Override
    public List<NoGoFact> factsFor(Scope scope) {
        List<NoGoFact> facts = new ArrayList<>(latest.values().stream()
                .filter(seen -> seen.scope().equals(scope))
                .map(Seen::fact)
                .sorted(Comparator.comparing(NoGoFact::seenAt).reversed())
                .toList());
        openIncidents.values().stream()
                .filter(open -> NoGoRules.concerns(open.scope(), scope))
                .sorted(Comparator.comparing(OpenIncident::detectedAt))
                .map(open -> openIncident(open.incidentId(), open.scope(), open.incidentClass(), open.severity(), open.detectedAt()))
                .forEach(facts::add);
        return facts;
    }

    /** The latest fact of each scope, kind and subject: a fact seen no later than the one kept changes nothing. */
    private void record(Seen seen) {
        String key = seen.scope() + " " + seen.fact().kind() + ":" + seen.fact().subject();
        Seen kept = latest.get(key);
        if (kept == null || kept.fact().seenAt().isBefore(seen.fact().seenAt())) {
            latest.put(key, seen);
        }
    }
}
