package org.binkindly.ledger.api.incident;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.api.web.WrittenAnswers;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.incident.FindIncident;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.killswitch.FindKillSwitch;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.binkindly.ledger.projections.rebind.FindRebind;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.rebind.RebindView;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * An incident as the views show it after every write so far, or INCIDENT_NOT_FOUND when the log
 * holds no such incident: what any endpoint naming an incident checks first, so a typo never
 * reaches the command side, and a lagging view never denies a stored incident. Links between an
 * incident and a rebind or kill switch hold only within one scope (another scope's rebind restored
 * nothing for this incident): checked here wherever such an id is accepted, before any command is sent.
 */
@Component
public class IncidentLookup {

    /** The aggregate type the event store records for incidents. */
    static final String AGGREGATE_TYPE = "Incident";

    private final QueryGateway queries;
    private final WrittenAnswers answers;
    private final ViewFreshness freshness;

    IncidentLookup(QueryGateway queries, WrittenAnswers answers, ViewFreshness freshness) {
        this.freshness = freshness;
        this.queries = queries;
        this.answers = answers;
    }

    /** The incident's view; 503 VIEW_PENDING if it is stored but its view has not caught up. */
    public IncidentView current(IncidentId incidentId) {
        return answers.view(IncidentViewProjector.PROCESSING_GROUP, AGGREGATE_TYPE, incidentId.value(),
                () -> find(incidentId), () -> notFound(incidentId));
    }

    /** The incident a rebind or kill switch of {@code scope} is linked to; 409 LINK_ACROSS_SCOPES if it is another scope's. */
    public IncidentView linkedFrom(IncidentId incidentId, Scope scope, String what) {
        IncidentView incident = current(incidentId);
        requireSameScope(incident, scope, what);
        return incident;
    }

    /**
     * A reference named as the incident's rollback or kill-switch evidence: when it is a rebind or kill
     * switch on record, it must be of the incident's scope. Other references (another tool's) stay text.
     */
    void requireReferenceInScope(IncidentId incidentId, String reference) {
        if (reference == null || reference.isBlank()) {
            return;
        }
        String id = reference.strip();
        Optional<Scope> linked = scopeOfRebind(id).or(() -> scopeOfKillSwitch(id));
        if (linked.isPresent()) {
            requireSameScope(current(incidentId), linked.get(), (id.startsWith("rb-") ? "rebind " : "kill switch ") + id);
        }
    }

    private static void requireSameScope(IncidentView incident, Scope scope, String what) {
        if (!incident.scope().equals(scope)) {
            throw new LedgerRuleViolation(RuleCode.LINK_ACROSS_SCOPES,
                    "%s is for %s but incident %s is for %s: a link holds only within one scope".formatted(
                            what, scope, incident.incidentId(), incident.scope()));
        }
    }

    private Optional<Scope> scopeOfRebind(String id) {
        RebindId rebindId;
        try {
            rebindId = RebindId.of(id);
        } catch (RuntimeException notARebindId) {
            return Optional.empty();
        }
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
        return queries.query(new FindRebind(rebindId), ResponseTypes.optionalInstanceOf(RebindView.class)).join()
                .map(view -> view.rebind().scope());
    }

    private Optional<Scope> scopeOfKillSwitch(String id) {
        KillSwitchId killSwitchId;
        try {
            killSwitchId = KillSwitchId.of(id);
        } catch (RuntimeException notAKillSwitchId) {
            return Optional.empty();
        }
        freshness.awaitCaughtUp(KillSwitchProjector.PROCESSING_GROUP);
        return queries.query(new FindKillSwitch(killSwitchId), ResponseTypes.optionalInstanceOf(KillSwitchView.class)).join()
                .map(KillSwitchView::scope);
    }

    /** INCIDENT_NOT_FOUND unless the log holds the incident; reads no view. */
    public void requireExists(IncidentId incidentId) {
        answers.requireStored(AGGREGATE_TYPE, incidentId.value(), () -> notFound(incidentId));
    }

    /** What to answer when a view of the incident does not show it: VIEW_PENDING if it is stored, else INCIDENT_NOT_FOUND. */
    RuntimeException absent(IncidentId incidentId) {
        return answers.absent(AGGREGATE_TYPE, incidentId.value(), () -> notFound(incidentId));
    }

    Optional<IncidentView> find(IncidentId incidentId) {
        return queries.query(new FindIncident(incidentId), ResponseTypes.optionalInstanceOf(IncidentView.class)).join();
    }

    static LedgerRuleViolation notFound(IncidentId incidentId) {
        return new LedgerRuleViolation(RuleCode.INCIDENT_NOT_FOUND, "no incident " + incidentId);
    }
}
