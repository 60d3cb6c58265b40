package org.binkindly.ledger.api.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Which settings make a node keep state to itself, and when that is refused (with an external database only). */
class NodeLocalStateCheckTest {

    private static final String EXTERNAL = "jdbc:postgresql://db.internal:5432/ledger";

    @Test
    void theEmbeddedDatabaseIsOneNodeByConstruction() {
        assertThat(NodeLocalStateCheck.nodeLocalState(new MockEnvironment())).isEmpty();
    }

    @Test
    void anExternalDatabaseWithNothingSharedNamesAllThree() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", EXTERNAL);
        assertThat(NodeLocalStateCheck.nodeLocalState(environment)).hasSize(3)
                .anySatisfy(entry -> assertThat(entry).contains("admin token").contains("ledger.security.tokens"))
                .anySatisfy(entry -> assertThat(entry).contains("audit signing key").contains("ledger.audit.signing-key-file"))
                .anySatisfy(entry -> assertThat(entry).contains("object store").contains("ledger.storage.endpoint"));
    }

    @Test
    void sharedTokensKeyAndStoreOrASingleNodeStart() {
        MockEnvironment shared = new MockEnvironment().withProperty("spring.datasource.url", EXTERNAL)
                .withProperty("ledger.security.tokens[0].name", "alice")
                .withProperty("ledger.security.tokens[0].roles", "OPERATOR")
                .withProperty("ledger.security.tokens[0].token", "alice-operator-token-0001")
                .withProperty("ledger.audit.signing-key-file", "/etc/ledger/audit-signing-key.pem")
                .withProperty("ledger.storage.endpoint", "https://s3.internal")
                .withProperty("ledger.storage.bucket", "ledger");
        assertThat(NodeLocalStateCheck.nodeLocalState(shared)).isEmpty();

        MockEnvironment tokensInTheDatabase = new MockEnvironment().withProperty("spring.datasource.url", EXTERNAL)
                .withProperty("ledger.security.bootstrap-admin-token", "false");
        assertThat(NodeLocalStateCheck.nodeLocalState(tokensInTheDatabase)).hasSize(2)
                .noneSatisfy(entry -> assertThat(entry).contains("admin token"));

        MockEnvironment single = new MockEnvironment().withProperty("spring.datasource.url", EXTERNAL)
                .withProperty("ledger.single-node", "true");
        assertThat(NodeLocalStateCheck.nodeLocalState(single)).isEmpty();
    }
}
