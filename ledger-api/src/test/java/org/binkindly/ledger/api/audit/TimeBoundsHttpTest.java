package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time bounds at the ends of what Java parses ({@code at}, {@code from}, {@code to}): PostgreSQL's timestamps end
 * long before, and such a bound used to fail the query with a 500. Answered now, and as the nearest bound the
 * database holds: every event lies inside it, so the answer is the same.
 */
class TimeBoundsHttpTest extends LedgerHttpTest {

    /** The bounds a property test drew: the ends of what an ISO instant with a nine-digit year says. */
    private static final String FAR_FUTURE = encode("+999999999-12-31T23:59:59Z");
    private static final String FAR_PAST = encode("-999999999-01-01T00:00:00Z");

    @Test
    void boundsBeyondTheDatabasesRangeAreAnsweredNotFailed() {
        String scope = Incidents.freshScope();
        new Incidents(ledger).declare("PUBLISH_FAILURE", scope, Incidents.NOTHING_WRONG);
        List<String> queries = List.of(
                "/as-of/scopes/" + scope + "/manifest?at=" + FAR_FUTURE,
                "/as-of/scopes/" + scope + "/posture?at=" + FAR_FUTURE,
                "/as-of/scopes/" + scope + "/posture?at=" + FAR_PAST,
                "/audit/events?from=" + FAR_PAST + "&to=" + FAR_FUTURE,
                "/reviews/incidents?from=" + FAR_PAST + "&to=" + FAR_FUTURE,
                "/reviews/rollbacks?from=" + FAR_PAST + "&to=" + FAR_FUTURE,
                "/reviews/recurrences?from=" + FAR_PAST + "&to=" + FAR_FUTURE);
        for (String query : queries) {
            LedgerClient.Response answer = ledger.get(query, LedgerClient.ROOT_ADMIN);
            assertThat(answer.status()).as("%s → %s", query, answer).isLessThan(500);
            if (answer.status() >= 400) {
                assertThat(answer.isProblem()).as("%s → %s", query, answer).isTrue();
            }
        }
    }

    @Test
    void aBoundBeyondTheDatabasesRangeSelectsWhatNoBoundSelects() {
        String scope = Incidents.freshScope();
        String incidentId = new Incidents(ledger).declare("PUBLISH_FAILURE", scope, Incidents.NOTHING_WRONG)
                .path("incidentId").asText();

        JsonNode unbounded = ledger.get("/audit/events?aggregateId=" + incidentId, LedgerClient.ROOT_ADMIN).json();
        JsonNode farBounds = ledger.get("/audit/events?aggregateId=" + incidentId + "&from=" + FAR_PAST + "&to=" + FAR_FUTURE,
                LedgerClient.ROOT_ADMIN).json();
        // the same events (compared by position: the sealer may add an event's link between the two reads)
        assertThat(positions(farBounds)).isNotEmpty().isEqualTo(positions(unbounded));
        assertThat(ledger.get("/audit/events?aggregateId=" + incidentId + "&from=" + FAR_FUTURE, LedgerClient.ROOT_ADMIN)
                .json().path("events")).isEmpty();

        // streamed: a whole answer, with its end line, not a stream broken off after its header
        LedgerClient.Response stream = ledger.get("/audit/stream?aggregateId=" + incidentId + "&to=" + FAR_FUTURE,
                LedgerClient.ROOT_ADMIN);
        assertThat(stream.status()).isEqualTo(200);
        List<String> lines = stream.text().lines().toList();
        assertThat(lines.get(lines.size() - 1)).contains("\"kind\":\"end\"");
        assertThat(lines).hasSize(unbounded.path("events").size() + 2);
    }

    private static List<Long> positions(JsonNode page) {
        List<Long> positions = new ArrayList<>();
        page.path("events").forEach(event -> positions.add(event.path("position").asLong()));
        return positions;
    }

    private static String encode(String instant) {
        return URLEncoder.encode(Instant.parse(instant).toString(), StandardCharsets.UTF_8);
    }
}
