package org.binkindly.ledger.api.web;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * When a request fails somewhere in the database layer in a way {@link DatabaseOutage} cannot name
 * (a connection the pool already closed, an assertion inside the driver, Axon's own wrappers), ask
 * the database itself: if it cannot be reached now, the failure was the outage and the answer is 503.
 */
@Component
public class DatabaseProbe {

    private final DataSource dataSource;

    public DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean isOutage(Throwable failure) {
        return DatabaseOutage.causedBy(failure) || touchesDatabase(failure) && !reachable();
    }

    private boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException unreachable) {
            return false;
        }
    }

    static boolean touchesDatabase(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof SQLException || current instanceof DataAccessException || current instanceof TransactionException
                    || current.getClass().getName().startsWith("org.axonframework.common.jdbc.")
                    || current.getClass().getName().equals("org.axonframework.eventsourcing.eventstore.EventStoreException")
                    || thrownBy(current, "org.postgresql.", "com.zaxxer.hikari.")) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static boolean thrownBy(Throwable failure, String... packages) {
        StackTraceElement[] trace = failure.getStackTrace();
        if (trace.length == 0) {
            return false;
        }
        for (String prefix : packages) {
            if (trace[0].getClassName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
