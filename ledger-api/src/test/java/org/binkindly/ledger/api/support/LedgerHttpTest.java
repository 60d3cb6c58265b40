package org.binkindly.ledger.api.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole ledger on a random port with its embedded PostgreSQL; tests talk to it over HTTP.
 * Every subclass shares one application (Spring caches the context), so tests must not assume
 * an empty ledger: each works on the incidents and scopes it creates.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class LedgerHttpTest {

    @LocalServerPort
    private int port;

    protected LedgerClient ledger;

    @BeforeEach
    void connect() {
        ledger = new LedgerClient(port);
    }
}
