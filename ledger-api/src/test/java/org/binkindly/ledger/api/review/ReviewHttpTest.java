package org.binkindly.ledger.api.review;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

class ReviewHttpTest extends LedgerHttpTest {

    private static final String OWNER = LedgerClient.OLIVIA_OWNER;

    @Test
    void aReviewerSeesAnIncidentsMeasuresAndTheScopesRecurrence() {
        String scope = Incidents.freshScope();
        Incidents incidents = new Incidents(ledger);
        String first = incidents.declare("STALE_PACK", scope, Incidents.NOTHING_WRONG).path("incidentId").asText();
        expectOk(ledger.post("/incidents/" + first + "/evidence", LedgerClient.ALICE_OPERATOR, Map.of("field", "CONTAINMENT_ACTION",
                "action", "paused confidence claims", "performedAt", "2020-01-01T00:00:00Z")));
        // the first is still open: a second one of the same class and scope needs the operator's reason
        Map<String, Object> separate = Incidents.declaration("STALE_PACK", scope, Incidents.NOTHING_WRONG);
        separate.put("separateBecause", "a second pack went stale for another reason");
        LedgerClient.Response secondDeclared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, separate);
        assertThat(secondDeclared.status()).as(secondDeclared.toString()).isEqualTo(201);
        String second = secondDeclared.json().path("incidentId").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(expectOk(ledger.get("/incidents/" + second, OWNER))
                .path("recurrenceOf").path(0).asText()).isEqualTo(first));

        JsonNode reviews = expectOk(ledger.get("/reviews/incidents?class=STALE_PACK&scope=" + scope, OWNER));
        assertThat(reviews.path("total").asInt()).isEqualTo(2);
        assertThat(reviews.path("byClass").path("STALE_PACK").asInt()).isEqualTo(2);
        JsonNode firstReview = reviews.path("incidents").get(1);
        assertThat(firstReview.path("incidentId").asText()).isEqualTo(first);
        assertThat(firstReview.path("firstContainmentAt").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(firstReview.path("timeToFirstContainmentSeconds").asLong()).as("contained before detection counts as 0").isZero();
        assertThat(firstReview.path("rollbackObjective").asText()).isEqualTo("NOT_APPLICABLE");

        JsonNode recurrences = expectOk(ledger.get("/reviews/recurrences?scope=" + scope, OWNER));
        assertThat(recurrences.path("recurrences")).hasSize(1);
        assertThat(recurrences.path("recurrences").get(0).path("incidents")).extracting(node -> node.path("incidentId").asText())
                .containsExactly(first, second);

        JsonNode rollbacks = expectOk(ledger.get("/reviews/rollbacks?scope=" + scope, OWNER));
        assertThat(rollbacks.path("rebinds")).isEmpty();
        assertThat(rollbacks.path("objectiveProvenByDrill").asBoolean()).isFalse();
    }

    @Test
    void badPeriodsAndParametersAreProblems() {
        assertThat(ledger.get("/reviews/incidents?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", OWNER).code())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(ledger.get("/reviews/incidents?class=EVERYTHING", OWNER).code()).isEqualTo("INVALID_VALUE");
        assertThat(ledger.get("/reviews/rollbacks?scope=nowhere", OWNER).code()).isEqualTo("INVALID_SCOPE");
        assertThat(ledger.get("/reviews/incidents?limit=0", OWNER).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(ledger.get("/reviews/recurrences", null).status()).isEqualTo(401);
        assertThat(ledger.get("/reviews/recurrences", LedgerClient.RITA_RELEASE).status()).isEqualTo(200);
    }
}
