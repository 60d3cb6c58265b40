package org.binkindly.ledger.api.token;

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

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tokens create|list|revoke}: token administration straight against the ledger's database,
 * with the same settings as the server ({@code spring.datasource.*} or the embedded data directory).
 * It works without a running ledger and without any token, which is how a lost admin is replaced.
 */
public final class TokenCommandLine {

    static final String USAGE = """
            usage: tokens create --name=<name> --roles=<ROLE,ROLE> [--valid-for=P90D | --expires-at=<instant>]
                   tokens list
                   tokens revoke <tok-id>
            roles: %s
            database: the server's settings (--spring.datasource.url=... or --ledger.data-dir=...)"""
            .formatted(Arrays.toString(Role.values()));

    private TokenCommandLine() {
    }

    public static boolean isInvocation(String[] args) {
        return args.length > 0 && args[0].equals("tokens");
    }

    /** Runs one token command; the exit status is 0 on success, 1 on a refused command, 2 on a usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = Arrays.stream(args).skip(1).filter(arg -> !arg.startsWith("--")).toList();
        Map<String, String> options = new LinkedHashMap<>();
        Arrays.stream(args).filter(arg -> arg.startsWith("--") && arg.contains("="))
                .forEach(arg -> options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1)));
        if (words.isEmpty() || !List.of("create", "list", "revoke").contains(words.get(0))) {
            err.println(USAGE);
            return 2;
        }
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(Context.class)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .properties("logging.level.root=WARN", "spring.main.register-shutdown-hook=false")
                    .run(args);
        } catch (RuntimeException unreachable) {
            err.println("cannot open the ledger's database: " + rootMessage(unreachable));
            err.println("with the embedded database this happens while the ledger runs on the same data directory: "
                    + "use the HTTP endpoints /admin/tokens then (docs/operations.md), or stop the ledger first");
            return 1;
        }
        try (context) {
            ApiTokenStore tokens = context.getBean(ApiTokenStore.class);
            String actor = "cli:" + System.getProperty("user.name", "unknown");
            return switch (words.get(0)) {
                case "create" -> create(tokens, options, actor, out, err);
                case "list" -> list(tokens, out);
                default -> revoke(tokens, words, actor, out, err);
            };
        }
    }

    private static int create(ApiTokenStore tokens, Map<String, String> options, String actor, PrintStream out, PrintStream err) {
        try {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String role : options.getOrDefault("roles", "").split(",")) {
                if (!role.isBlank()) {
                    roles.add(Role.valueOf(role.strip().toUpperCase()));
                }
            }
            Instant now = Clock.systemUTC().instant();
            Instant expiry = TokenLifetimes.expiry(now,
                    options.containsKey("expires-at") ? Instant.parse(options.get("expires-at")) : null,
                    options.containsKey("valid-for") ? Duration.parse(options.get("valid-for")) : null);
            ApiTokenStore.IssuedToken issued = tokens.create(options.get("name"), roles, expiry, actor);
            err.printf("created %s for %s with roles %s, expiring %s; the token is printed once, below%n",
                    issued.stored().tokenId(), issued.stored().name(), issued.stored().roles(), issued.stored().expiresAt());
            out.println(issued.token());
            return 0;
        } catch (IllegalArgumentException | DateTimeParseException | ApiException refused) {
            err.println("refused: " + refused.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static int list(ApiTokenStore tokens, PrintStream out) {
        out.printf("%-16s %-24s %-40s %-27s %s%n", "TOKEN ID", "NAME", "ROLES", "EXPIRES", "STATE");
        Instant now = Instant.now();
        for (ApiTokenStore.StoredToken token : tokens.list()) {
            String state = token.revokedAt() != null ? "revoked " + token.revokedAt() + " by " + token.revokedBy()
                    : token.usableAt(now) ? "usable" : "expired";
            out.printf("%-16s %-24s %-40s %-27s %s%n", token.tokenId(), token.name(), token.roles(), token.expiresAt(), state);
        }
        return 0;
    }

    private static int revoke(ApiTokenStore tokens, List<String> words, String actor, PrintStream out, PrintStream err) {
        if (words.size() != 2 || !words.get(1).matches(TokenController.TOKEN_ID)) {
            err.println(USAGE);
            return 2;
        }
        return tokens.revoke(words.get(1), actor).map(token -> {
            out.printf("%s (%s) revoked at %s by %s%n", token.tokenId(), token.name(), token.revokedAt(), token.revokedBy());
            return 0;
        }).orElseGet(() -> {
            err.println("no token " + words.get(1));
            return 1;
        });
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
