package org.binkindly.ledger.api.token;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.api.LedgerApplication;
import org.binkindly.ledger.api.cli.LedgerCommandLine;
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
class TokensCommandTest {

    @TempDir
    Path dataDir;

    record Run(int status, String out, String err) {
    }

    @Test
    void tokensCreatedAndRevokedOnTheCommandLineTakeEffectOnTheRunningLedger() throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start()) {
            String url = "--spring.datasource.url=" + database.getJdbcUrl("postgres", "postgres");
            String user = "--spring.datasource.username=postgres";

            // both option syntaxes, for the command's options and for the database settings
            Run created = run("tokens", "create", "--name", "carol", "--roles=operator,INCIDENT_OWNER", "--valid-for", "P7D", url,
                    "--spring.datasource.username", "postgres");
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

    /** Refused before the database is opened: the data directory stays empty. */
    @Test
    void usageErrorsSayHowToUseIt() {
        Run nothing = run("tokens", "--ledger.data-dir=" + dataDir);
        assertThat(nothing.status()).isEqualTo(2);
        assertThat(nothing.err()).contains("Missing subcommand: create, list or revoke").contains("tokens --help");
        Run noRoles = run("tokens", "create", "--name=dave", "--ledger.data-dir=" + dataDir);
        assertThat(noRoles.status()).isEqualTo(2);
        assertThat(noRoles.err()).contains("tokens create: Missing required option: '--roles=<ROLE>'");
        Run unknownRole = run("tokens", "create", "--name=dave", "--roles=OPERATOR,WIZARD", "--ledger.data-dir", dataDir.toString());
        assertThat(unknownRole.status()).isEqualTo(2);
        assertThat(unknownRole.err()).contains("WIZARD").contains("ADMIN");
        Run tooLong = run("tokens", "create", "--name=dave", "--roles=OPERATOR", "--valid-for=P4000D", "--ledger.data-dir=" + dataDir);
        assertThat(tooLong.status()).isEqualTo(2);
        assertThat(tooLong.err()).contains("at most 3650 days");
        Run notAnId = run("tokens", "revoke", "bkl_secret", "--ledger.data-dir=" + dataDir);
        assertThat(notAnId.status()).isEqualTo(2);
        assertThat(notAnId.err()).contains("'bkl_secret' is not a token id");
        Run misspelt = run("tokens", "creat", "--ledger.data-dir=" + dataDir);
        assertThat(misspelt.status()).isEqualTo(2);
        assertThat(misspelt.err()).contains("Did you mean").contains("create");
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void everyTokensCommandExplainsItself() {
        Run help = run("help", "tokens");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: java -jar ledger-api.jar tokens").contains("create").contains("list")
                .contains("revoke").contains("--ledger.data-dir");
        Run createHelp = run("tokens", "create", "--help");
        assertThat(createHelp.status()).isZero();
        assertThat(createHelp.out()).contains("--name=<name>").contains("--roles=<ROLE>").contains("--valid-for=<duration>")
                .contains("ADMIN");
        Run revokeHelp = run("tokens", "revoke", "-h");
        assertThat(revokeHelp.status()).isZero();
        assertThat(revokeHelp.out()).contains("<tok-id>");
        assertThat(dataDir).isEmptyDirectory();
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LedgerCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
