package org.binkindly.ledger.api.killswitch;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.api.web.WrittenAnswers;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.ReferencedRebind;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.projections.killswitch.FindKillSwitch;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.binkindly.ledger.projections.rebind.FindRebind;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.rebind.RebindView;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * What the kill-switch endpoints and the console's kill-switch forms check before sending a command:
 * that the log holds the switch (KILL_SWITCH_NOT_FOUND, never Axon's own exception), and what the
 * rebind views say about a rebind named as rollback confidence (the aggregate judges it).
 */
@Component
public class KillSwitchLookup {

    /** The aggregate type the event store records for kill switches. */
    static final String AGGREGATE_TYPE = "KillSwitch";

    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final WrittenAnswers answers;

    KillSwitchLookup(QueryGateway queries, ViewFreshness freshness, WrittenAnswers answers) {
        this.queries = queries;
        this.freshness = freshness;
        this.answers = answers;
    }

    /** KILL_SWITCH_NOT_FOUND unless the log holds the switch; reads no view. */
    public void requireStored(KillSwitchId killSwitchId) {
        answers.requireStored(AGGREGATE_TYPE, killSwitchId.value(), () -> notFound(killSwitchId));
    }

    /** The switch's view; 503 VIEW_PENDING if it is stored but its view has not caught up. */
    public KillSwitchView current(KillSwitchId killSwitchId) {
        return answers.view(KillSwitchProjector.PROCESSING_GROUP, AGGREGATE_TYPE, killSwitchId.value(),
                () -> find(killSwitchId), () -> notFound(killSwitchId));
    }

    Optional<KillSwitchView> find(KillSwitchId killSwitchId) {
        return queries.query(new FindKillSwitch(killSwitchId), ResponseTypes.optionalInstanceOf(KillSwitchView.class)).join();
    }

    /** What the rebind views say about the named rebind; the kill switch judges it (null: no such rebind). */
    public ReferencedRebind referencedRebind(String rebindReference) {
        if (rebindReference == null || rebindReference.isBlank()) {
            return null;
        }
        RebindId rebindId;
        try {
            rebindId = RebindId.of(rebindReference.strip());
        } catch (RuntimeException notAnId) {
            return null;
        }
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
        return queries.query(new FindRebind(rebindId), ResponseTypes.optionalInstanceOf(RebindView.class)).join()
                .map(view -> new ReferencedRebind(view.rebind().rebindId().value(), view.rebind().scope(),
                        view.rebind().phase().name(), view.rebind().integrity() != null))
                .orElse(null);
    }

    static LedgerRuleViolation notFound(KillSwitchId killSwitchId) {
        return new LedgerRuleViolation(RuleCode.KILL_SWITCH_NOT_FOUND, "no kill switch " + killSwitchId);
    }
}
