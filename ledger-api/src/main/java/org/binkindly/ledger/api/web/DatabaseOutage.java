package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.CannotCreateTransactionException;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells "PostgreSQL cannot be reached right now" from every other failure, whatever wraps it
 * (Spring, Axon's event store and unit of work, the query bus): such a request is answered 503
 * with Retry-After, because the same request will work once the database is back.
 */
public final class DatabaseOutage {

    /** Seconds a client is asked to wait before retrying. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private DatabaseOutage() {
    }

    /** For filters that reach the database before any controller runs (tokens, idempotency keys). */
    public static void answer(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Problems.write(response, json, Problems.of(ApiProblem.SERVICE_UNAVAILABLE,
                "the ledger's database is unavailable; retry shortly"));
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof DataAccessResourceFailureException
                    || current instanceof TransientDataAccessResourceException
                    || current instanceof CannotCreateTransactionException
                    || current instanceof SQLTransientConnectionException
                    || current instanceof SQLNonTransientConnectionException
                    || current instanceof ConnectException) {
                return true;
            }
            if (current instanceof SQLException sql && (isConnectionState(sql.getSQLState())
                    || sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage()))) {
                // the last: HikariCP's answer for a connection it already closed after a connection failure
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    /** 08: connection exceptions; 57P01-03: the server is shutting down or starting up; 53300: too many connections. */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }
}
