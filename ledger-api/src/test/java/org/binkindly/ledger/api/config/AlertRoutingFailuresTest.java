package org.binkindly.ledger.api.config;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which routing failures are passing (retried for as long as they last) and which set a delivery aside after a few attempts. */
class AlertRoutingFailuresTest {

    @Test
    void theDatabaseAwayAndWriteConflictsArePassingAndNothingElseIs() {
        assertThat(AlertIntakeConfiguration.isPassing(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool exhausted")))).isTrue();
        assertThat(AlertIntakeConfiguration.isPassing(new CommandExecutionException("conflict", new ConcurrencyException(
                "another node wrote sequence 7")))).isTrue();
        assertThat(AlertIntakeConfiguration.isPassing(new IllegalStateException("200 alert(s) found only closed incidents")))
                .isFalse();
        assertThat(AlertIntakeConfiguration.isPassing(new CommandExecutionException("refused", new IllegalArgumentException(
                "'x' is not an incident id")))).isFalse();
    }
}
