package org.binkindly.ledger.core.launch;

import org.binkindly.ledger.core.launch.command.CompleteExpansion;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.binkindly.ledger.core.shared.RuleViolations.violation;

class ExpansionTest {

    private static final ExpansionId ID = ExpansionId.of("exp-0123456789ab");
    private static final Scope SCOPE = Scope.parse("country/se");

    private AggregateTestFixture<Expansion> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Expansion.class);
    }

    private static List<NoGoFinding> findings(NoGoRule... blocking) {
        List<NoGoRule> blocked = List.of(blocking);
        return Arrays.stream(NoGoRule.values())
                .map(rule -> new NoGoFinding(rule, !blocked.contains(rule), List.of(), List.of()))
                .toList();
    }

    @Test
    void anExpansionWithNothingBlockingIsCompleted() {
        fixture.givenNoPriorActivity()
                .when(new CompleteExpansion(ID, SCOPE, "add se-uppsala", findings()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ExpansionCompleted(ID, SCOPE, "add se-uppsala", findings()));
    }

    @Test
    void anExpansionIsRefusedWhileRulesBlockAndTheRefusalListsThem() {
        fixture.givenNoPriorActivity()
                .when(new CompleteExpansion(ID, SCOPE, "add se-uppsala",
                        findings(NoGoRule.STALE_PACK_ALERTING_PRESENT, NoGoRule.PUBLISH_FAILURES_ROUTED)))
                .expectException(violation(RuleCode.EXPANSION_BLOCKED,
                        List.of("STALE_PACK_ALERTING_PRESENT", "PUBLISH_FAILURES_ROUTED")));
    }

    @Test
    void anEvaluationThatSkipsARuleBlocksOnThatRule() {
        fixture.givenNoPriorActivity()
                .when(new CompleteExpansion(ID, SCOPE, "add se-uppsala", findings().subList(0, 4)))
                .expectException(violation(RuleCode.EXPANSION_BLOCKED, List.of("SCOPE_VALIDATED_IN_PRODUCTION")));
    }
}
