package org.binkindly.ledger.api.token;

import org.binkindly.ledger.api.cli.ExitCodes;
import org.binkindly.ledger.api.config.DatabaseRolesConfiguration;
import org.binkindly.ledger.api.config.EmbeddedDatabaseConfiguration;
import org.binkindly.ledger.api.config.LedgerProperties;
import org.binkindly.ledger.api.security.ApiTokenStore;
import org.binkindly.ledger.api.security.Role;
import org.binkindly.ledger.api.web.ApiException;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code tokens create|list|revoke}: token administration straight against the ledger's database,
 * with the same settings as the server ({@code spring.datasource.*} or the embedded data directory).
 * It works without a running ledger and without any token, which is how a lost admin is replaced.
 * The database is opened only once the command line has been accepted, so help and usage errors
 * answer at once.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create, list and revoke API tokens in the ledger's database.",
            "No running ledger and no token needed: this is how a lost admin token is replaced.",
            "",
            "The database is the server's: give its settings after the command as --name=value or --name value, "
                + "e.g. --ledger.data-dir=data (the embedded database's directory, the default 'data') or "
                + "--spring.datasource.url=jdbc:postgresql://… --spring.datasource.username=… --spring.datasource.password=…, "
                + "or as environment variables (SPRING_DATASOURCE_URL, LEDGER_DATA_DIR)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done.",
            "1:refused: no such token to revoke, or the database cannot be opened "
                + "(the embedded one while a ledger runs on the same data directory).",
            "2:usage error."})
public final class TokensCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final List<String> databaseSettings;
    private final PrintStream out;
    private final PrintStream err;

    /** {@code databaseSettings}: the Spring properties given on the command line ({@code --ledger.data-dir=…}). */
    public TokensCommand(List<String> databaseSettings, PrintStream out, PrintStream err) {
        this.databaseSettings = databaseSettings;
        this.out = out;
        this.err = err;
    }

    /** {@code tokens} with no subcommand: the command line is incomplete. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: create, list or revoke");
    }

    /** This command with its subcommands, each answering to the same output streams and database settings. */
    public CommandLine commandLine() {
        return new CommandLine(this)
                .addSubcommand(new Create())
                .addSubcommand(new ListTokens())
                .addSubcommand(new Revoke());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Create a token and print it once.",
                "The token alone goes to stdout, the details to stderr: TOKEN=$(java -jar ledger-api.jar tokens create …) "
                    + "captures it."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:created.", "1:the database cannot be opened.", "2:usage error."})
    final class Create implements Callable<Integer> {

        @Spec
        CommandSpec createSpec;

        @Option(names = "--name", required = true, paramLabel = "<name>", description = "Whose token it is, e.g. alice.")
        String name;

        @Option(names = "--roles", required = true, split = ",", paramLabel = "<ROLE>",
                description = "One or more of ${COMPLETION-CANDIDATES}, comma-separated.")
        List<Role> roles;

        @Option(names = "--valid-for", paramLabel = "<duration>",
                description = "How long it lives, an ISO-8601 duration (P90D, PT12H); default P90D, at most P3650D.")
        Duration validFor;

        @Option(names = "--expires-at", paramLabel = "<instant>",
                description = "When it expires instead, e.g. 2027-03-01T00:00:00Z.")
        Instant expiresAt;

        @Override
        public Integer call() {
            Instant expiry;
            try {
                expiry = TokenLifetimes.expiry(Clock.systemUTC().instant(), expiresAt, validFor);
            } catch (ApiException refused) {
                throw new ParameterException(createSpec.commandLine(), refused.getMessage());
            }
            Set<Role> granted = EnumSet.copyOf(roles);
            return withDatabase(tokens -> {
                ApiTokenStore.IssuedToken issued;
                try {
                    issued = tokens.create(name, granted, expiry, actor());
                } catch (IllegalArgumentException | ApiException refused) {
                    err.println("tokens create: refused: " + refused.getMessage());
                    return ExitCodes.USAGE_ERROR;
                }
                err.printf("created %s for %s with roles %s, expiring %s; the token is printed once, below%n",
                        issued.stored().tokenId(), issued.stored().name(), issued.stored().roles(), issued.stored().expiresAt());
                out.println(issued.token());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens kept in the database, with their roles, expiry and state; never the secrets.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:listed.", "1:the database cannot be opened.", "2:usage error."})
    final class ListTokens implements Callable<Integer> {

        @Override
        public Integer call() {
            return withDatabase(tokens -> {
                out.printf("%-16s %-24s %-40s %-27s %s%n", "TOKEN ID", "NAME", "ROLES", "EXPIRES", "STATE");
                Instant now = Instant.now();
                for (ApiTokenStore.StoredToken token : tokens.list()) {
                    String state = token.revokedAt() != null ? "revoked " + token.revokedAt() + " by " + token.revokedBy()
                            : token.usableAt(now) ? "usable" : "expired";
                    out.printf("%-16s %-24s %-40s %-27s %s%n", token.tokenId(), token.name(), token.roles(), token.expiresAt(), state);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token: it stops working at once, also on a running ledger.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:revoked.", "1:no such token, or the database cannot be opened.", "2:usage error."})
    final class Revoke implements Callable<Integer> {

        @Spec
        CommandSpec revokeSpec;

        @Parameters(paramLabel = "<tok-id>", description = "The token's id, as tokens list shows it (tok-…, not the secret).")
        String tokenId;

        @Override
        public Integer call() {
            if (!tokenId.matches(TokenController.TOKEN_ID)) {
                throw new ParameterException(revokeSpec.commandLine(),
                        "'%s' is not a token id (tok- and 12 hex digits, as tokens list shows)".formatted(tokenId));
            }
            return withDatabase(tokens -> tokens.revoke(tokenId, actor()).map(token -> {
                out.printf("%s (%s) revoked at %s by %s%n", token.tokenId(), token.name(), token.revokedAt(), token.revokedBy());
                return ExitCodes.OK;
            }).orElseGet(() -> {
                err.println("tokens revoke: no token " + tokenId);
                return ExitCodes.FAILED;
            }));
        }
    }

    private int withDatabase(Function<ApiTokenStore, Integer> work) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(Context.class)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .properties("logging.level.root=WARN", "spring.main.register-shutdown-hook=false")
                    .run(databaseSettings.toArray(String[]::new));
        } catch (RuntimeException unreachable) {
            err.println("tokens: cannot open the ledger's database: " + rootMessage(unreachable));
            err.println("with the embedded database this happens while the ledger runs on the same data directory: "
                    + "use the HTTP endpoints /admin/tokens then (docs/operations.md), or stop the ledger first");
            return ExitCodes.FAILED;
        }
        try (context) {
            return work.apply(context.getBean(ApiTokenStore.class));
        }
    }

    private static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Just the database: no web server, no Axon, no processors. Not a @Configuration, so the server's scan skips it. */
    @EnableConfigurationProperties(LedgerProperties.class)
    @Import({EmbeddedDatabaseConfiguration.class, DatabaseRolesConfiguration.class})
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
    static class Context {

        @Bean
        ApiTokenStore apiTokenStore(JdbcTemplate jdbc) {
            return new ApiTokenStore(jdbc, Clock.systemUTC());
        }
    }
}
