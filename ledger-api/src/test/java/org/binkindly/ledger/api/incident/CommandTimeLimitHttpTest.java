package org.binkindly.ledger.api.incident;

import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command that runs past the command bus's time limit is interrupted, rolled back and answered
 * {@code 503 TIMED_OUT} with {@code Retry-After}: nothing of it is in the log, and the same
 * command goes through once the ledger is free again. The declaration is held up on the lock that
 * serialises declarations of its class and scope, taken here on a connection of the test's own.
 */
@TestPropertySource(properties = {"axon.timeout.transaction.command-bus.timeout-ms=300",
        "axon.timeout.transaction.command-bus.warning-threshold-ms=-1"})
// an application with settings of its own, closed when the class ends rather than kept idle (CachedApplicationsTest)
@DirtiesContext
class CommandTimeLimitHttpTest extends LedgerHttpTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void aCommandPastItsTimeLimitIsRolledBackAndAnsweredServiceUnavailable() throws Exception {
        String scope = Incidents.freshScope();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        LedgerClient.Response answer;
        try (Connection holder = dataSource.getConnection()) {
            advisoryLock(holder, "pg_advisory_lock", scope);
            CompletableFuture<LedgerClient.Response> declared = CompletableFuture.supplyAsync(() ->
                    ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, Incidents.declaration("PUBLISH_FAILURE", scope, Incidents.NOTHING_WRONG)));
            // the declaration waits on the lock well past its 300 ms: the limit interrupts it meanwhile
            Thread.sleep(3_000);
            assertThat(declared).as("held on the lock").isNotDone();
            advisoryLock(holder, "pg_advisory_unlock", scope);
            answer = declared.get(60, TimeUnit.SECONDS);
        }

        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("code").asText()).isEqualTo("TIMED_OUT");
        assertThat(answer.headers().get("retry-after")).containsExactly("5");
        assertThat(answer.text()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like '%IncidentDeclared' "
                + "and convert_from(payload, 'UTF8') like ?", Long.class, "%" + scope + "%")).as("declarations stored").isZero();
        assertThat(jdbc.queryForObject("select count(*) from open_incident where scope = ?", Long.class, scope)).isZero();

        LedgerClient.Response again = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                Incidents.declaration("PUBLISH_FAILURE", scope, Incidents.NOTHING_WRONG));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
    }

    private static void advisoryLock(Connection connection, String function, String scope) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, OpenIncidents.lockName(IncidentClass.PUBLISH_FAILURE, Scope.parse(scope)));
            statement.executeQuery().close();
        }
    }
}
