package org.binkindly.ledger.api.token;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenAdministrationHttpTest extends LedgerHttpTest {

    private static final String ADMIN = LedgerClient.ROOT_ADMIN;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAdminCreatesATokenThatWorksAtOnceAndIsStoredOnlyAsAHash() throws Exception {
        String name = uniqueName();
        LedgerClient.Response created = ledger.post("/admin/tokens", ADMIN,
                Map.of("name", name, "roles", List.of("OPERATOR"), "validFor", "P30D"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).contains("no-store");
        JsonNode view = created.json();
        String token = view.path("token").asText();
        String tokenId = view.path("tokenId").asText();
        assertThat(token).startsWith("bkl_").hasSizeGreaterThan(40);
        assertThat(created.header("Location")).isEqualTo("/admin/tokens/" + tokenId);
        assertThat(view.path("createdBy").asText()).isEqualTo("root");
        assertThat(Instant.parse(view.path("expiresAt").asText()))
                .isBetween(Instant.now().plus(29, ChronoUnit.DAYS), Instant.now().plus(31, ChronoUnit.DAYS));

        LedgerClient.Response declared = ledger.post("/incidents", token,
                Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        assertThat(declared.json().path("declared").path("actor").asText()).isEqualTo(name);

        Map<String, Object> row = jdbc.queryForMap("select * from api_token where token_id = ?", tokenId);
        assertThat(row.get("token_sha256")).isEqualTo(sha256(token));
        assertThat(row.values()).noneMatch(value -> value != null && value.toString().contains(token));

        JsonNode listed = ledger.get("/admin/tokens", ADMIN).json();
        JsonNode entry = find(listed, tokenId);
        assertThat(entry.path("roles").get(0).asText()).isEqualTo("OPERATOR");
        assertThat(entry.path("usable").asBoolean()).isTrue();
        assertThat(entry.has("token")).isFalse();
        assertThat(listed.toString()).doesNotContain(token).doesNotContain(sha256(token));
    }

    @Test
    void namesAreUniqueAmongActiveTokensConfiguredOnesIncluded() {
        String name = uniqueName();
        LedgerClient.Response first = ledger.post("/admin/tokens", ADMIN, Map.of("name", name, "roles", List.of("OPERATOR")));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        LedgerClient.Response twin = ledger.post("/admin/tokens", ADMIN, Map.of("name", name, "roles", List.of("AUDITOR")));
        assertThat(twin.status()).as(twin.toString()).isEqualTo(409);
        assertThat(twin.code()).isEqualTo("TOKEN_NAME_IN_USE");
        assertThat(jdbc.queryForObject("select count(*) from api_token where name = ?", Integer.class, name)).isEqualTo(1);

        LedgerClient.Response configured = ledger.post("/admin/tokens", ADMIN, Map.of("name", "olivia", "roles", List.of("OPERATOR")));
        assertThat(configured.status()).as("olivia is a configured token's name: " + configured).isEqualTo(409);
        assertThat(configured.code()).isEqualTo("TOKEN_NAME_IN_USE");

        // once the first is revoked, the name is free again: the log's token id still tells the two apart
        Incidents.expectOk(ledger.post("/admin/tokens/" + first.json().path("tokenId").asText() + "/revocation", ADMIN, Map.of()));
        LedgerClient.Response successor = ledger.post("/admin/tokens", ADMIN, Map.of("name", name, "roles", List.of("AUDITOR")));
        assertThat(successor.status()).as(successor.toString()).isEqualTo(201);
    }

    @Test
    void concurrentCreatesOfOneNameGiveExactlyOneToken() throws Exception {
        // each create passes the name check before any of them inserts: only the database's index can refuse the twins
        int creators = 8;
        for (int round = 0; round < 3; round++) {
            String name = uniqueName();
            CyclicBarrier start = new CyclicBarrier(creators);
            ExecutorService pool = Executors.newFixedThreadPool(creators);
            try {
                List<Future<LedgerClient.Response>> answers = new ArrayList<>();
                for (int i = 0; i < creators; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return ledger.post("/admin/tokens", ADMIN, Map.of("name", name, "roles", List.of("OPERATOR")));
                    }));
                }
                List<LedgerClient.Response> responses = new ArrayList<>();
                for (Future<LedgerClient.Response> answer : answers) {
                    responses.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertThat(responses).as(responses.toString()).filteredOn(response -> response.status() == 201).hasSize(1);
                assertThat(responses).filteredOn(response -> response.status() != 201).allSatisfy(refused -> {
                    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
                    assertThat(refused.code()).isEqualTo("TOKEN_NAME_IN_USE");
                });
                assertThat(jdbc.queryForObject("select count(*) from api_token where name = ?", Integer.class, name)).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theDatabaseRefusesASecondActiveHolderOfANameAndAnExpiredHolderGivesItUp() {
        String name = uniqueName();
        insertToken(name, Instant.now().minus(1, ChronoUnit.MINUTES));
        LedgerClient.Response successor = ledger.post("/admin/tokens", ADMIN, Map.of("name", name, "roles", List.of("OPERATOR")));
        assertThat(successor.status()).as("an expired token's name is free: " + successor).isEqualTo(201);
        assertThat(jdbc.queryForObject("select count(*) from api_token where name = ? and name_released_at is not null",
                Integer.class, name)).isEqualTo(1);

        assertThatThrownBy(() -> insertToken(name, Instant.now().plus(1, ChronoUnit.DAYS)))
                .as("a writer that skips the application's check still meets the index")
                .isInstanceOf(DuplicateKeyException.class);
    }

    private void insertToken(String name, Instant expiresAt) {
        jdbc.update("""
                insert into api_token (token_id, name, token_sha256, roles, created_at, created_by, expires_at)
                values (?, ?, ?, 'OPERATOR', ?, 'root', ?)""",
                "tok-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), name, sha256(UUID.randomUUID().toString()),
                Timestamp.from(Instant.now().minus(2, ChronoUnit.DAYS)), Timestamp.from(expiresAt));
    }

    @Test
    void aRevokedTokenStopsWorkingAndRevokingAgainChangesNothing() {
        LedgerClient.Response created = ledger.post("/admin/tokens", ADMIN,
                Map.of("name", uniqueName(), "roles", List.of("AUDITOR", "RELEASE_OWNER")));
        String token = created.json().path("token").asText();
        String tokenId = created.json().path("tokenId").asText();
        assertThat(ledger.get("/board", token).status()).isEqualTo(200);

        JsonNode revoked = Incidents.expectOk(ledger.post("/admin/tokens/" + tokenId + "/revocation", ADMIN, Map.of()));
        assertThat(revoked.path("usable").asBoolean()).isFalse();
        assertThat(revoked.path("revokedBy").asText()).isEqualTo("root");
        LedgerClient.Response refused = ledger.get("/board", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");

        JsonNode again = Incidents.expectOk(ledger.post("/admin/tokens/" + tokenId + "/revocation", ADMIN, Map.of()));
        assertThat(again.path("revokedAt").asText()).isEqualTo(revoked.path("revokedAt").asText());
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = "bkl_expired_" + UUID.randomUUID();
        jdbc.update("""
                insert into api_token (token_id, name, token_sha256, roles, created_at, created_by, expires_at)
                values (?, 'eve', ?, 'OPERATOR', ?, 'root', ?)""",
                "tok-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), sha256(token),
                Timestamp.from(Instant.now().minus(2, ChronoUnit.DAYS)), Timestamp.from(Instant.now().minus(1, ChronoUnit.MINUTES)));
        assertThat(ledger.get("/board", token).status()).isEqualTo(401);
    }

    @Test
    void onlyAnAdminManagesTokens() {
        Map<String, Object> request = Map.of("name", uniqueName(), "roles", List.of("ADMIN"));
        assertThat(ledger.post("/admin/tokens", LedgerClient.ALICE_OPERATOR, request).status()).isEqualTo(403);
        assertThat(ledger.post("/admin/tokens", LedgerClient.OLIVIA_OWNER, request).status()).isEqualTo(403);
        assertThat(ledger.get("/admin/tokens", LedgerClient.AUDREY_AUDITOR).status()).isEqualTo(403);
        assertThat(ledger.get("/admin/tokens", null).status()).isEqualTo(401);
    }

    @Test
    void badTokenRequestsAreProblems() {
        expect(ledger.post("/admin/tokens", ADMIN, Map.of("name", uniqueName(), "roles", List.of())), 400, "VALIDATION_FAILED");
        expect(ledger.post("/admin/tokens", ADMIN, Map.of("name", uniqueName(), "roles", List.of("ROOT"))), 400, "INVALID_VALUE");
        expect(ledger.post("/admin/tokens", ADMIN, Map.of("name", "Not A Name", "roles", List.of("OPERATOR"))), 400, "VALIDATION_FAILED");
        expect(ledger.post("/admin/tokens", ADMIN, Map.of("name", uniqueName(), "roles", List.of("OPERATOR"),
                "validFor", "-P1D")), 400, "INVALID_VALUE");
        expect(ledger.post("/admin/tokens", ADMIN, Map.of("name", uniqueName(), "roles", List.of("OPERATOR"),
                "validFor", "P99999D")), 400, "INVALID_VALUE");
        expect(ledger.post("/admin/tokens/tok-000000000000/revocation", ADMIN, Map.of()), 404, "NOT_FOUND");
        expect(ledger.get("/admin/tokens/not-a-token", ADMIN), 400, "VALIDATION_FAILED");
    }

    private static void expect(LedgerClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
    }

    private static JsonNode find(JsonNode list, String tokenId) {
        for (JsonNode entry : list) {
            if (entry.path("tokenId").asText().equals(tokenId)) {
                return entry;
            }
        }
        throw new AssertionError(tokenId + " not listed in " + list);
    }

    static String uniqueName() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String sha256(String value) throws RuntimeException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
