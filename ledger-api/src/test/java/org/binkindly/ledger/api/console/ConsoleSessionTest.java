package org.binkindly.ledger.api.console;

import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console session signed in with a managed token lasts no longer than the token: revoked, or
 * expired, it ends the session at the session's next request, over real HTTP against the ledger.
 */
class ConsoleSessionTest extends LedgerHttpTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Test
    void aRevokedTokenEndsItsConsoleSessionAtTheNextRequest() throws Exception {
        LedgerClient.Response created = ledger.post("/admin/tokens", LedgerClient.ROOT_ADMIN,
                Map.of("name", "carol-" + UUID.randomUUID().toString().substring(0, 8), "roles", java.util.List.of("OPERATOR")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Browser carol = new Browser();
        carol.signIn(created.json().path("token").asText());
        assertThat(carol.get("/console/board").statusCode()).as("signed in").isEqualTo(200);

        String tokenId = created.json().path("tokenId").asText();
        assertThat(ledger.post("/admin/tokens/" + tokenId + "/revocation", LedgerClient.ROOT_ADMIN, "").status()).isEqualTo(200);

        HttpResponse<String> next = carol.get("/console/board");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(next.headers().firstValue("Location").orElse("")).endsWith("/console/sign-in?token-ended");
        HttpResponse<String> after = carol.get("/console/board");
        assertThat(after.statusCode()).as("the session is gone, not just this request").isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).endsWith("/console/sign-in");
        assertThat(carol.get("/console/sign-in?token-ended").body()).contains("revoked or has expired");
    }

    @Test
    void anExpiredTokenEndsItsConsoleSessionToo() throws Exception {
        LedgerClient.Response created = ledger.post("/admin/tokens", LedgerClient.ROOT_ADMIN,
                Map.of("name", "dave-" + UUID.randomUUID().toString().substring(0, 8), "roles", java.util.List.of("AUDITOR"),
                        "validFor", "PT30S"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Browser dave = new Browser();
        dave.signIn(created.json().path("token").asText());
        assertThat(dave.get("/console/board").statusCode()).isEqualTo(200);
        Instant expiresAt = Instant.parse(created.json().path("expiresAt").asText());
        while (!Instant.now().isAfter(expiresAt.plusSeconds(1))) {
            Thread.sleep(500);
        }
        HttpResponse<String> next = dave.get("/console/board");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(next.headers().firstValue("Location").orElse("")).endsWith("/console/sign-in?token-ended");
    }

    @Test
    void aConfiguredTokenSessionIsNotEnded() throws Exception {
        Browser alice = new Browser();
        alice.signIn(LedgerClient.ALICE_OPERATOR);
        assertThat(alice.get("/console/board").statusCode()).isEqualTo(200);
        assertThat(alice.get("/console/board").statusCode()).isEqualTo(200);
    }

    /** Cookies and the session's CSRF token, as a browser keeps them; redirects are not followed, so each is seen. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        void signIn(String token) throws Exception {
            Matcher csrf = CSRF.matcher(get("/console/sign-in").body());
            assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
            String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&_csrf="
                    + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(ledger.base() + "/console/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/console/board");
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(ledger.base() + path)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
