package org.binkindly.ledger.core.launch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.binkindly.ledger.core.launch.command.CompleteExpansion;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.binkindly.ledger.core.shared.RuleViolations.violation;

class ExpansionTest {

    private static final ExpansionId ID = ExpansionId.of("exp-0123456789ab");
    private static final Scope SCOPE = Scope.parse("country/se");

    private AggregateTestFixture<Expansion> fixture;

    private static final Instant NOW = NoGoRulesTest.T0.plusSeconds(60);

    private final List<NoGoFact> facts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Expansion.class);
        fixture.registerInjectableResource(new NoGoGate(scope -> scope.equals(SCOPE) ? List.copyOf(facts) : List.of(),
                NoGoRulesTest.RECENCY, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @Test
    void anExpansionWithNothingBlockingIsCompletedOnTheGatesOwnFindings() {
        facts.addAll(NoGoRulesTest.allClear(NoGoRulesTest.T0));
        List<NoGoFinding> findings = NoGoRules.evaluate(SCOPE, null, facts, NOW, NoGoRulesTest.RECENCY);

        fixture.givenNoPriorActivity()
                .when(new CompleteExpansion(ID, SCOPE, "add se-uppsala"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(findings)
                .expectEvents(new ExpansionCompleted(ID, SCOPE, "add se-uppsala", findings));
    }

    @Test
    void anExpansionIsRefusedWhileRulesBlockAndTheRefusalListsThem() {
        facts.addAll(NoGoRulesTest.without(NoGoRulesTest.without(NoGoRulesTest.allClear(NoGoRulesTest.T0),
                NoGoFact.Kind.STALE_PACK_ALERT, null), NoGoFact.Kind.PUBLISH_FAILURE_ALERT, null));

        fixture.givenNoPriorActivity()
                .when(new CompleteExpansion(ID, SCOPE, "add se-uppsala"))
                .expectException(violation(RuleCode.EXPANSION_BLOCKED,
                        List.of("STALE_PACK_ALERTING_PRESENT", "PUBLISH_FAILURES_ROUTED")));
    }

    @Test
    void anotherScopesEvidenceDoesNotClearTheGate() {
        facts.addAll(NoGoRulesTest.allClear(NoGoRulesTest.T0));

        fixture.givenNoPriorActivity()
                .when(new CompleteExpansion(ID, Scope.parse("country/no"), "add oslo"))
                .expectException(violation(RuleCode.EXPANSION_BLOCKED,
                        Arrays.stream(NoGoRule.values()).filter(rule -> rule != NoGoRule.NO_OPEN_INCIDENT_HALTS_EXPANSION)
                                .map(NoGoRule::name).toList()));
    }
}
