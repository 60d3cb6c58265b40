package org.binkindly.ledger.api.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.binkindly.ledger.core.alert.UnmappedAlertKept;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.policy.RecurrencePolicy;
import org.binkindly.ledger.core.rebind.RebindEvent;
import org.binkindly.ledger.projections.alert.AlertIntakeProjector;
import org.binkindly.ledger.projections.freshness.PackFreshnessProjector;
import org.binkindly.ledger.projections.gate.NoGoGateProjector;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.launch.LaunchProjector;
import org.binkindly.ledger.projections.posture.ScopePostureProjector;
import org.binkindly.ledger.projections.rebind.RebindProjector;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The views processed in several segments ({@code ledger.views.segments}), each with the order its
 * rows need. A segment receives the events whose sequence key hashes into it, in log order; events
 * with different keys may be folded in any order relative to each other. So each view's key is what
 * its rows depend on together:
 * <ul>
 * <li>incident views, kill switches, launches (and expansions, each written once), pack freshness
 *     (one watch aggregate per scope): every row is one aggregate's, so the aggregate (Axon's default);</li>
 * <li>incident history: the recurrence policy in the same group reads the earlier declarations of the
 *     declared incident's scope, so the scope;</li>
 * <li>scope posture: a completed rebind settles the earlier failed rebinds of its scope, and a rebind's
 *     later events do not name their scope, so all rebind events in one sequence; incidents and kill
 *     switches each change only their own row, so the aggregate;</li>
 * <li>alert intake: an unmapped alert's row counts its deliveries and keeps the first, so the alert's
 *     fingerprint; deliveries and lost alerts are written once each, so the aggregate.</li>
 * </ul>
 * Left in one segment, because no key of one event keeps their order: the rebinds view (a scope's
 * active manifest follows whichever of several rebinds probed it last, and most rebind events do not
 * name their scope), the no-go gate (a scope's facts come from many aggregates, and one alert delivery
 * names several scopes), and every policy group that only sends commands (they are light, and what
 * they send may depend on order across aggregates).
 */
public final class ViewSegments {

    /** One sequence key for every rebind event (no aggregate identifier looks like it). */
    private static final String ALL_REBINDS = "rebind events";

    /** The split views by processing group, each with its sequencing policy. */
    public static final Map<String, SequencingPolicy<? super EventMessage<?>>> SPLIT_VIEWS = Map.of(
            IncidentViewProjector.PROCESSING_GROUP, SequentialPerAggregatePolicy.instance(),
            KillSwitchProjector.PROCESSING_GROUP, SequentialPerAggregatePolicy.instance(),
            LaunchProjector.PROCESSING_GROUP, SequentialPerAggregatePolicy.instance(),
            PackFreshnessProjector.PROCESSING_GROUP, SequentialPerAggregatePolicy.instance(),
            RecurrencePolicy.PROCESSING_GROUP, keyedBy(payload -> payload instanceof IncidentDeclared declared
                    ? declared.scope().toString() : null),
            ScopePostureProjector.PROCESSING_GROUP, keyedBy(payload -> payload instanceof RebindEvent ? ALL_REBINDS : null),
            AlertIntakeProjector.PROCESSING_GROUP, keyedBy(payload -> payload instanceof UnmappedAlertKept unmapped
                    ? "unmapped:" + unmapped.alert().fingerprint() : null));

    /** The views left in one segment (above): folded, like the split views, in batches of views' size. */
    public static final Set<String> ONE_SEGMENT_VIEWS = Set.of(RebindProjector.PROCESSING_GROUP, NoGoGateProjector.PROCESSING_GROUP);

    private ViewSegments() {
    }

    /** The key the payload names, else the event's aggregate. */
    private static SequencingPolicy<EventMessage<?>> keyedBy(Function<Object, Object> keyOfPayload) {
        return event -> {
            Object key = keyOfPayload.apply(event.getPayload());
            return key != null ? key : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
        };
    }
}
