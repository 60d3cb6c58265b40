package org.binkindly.ledger.projections.posture;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.SeverityChanged;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.KillSwitchReleased;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The posture rules, pure: which incidents, kill switches and rebinds shape a scope's posture, how
 * events change them, and which flags they raise. The projector folds events through it and stores
 * the sources; time travel folds the events up to an instant through it. One set of rules:
 * <ul>
 * <li>degraded: an open SEV1, or an open stale-pack, source-outage, fallback-spike, bad-publish or
 *     resolver-health incident (the runbook's "treated as degraded operationally");</li>
 * <li>graduation frozen: an active kill switch, or an open AI-lane or fallback-spike incident;</li>
 * <li>publish paused: an active bad-pack kill switch, an open bad-publish incident, or a rebind that
 *     has not completed (in progress, or failed and not yet followed by a completed one).</li>
 * </ul>
 * Drills are kept apart: listed, never raising a flag, and a failed drill is settled only by a
 * completed drill.
 */
public final class PostureSources {

    private static final Set<IncidentClass> DEGRADING = EnumSet.of(IncidentClass.STALE_PACK, IncidentClass.SOURCE_OUTAGE,
            IncidentClass.FALLBACK_SPIKE, IncidentClass.BAD_PUBLISH, IncidentClass.RESOLVER_HEALTH);
    private static final Set<IncidentClass> FREEZING = EnumSet.of(IncidentClass.AI_LANE_INSTABILITY, IncidentClass.FALLBACK_SPIKE);

    public enum Kind { INCIDENT, KILL_SWITCH, REBIND }

    /**
     * One incident, kill switch or rebind of a scope. {@code subtype} is the incident class, the
     * kill-switch kind, or the rebind's state (IN_PROGRESS, FAILED, COMPLETED); {@code severity}
     * is an incident's; {@code since} when it began; {@code failedAt} when a rebind failed.
     */
    public record Source(String sourceId, Kind kind, Scope scope, String subtype, String severity, boolean open,
                         boolean drill, Instant since, Instant failedAt) {

        Source withSeverity(String newSeverity) {
            return new Source(sourceId, kind, scope, subtype, newSeverity, open, drill, since, failedAt);
        }

        Source withSubtype(String newSubtype) {
            return new Source(sourceId, kind, scope, newSubtype, severity, open, drill, since, failedAt);
        }

        Source failed(Instant at) {
            return new Source(sourceId, kind, scope, "FAILED", severity, open, drill, since, at);
        }

        Source closed() {
            return new Source(sourceId, kind, scope, subtype, severity, false, drill, since, failedAt);
        }
    }

    private final Map<String, Source> byId = new LinkedHashMap<>();

    public PostureSources() {
    }

    /** Starts from sources already known (the projector loads them from its table). */
    public PostureSources(Collection<Source> known) {
        known.forEach(source -> byId.put(source.sourceId(), source));
    }

    /** The scope an event is about: named by the events that begin a source, else the scope of the source it changes. */
    public static Optional<Scope> scopeNamedBy(Object event) {
        if (event instanceof IncidentDeclared e) {
            return Optional.of(e.scope());
        }
        if (event instanceof KillSwitchActivated e) {
            return Optional.of(e.scope());
        }
        if (event instanceof RebindStarted e) {
            return Optional.of(e.scope());
        }
        return Optional.empty();
    }

    /** The source an event begins or changes, or null for an event posture does not care about. */
    public static String sourceIdOf(Object event) {
        if (event instanceof IncidentDeclared e) {
            return e.incidentId().value();
        }
        if (event instanceof SeverityChanged e) {
            return e.incidentId().value();
        }
        if (event instanceof IncidentClosed e) {
            return e.incidentId().value();
        }
        if (event instanceof KillSwitchActivated e) {
            return e.killSwitchId().value();
        }
        if (event instanceof KillSwitchReleased e) {
            return e.killSwitchId().value();
        }
        if (event instanceof RebindStarted e) {
            return e.rebindId().value();
        }
        if (event instanceof RebindFailed e) {
            return e.rebindId().value();
        }
        if (event instanceof RebindCompleted e) {
            return e.rebindId().value();
        }
        return null;
    }

    /**
     * Folds one event, recorded at {@code recordedAt}, in and answers the sources it changed. A source
     * is begun once (a redelivered beginning changes nothing); changes to a source never begun are ignored.
     */
    public List<Source> apply(Object event, Instant recordedAt) {
        List<Source> changed = new ArrayList<>();
        if (event instanceof IncidentDeclared e) {
            begin(new Source(e.incidentId().value(), Kind.INCIDENT, e.scope(), e.incidentClass().name(), e.severity().name(),
                    true, false, e.detectedAt(), null), changed);
        } else if (event instanceof KillSwitchActivated e) {
            begin(new Source(e.killSwitchId().value(), Kind.KILL_SWITCH, e.scope(), e.kind().name(), null, true, e.drill(),
                    e.activatedAt(), null), changed);
        } else if (event instanceof RebindStarted e) {
            begin(new Source(e.rebindId().value(), Kind.REBIND, e.scope(), "IN_PROGRESS", null, true, e.drill(),
                    e.badPublishConfirmedAt(), null), changed);
        } else if (event instanceof SeverityChanged e) {
            change(e.incidentId().value(), source -> source.withSeverity(e.to().name()), changed);
        } else if (event instanceof IncidentClosed e) {
            change(e.incidentId().value(), Source::closed, changed);
        } else if (event instanceof KillSwitchReleased e) {
            change(e.killSwitchId().value(), Source::closed, changed);
        } else if (event instanceof RebindFailed e) {
            change(e.rebindId().value(), source -> source.failed(recordedAt), changed);
        } else if (event instanceof RebindCompleted e) {
            Source completed = change(e.rebindId().value(), source -> source.withSubtype("COMPLETED").closed(), changed);
            if (completed != null) {
                // A completed rebind restores last-known-good safety, settling the scope's failures that came
                // before it; one that failed later (even if this completion is delivered again) still stands.
                for (Source other : List.copyOf(byId.values())) {
                    if (other.kind() == Kind.REBIND && "FAILED".equals(other.subtype()) && other.drill() == completed.drill()
                            && other.scope().equals(completed.scope())
                            && other.failedAt() != null && !other.failedAt().isAfter(recordedAt)) {
                        change(other.sourceId(), Source::closed, changed);
                    }
                }
            }
        }
        return changed;
    }

    public Optional<Source> source(String sourceId) {
        return Optional.ofNullable(byId.get(sourceId));
    }

    public List<Source> all() {
        return List.copyOf(byId.values());
    }

    /** The scope's posture from its open sources, in the order they began. */
    public ScopePostureView posture(Scope scope) {
        return posture(scope, byId.values().stream().filter(source -> source.scope().equals(scope)).toList());
    }

    /** The posture from a scope's sources: open ones count; drills are listed and never raise a flag. */
    public static ScopePostureView posture(Scope scope, Collection<Source> sources) {
        List<Source> open = sources.stream().filter(Source::open)
                .sorted(Comparator.comparing(Source::since).thenComparing(Source::sourceId))
                .toList();
        List<ScopePostureView.Reason> reasons = new ArrayList<>();
        List<ScopePostureView.Reason> drills = new ArrayList<>();
        EnumSet<ScopePostureView.Flag> raised = EnumSet.noneOf(ScopePostureView.Flag.class);
        for (Source source : open) {
            List<ScopePostureView.Flag> flags = flagsOf(source);
            ScopePostureView.Reason reason = new ScopePostureView.Reason(source.kind().name(), source.sourceId(),
                    source.subtype(), source.severity(), flags);
            if (source.drill()) {
                drills.add(reason);
            } else if (!flags.isEmpty()) {
                reasons.add(reason);
                raised.addAll(flags);
            }
        }
        boolean paused = raised.contains(ScopePostureView.Flag.PUBLISH_PAUSED);
        return new ScopePostureView(scope, raised.contains(ScopePostureView.Flag.DEGRADED),
                raised.contains(ScopePostureView.Flag.GRADUATION_FROZEN), paused, reasons, drills,
                paused ? ScopePostureView.PUBLISH_PAUSED_WORDING : null);
    }

    public static List<ScopePostureView.Flag> flagsOf(Source source) {
        List<ScopePostureView.Flag> flags = new ArrayList<>();
        switch (source.kind()) {
            case INCIDENT -> {
                IncidentClass incidentClass = IncidentClass.valueOf(source.subtype());
                if ("SEV1".equals(source.severity()) || DEGRADING.contains(incidentClass)) {
                    flags.add(ScopePostureView.Flag.DEGRADED);
                }
                if (FREEZING.contains(incidentClass)) {
                    flags.add(ScopePostureView.Flag.GRADUATION_FROZEN);
                }
                if (incidentClass == IncidentClass.BAD_PUBLISH) {
                    flags.add(ScopePostureView.Flag.PUBLISH_PAUSED);
                }
            }
            case KILL_SWITCH -> {
                flags.add(ScopePostureView.Flag.GRADUATION_FROZEN);
                if (KillSwitchKind.valueOf(source.subtype()) == KillSwitchKind.BAD_PACK) {
                    flags.add(ScopePostureView.Flag.PUBLISH_PAUSED);
                }
            }
            case REBIND -> flags.add(ScopePostureView.Flag.PUBLISH_PAUSED);
        }
        return flags;
    }

    private void begin(Source source, List<Source> changed) {
        if (byId.putIfAbsent(source.sourceId(), source) == null) {
            changed.add(source);
        }
    }

    private Source change(String sourceId, UnaryOperator<Source> change, List<Source> changed) {
        Source current = byId.get(sourceId);
        if (current == null) {
            return null;
        }
        Source next = change.apply(current);
        if (!next.equals(current)) {
            byId.put(sourceId, next);
            changed.removeIf(source -> source.sourceId().equals(sourceId));
            changed.add(next);
        }
        return next;
    }
}
