package org.binkindly.ledger.api.web;

import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** A caller that hung up (Alertmanager's webhook timeout) is not a failure of the ledger: no ERROR, no problem body. */
class ClientHangUpTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler(new DatabaseProbe(null));

    @Test
    void aClientThatWentAwayGetsNoAnswerAndIsNoFailure() {
        assertThat(handler.unexpected(new AsyncRequestNotUsableException("ServletOutputStream failed to write"))).isNull();
        assertThat(handler.unexpected(new HttpMessageNotWritableException("Could not write JSON",
                new ClientAbortException(new IOException("Broken pipe"))))).isNull();
        assertThat(ApiExceptionHandler.clientWentAway(new IllegalStateException("wrapped",
                new IOException("Connection reset by peer")))).isTrue();
    }

    /**
     * The database's connection reset during an outage is not the client's: answering it with silence
     * (an empty 200) acknowledged a declaration that was never stored (seen in DatabaseOutageTest).
     */
    @Test
    void aDatabaseConnectionResetIsNotAClientHangUp() {
        java.sql.SQLException reset = new java.sql.SQLException("An I/O error occurred while sending to the backend",
                "08006", new java.net.SocketException("Connection reset by peer"));
        assertThat(ApiExceptionHandler.clientWentAway(new IllegalStateException("command failed", reset))).isFalse();
        assertThat(ApiExceptionHandler.clientWentAway(new org.springframework.dao.DataAccessResourceFailureException(
                "commit failed", new java.net.SocketException("Connection reset by peer")))).isFalse();
    }

    @Test
    void anyOtherFailureIsStillAnInternalError() {
        assertThat(ApiExceptionHandler.clientWentAway(new IOException("disk full"))).isFalse();
        assertThat(handler.unexpected(new IllegalStateException("a real bug")).getStatusCode().value()).isEqualTo(500);
    }
}
