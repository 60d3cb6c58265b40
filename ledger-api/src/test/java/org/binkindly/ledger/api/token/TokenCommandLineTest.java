package org.binkindly.ledger.api.token;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.api.LedgerApplication;
import org.binkindly.ledger.api.support.LedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented command line, run against the database a ledger node uses: a token created
 * there works on the node at once; revoked there, it stops working at once.
 */
class TokenCommandLineTest {

    @TempDir
    Path dataDir;

    record Run(int status, String out, String err) {
    }

    @Test
    void tokensCreatedAndRevokedOnTheCommandLineTakeEffectOnTheRunningLedger() throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start()) {
            String url = "--spring.datasource.url=" + database.getJdbcUrl("postgres", "postgres");
            String user = "--spring.datasource.username=postgres";

            Run created = run("tokens", "create", "--name=carol", "--roles=operator,INCIDENT_OWNER", "--valid-for=P7D", url, user);
            assertThat(created.status()).as(created.err()).isZero();
            String token = created.out().strip();
            assertThat(token).startsWith("bkl_");
            assertThat(created.err()).contains("carol").doesNotContain(token);

            try (ConfigurableApplicationContext node = new SpringApplicationBuilder(LedgerApplication.class).run(
                    "--server.port=0", "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN", url, user,
                    "--ledger.single-node=true")) {
                LedgerClient client = new LedgerClient(((WebServerApplicationContext) node).getWebServer().getPort());
                assertThat(client.get("/board", token).status()).isEqualTo(200);

                Run listed = run("tokens", "list", url, user);
                assertThat(listed.status()).isZero();
                assertThat(listed.out()).contains("carol").contains("INCIDENT_OWNER").contains("usable").doesNotContain(token);
                String tokenId = listed.out().lines().filter(line -> line.contains("carol")).findFirst().orElseThrow()
                        .split("\\s+")[0];

                Run revoked = run("tokens", "revoke", tokenId, url, user);
                assertThat(revoked.status()).as(revoked.err()).isZero();
                assertThat(client.get("/board", token).status()).isEqualTo(401);
            }
        }
    }

    @Test
    void usageErrorsSayHowToUseIt() {
        Run nothing = run("tokens");
        assertThat(nothing.status()).isEqualTo(2);
        assertThat(nothing.err()).contains("tokens create --name=");
        Run noRoles = run("tokens", "create", "--name=dave", "--ledger.data-dir=" + dataDir);
        assertThat(noRoles.status()).isEqualTo(2);
        assertThat(noRoles.err()).contains("at least one role");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TokenCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
