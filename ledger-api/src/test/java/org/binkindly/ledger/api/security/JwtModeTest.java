package org.binkindly.ledger.api.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.binkindly.ledger.api.LedgerApplication;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC/JWT mode against an identity provider the test plays itself: OIDC discovery and a JWKS over
 * real HTTP, for a key the test generates. The ledger is configured only with the issuer URI and
 * a roles-claim mapping, as a team with a real provider would configure it.
 */
class JwtModeTest {

    /** The ledger's client id at the provider: every token must name it in aud. */
    private static final String AUDIENCE = "binkindly-ledger";

    private static HttpServer provider;
    private static String issuer;
    private static RSAKey signingKey;
    private static ConfigurableApplicationContext node;
    private static LedgerClient ledger;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/binkindly";
        String discovery = """
                {"issuer":"%s","jwks_uri":"%s/protocol/openid-connect/certs","subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"],"response_types_supported":["code"],
                 "authorization_endpoint":"%s/auth","token_endpoint":"%s/token"}""".formatted(issuer, issuer, issuer, issuer);
        serve("/realms/binkindly/.well-known/openid-configuration", discovery);
        serve("/realms/binkindly/protocol/openid-connect/certs", new JWKSet(signingKey.toPublicJWK()).toString());
        provider.start();

        node = new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0", "--logging.level.root=WARN",
                "--ledger.data-dir=" + Files.createTempDirectory("ledger-jwt"),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--ledger.security.jwt.principal-claim=preferred_username",
                "--ledger.security.jwt.roles-claim=realm_access.roles",
                "--ledger.security.jwt.role-mapping[ledger-operator]=OPERATOR",
                "--ledger.security.jwt.role-mapping[ledger-owner]=INCIDENT_OWNER",
                "--ledger.security.jwt.audience=" + AUDIENCE,
                "--ledger.security.jwt.max-lifetime=2h", "--ledger.security.jwt.clock-leeway=30s",
                "--ledger.security.tokens[0].name=robot", "--ledger.security.tokens[0].roles=AUDITOR",
                "--ledger.security.tokens[0].token=robot-auditor-token-0001",
                "--ledger.security.tokens[1].name=admin", "--ledger.security.tokens[1].roles=OPERATOR",
                "--ledger.security.tokens[1].token=admin-operator-token-0001");
        ledger = new LedgerClient(((WebServerApplicationContext) node).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (provider != null) {
            provider.stop(0);
        }
    }

    @Test
    void aJwtFromTheProviderIsACallerNamedByItsClaimWithTheMappedRoles() throws Exception {
        String jane = sign(signingKey, issuer, "jane", List.of("ledger-operator", "offline_access"), 5);
        LedgerClient.Response declared = ledger.post("/incidents", jane,
                Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        assertThat(declared.json().path("declared").path("actor").asText()).isEqualTo("jane");

        String id = declared.json().path("incidentId").asText();
        LedgerClient.Response closure = ledger.post("/incidents/" + id + "/closure", jane, Map.of("postIncidentRecord", "done"));
        assertThat(closure.status()).as("an operator may not close").isEqualTo(403);
        String owen = sign(signingKey, issuer, "owen", List.of("ledger-owner"), 5);
        assertThat(ledger.post("/incidents/" + id + "/closure", owen, Map.of("postIncidentRecord", "done")).code())
                .isEqualTo("INCIDENT_NOT_CLOSABLE");

        String nobody = sign(signingKey, issuer, "nobody", List.of("some-other-app"), 5);
        assertThat(ledger.get("/board", nobody).status()).isEqualTo(403);
        assertThat(ledger.get("/board", "robot-auditor-token-0001").status()).as("configured tokens still work").isEqualTo(200);
    }

    @Test
    void expiredForgedOrForeignJwtsAreRefused() throws Exception {
        String expired = sign(signingKey, issuer, "jane", List.of("ledger-operator"), -5);
        assertThat(ledger.get("/board", expired).status()).isEqualTo(401);

        RSAKey otherKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        String forged = sign(otherKey, issuer, "jane", List.of("ledger-operator"), 5);
        assertThat(ledger.get("/board", forged).status()).isEqualTo(401);

        String foreign = sign(signingKey, "http://127.0.0.1:1/realms/elsewhere", "jane", List.of("ledger-operator"), 5);
        LedgerClient.Response answer = ledger.get("/board", foreign);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(answer.text()).doesNotContain(foreign);
    }

    private static String sign(RSAKey key, String issuedBy, String user, List<String> roles, int minutesValid) throws Exception {
        return sign(key, issuedBy, user, roles, minutesValid, claims -> { });
    }

    /** A token as the provider issues it, then changed by {@code change} (another audience, no expiry, ...). */
    private static String sign(RSAKey key, String issuedBy, String user, List<String> roles, int minutesValid,
                               Consumer<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuedBy)
                .subject(UUID.randomUUID().toString())
                .audience(List.of(AUDIENCE, "account"))
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", roles))
                .issueTime(Date.from(now.minus(1, ChronoUnit.MINUTES)))
                .expirationTime(Date.from(now.plus(minutesValid, ChronoUnit.MINUTES)));
        change.accept(builder);
        JWTClaimsSet claims = builder.build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void tokensForAnotherAudienceWithoutExpiryOrLivingTooLongAreRefused() throws Exception {
        List<String> operator = List.of("ledger-operator");
        assertThat(ledger.get("/board", sign(signingKey, issuer, "jane", operator, 5)).status()).isEqualTo(200);
        assertThat(ledger.get("/board", sign(signingKey, issuer, "jane", operator, 5,
                claims -> claims.audience("another-client"))).status()).as("another audience").isEqualTo(401);
        assertThat(ledger.get("/board", sign(signingKey, issuer, "jane", operator, 5,
                claims -> claims.audience((String) null))).status()).as("no audience").isEqualTo(401);
        assertThat(ledger.get("/board", sign(signingKey, issuer, "jane", operator, 5,
                claims -> claims.expirationTime(null))).status()).as("no expiry").isEqualTo(401);
        assertThat(ledger.get("/board", sign(signingKey, issuer, "jane", operator, 3 * 60)).status())
                .as("lives 3 h, longer than max-lifetime").isEqualTo(401);
        assertThat(ledger.get("/board", sign(signingKey, issuer, "jane", operator, 5,
                claims -> claims.issuer(null))).status()).as("no issuer").isEqualTo(401);
        Instant now = Instant.now();
        assertThat(ledger.get("/board", sign(signingKey, issuer, "jane", operator, 5,
                claims -> claims.expirationTime(Date.from(now.minusSeconds(10))))).status())
                .as("expired 10 s ago, within the 30 s leeway").isEqualTo(200);
        assertThat(ledger.get("/board", sign(signingKey, issuer, "jane", operator, 5,
                claims -> claims.expirationTime(Date.from(now.minusSeconds(60))))).status())
                .as("expired 60 s ago, beyond the leeway").isEqualTo(401);
    }

    @Test
    void everyActorCarriesItsSourceAndNobodyPassesAsTheLedgerItself() throws Exception {
        String outsider = sign(signingKey, issuer, "ledger:rebind-process", List.of("ledger-operator"), 5);
        assertThat(ledger.get("/board", outsider).status()).as("the ledger: prefix is reserved").isEqualTo(401);

        String jwtAdmin = sign(signingKey, issuer, "admin", List.of("ledger-operator"), 5,
                claims -> claims.subject("idp-user-42"));
        LedgerClient.Response byJwt = ledger.post("/incidents", jwtAdmin,
                Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        LedgerClient.Response byToken = ledger.post("/incidents", "admin-operator-token-0001",
                Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        assertThat(byJwt.status()).as(byJwt.toString()).isEqualTo(201);
        assertThat(byToken.status()).as(byToken.toString()).isEqualTo(201);

        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        assertThat(sources(jdbc, byJwt.json().path("incidentId").asText())).containsOnly("jwt:" + issuer + "#idp-user-42");
        assertThat(sources(jdbc, byToken.json().path("incidentId").asText())).containsOnly("config-token:admin");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anUnreachableIdentityProviderIsNamedInTheAnswerTheLogAndHealth(CapturedOutput log) throws Exception {
        int nothingListens;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            nothingListens = socket.getLocalPort();
        }
        ConfigurableApplicationContext cutOff = new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0", "--logging.level.root=WARN",
                "--ledger.data-dir=" + Files.createTempDirectory("ledger-jwt-down"),
                // keys from a JWKS address alone: the issuer is then a ledger setting
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:" + nothingListens + "/certs",
                "--ledger.security.jwt.issuer=" + issuer,
                "--ledger.security.jwt.audience=" + AUDIENCE,
                "--ledger.security.jwt.roles-claim=realm_access.roles",
                "--ledger.security.jwt.role-mapping[ledger-operator]=OPERATOR",
                "--ledger.security.tokens[0].name=robot", "--ledger.security.tokens[0].roles=AUDITOR",
                "--ledger.security.tokens[0].token=robot-auditor-token-0001");
        try {
            LedgerClient isolated = new LedgerClient(((WebServerApplicationContext) cutOff).getWebServer().getPort());
            LedgerClient.Response answer = isolated.get("/board", sign(signingKey, issuer, "jane", List.of("ledger-operator"), 5));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.code()).isEqualTo("IDENTITY_PROVIDER_UNAVAILABLE");
            assertThat(answer.header("Retry-After")).isNotNull();
            assertThat(answer.text()).doesNotContain("database");
            assertThat(log.getAll()).contains("The identity provider " + issuer + " is unreachable");
            assertThat(isolated.get("/board", "robot-auditor-token-0001").status()).as("ledger tokens still work").isEqualTo(200);

            LedgerClient.Response health = isolated.get("/actuator/health/identityProvider", null);
            assertThat(health.status()).as(health.toString()).isEqualTo(503);
            assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
            assertThat(isolated.get("/actuator/health/readiness", null).status())
                    .as("readiness ignores the provider: the node still serves ledger tokens").isEqualTo(200);
        } finally {
            cutOff.close();
        }
        assertThat(ledger.get("/actuator/health/identityProvider", null).json().path("status").asText())
                .as("the reachable provider of the other node").isEqualTo("UP");
    }

    /** The actors and their sources recorded on an incident's events, as the log holds them. */
    private static List<String> sources(JdbcTemplate jdbc, String incidentId) {
        return jdbc.queryForList("""
                select convert_from(meta_data, 'UTF8')::jsonb ->> 'actorSource' from domain_event_entry
                where aggregate_identifier = ? and convert_from(meta_data, 'UTF8')::jsonb ->> 'actor' = 'admin'""",
                String.class, incidentId);
    }

    private static void serve(String path, String body) {
        provider.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
