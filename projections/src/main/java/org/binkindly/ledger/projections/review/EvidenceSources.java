package org.binkindly.ledger.projections.review;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.incident.FindIncident;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.binkindly.ledger.projections.killswitch.ListKillSwitches;
import org.binkindly.ledger.projections.launch.FindLaunch;
import org.binkindly.ledger.projections.launch.LaunchProjector;
import org.binkindly.ledger.projections.launch.LaunchView;
import org.binkindly.ledger.projections.rebind.ListRebinds;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.rebind.RebindView;
import org.binkindly.ledger.projections.support.ReadYourWrites;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** What the evidence records read: views, each once it has caught up with the log, and where events sit in the log. */
final class EvidenceSources {

    private final QueryGateway queries;
    private final ReadYourWrites freshness;
    private final EventLog eventLog;
    private final Clock clock;

    EvidenceSources(QueryGateway queries, ReadYourWrites freshness, EventLog eventLog, Clock clock) {
        this.queries = queries;
        this.freshness = freshness;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    List<RebindView> rebinds(Scope scope) {
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
        return queries.query(new ListRebinds(scope, 1000), ResponseTypes.multipleInstancesOf(RebindView.class)).join();
    }

    List<KillSwitchView> killSwitches(Scope scope) {
        freshness.awaitCaughtUp(KillSwitchProjector.PROCESSING_GROUP);
        return queries.query(new ListKillSwitches(scope, false), ResponseTypes.multipleInstancesOf(KillSwitchView.class)).join();
    }

    /** The picked rebind of the scope, or the first that {@code fallback} accepts when none is picked. */
    Optional<RebindView.Rebind> rebind(EvidenceRecords.Selection selection, Predicate<RebindView.Rebind> fallback) {
        List<RebindView.Rebind> rebinds = rebinds(selection.scope()).stream().map(RebindView::rebind).toList();
        if (selection.rebindId() != null) {
            return Optional.of(rebinds.stream().filter(rebind -> rebind.rebindId().value().equals(selection.rebindId())).findFirst()
                    .orElseThrow(() -> new LedgerRuleViolation(RuleCode.REBIND_NOT_FOUND,
                            "no rebind %s of %s".formatted(selection.rebindId(), selection.scope()))));
        }
        return rebinds.stream().filter(rebind -> selection.incidentId() == null || rebind.incidentId() != null
                && rebind.incidentId().value().equals(selection.incidentId())).filter(fallback).findFirst();
    }

    /** The picked kill switch of the scope, or the latest of {@code kind} (of the picked incident, if one is picked). */
    Optional<KillSwitchView> killSwitch(EvidenceRecords.Selection selection, KillSwitchKind kind) {
        List<KillSwitchView> switches = killSwitches(selection.scope());
        if (selection.killSwitchId() != null) {
            return Optional.of(switches.stream().filter(view -> view.killSwitchId().value().equals(selection.killSwitchId())
                    && view.kind() == kind).findFirst().orElseThrow(() -> new LedgerRuleViolation(RuleCode.KILL_SWITCH_NOT_FOUND,
                    "no %s kill switch %s of %s".formatted(kind, selection.killSwitchId(), selection.scope()))));
        }
        return switches.stream().filter(view -> view.kind() == kind).filter(view -> selection.incidentId() == null
                || view.incidentId() != null && view.incidentId().value().equals(selection.incidentId())).findFirst();
    }

    Optional<IncidentView> incident(IncidentId incidentId) {
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        return queries.query(new FindIncident(incidentId), ResponseTypes.optionalInstanceOf(IncidentView.class)).join();
    }

    Optional<LaunchView> launch(LaunchId launchId) {
        freshness.awaitCaughtUp(LaunchProjector.PROCESSING_GROUP);
        return queries.query(new FindLaunch(launchId), ResponseTypes.optionalInstanceOf(LaunchView.class)).join();
    }

    /** Where each of an aggregate's events sits in the audit stream, by event type. */
    Map<String, List<Long>> positions(String aggregateId) {
        Map<String, List<Long>> positions = new LinkedHashMap<>();
        for (EventLog.EventPosition event : eventLog.positionsOf(aggregateId)) {
            positions.computeIfAbsent(event.simpleType(), key -> new ArrayList<>()).add(event.position());
        }
        return positions;
    }

    /** The last position in the log, read before the views: the record reflects at least every event up to it. */
    Long logPosition() {
        OptionalLong head = eventLog.head();
        return head.isPresent() ? head.getAsLong() : null;
    }

    Instant now() {
        return clock.instant();
    }
}
