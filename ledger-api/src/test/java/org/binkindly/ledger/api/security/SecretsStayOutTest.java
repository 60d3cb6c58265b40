package org.binkindly.ledger.api.security;

import org.binkindly.ledger.adapters.s3.S3Settings;
import org.binkindly.ledger.adapters.s3.SampleScope;
import org.binkindly.ledger.api.LedgerApplication;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets (API tokens, a token someone mistyped, S3 credentials) never reach the event log, the
 * application log, a problem detail, the metrics or any table in clear. A full run of a ledger
 * configured with real secrets, against an S3-compatible server that demands them, then a search
 * of everything it wrote for each secret value.
 */
class SecretsStayOutTest {

    private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    private static final String S3_ACCESS_KEY = "AKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    private static final String S3_SECRET_KEY = "s3-secret-" + UUID.randomUUID();
    private static final String MISTYPED_TOKEN = "bkl_" + UUID.randomUUID() + "-typo";

    @TempDir
    Path work;

    @Test
    void noSecretAppearsInEventsLogsProblemsMetricsOrTables() throws Exception {
        Path log = work.resolve("ledger.log");
        BlobStore blobs = new FilesystemNio2BlobStore(Files.createDirectories(work.resolve("s3")).toString());
        blobs.createContainer("packs");
        S3Proxy s3 = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY).stopTimeout(0).build();
        s3.start();
        List<String> secrets = new ArrayList<>(List.of(ADMIN_TOKEN, S3_SECRET_KEY, MISTYPED_TOKEN));
        List<LedgerClient.Response> problems = new ArrayList<>();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + s3.getPort());
            SampleScope.seed(new S3Settings(endpoint, "us-east-1", "packs", "", S3_ACCESS_KEY, S3_SECRET_KEY));
            try (ConfigurableApplicationContext node = new SpringApplicationBuilder(LedgerApplication.class).run(
                    "--server.port=0", "--ledger.data-dir=" + work.resolve("data"),
                    "--logging.config=classpath:logback-capture.xml", "--logging.file.name=" + log,
                    "--ledger.security.tokens[0].name=root", "--ledger.security.tokens[0].roles=ADMIN",
                    "--ledger.security.tokens[0].token=" + ADMIN_TOKEN,
                    "--ledger.storage.endpoint=" + endpoint, "--ledger.storage.bucket=packs",
                    "--ledger.storage.access-key-id=" + S3_ACCESS_KEY, "--ledger.storage.secret-access-key=" + S3_SECRET_KEY)) {
                LedgerClient ledger = new LedgerClient(((WebServerApplicationContext) node).getWebServer().getPort());

                LedgerClient.Response created = ledger.post("/admin/tokens", ADMIN_TOKEN,
                        Map.of("name", "sam", "roles", List.of("OPERATOR", "INCIDENT_OWNER")), "Idempotency-Key", "token-for-sam");
                assertThat(created.status()).isEqualTo(201);
                String managed = created.json().path("token").asText();
                assertThat(created.text()).as("the search finds a secret where it is meant to be").contains(managed);
                secrets.add(managed);
                problems.add(ledger.post("/admin/tokens", ADMIN_TOKEN,
                        Map.of("name", "sam", "roles", List.of("OPERATOR", "INCIDENT_OWNER")), "Idempotency-Key", "token-for-sam"));

                LedgerClient.Response declared = ledger.post("/incidents", managed,
                        Incidents.declaration("BAD_PUBLISH", SampleScope.SCOPE.toString(), Incidents.NOTHING_WRONG));
                assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
                String id = declared.json().path("incidentId").asText();
                Incidents.expectOk(ledger.post("/incidents/" + id + "/evidence", managed,
                        Map.of("field", "CONTAINMENT_ACTION", "action", "paused promotion")));
                LedgerClient.Response rebind = ledger.post("/rebinds", managed, Map.of("scope", SampleScope.SCOPE.toString(),
                        "incidentId", id));
                assertThat(rebind.status()).as(rebind.toString()).isEqualTo(201);
                String rebindPath = rebind.header("Location");
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        List.of("COMPLETED", "FAILED").contains(ledger.get(rebindPath, managed).json().path("rebind").path("phase").asText()));
                assertThat(ledger.get(rebindPath, managed).json().path("rebind").path("write").path("etag").asText())
                        .as("the rebind wrote to storage with the credentials").isNotBlank();

                problems.add(ledger.get("/board", MISTYPED_TOKEN));
                problems.add(ledger.get("/board", "Basic " + ADMIN_TOKEN));
                problems.add(ledger.post("/incidents", managed, "{\"observedFailureMode\":\"" + S3_SECRET_KEY.substring(0, 4)));
                problems.add(ledger.post("/admin/tokens", managed, Map.of("name", "x", "roles", List.of("ADMIN"))));
                problems.add(ledger.post("/incidents/" + id + "/closure", managed, Map.of("postIncidentRecord", "early")));
                LedgerClient.Response revoked = ledger.post("/admin/tokens/" + created.json().path("tokenId").asText() + "/revocation",
                        ADMIN_TOKEN, Map.of());
                assertThat(revoked.status()).isEqualTo(200);
                problems.add(ledger.get("/board", managed));
                assertThat(problems).allMatch(LedgerClient.Response::isProblem);

                String metrics = ledger.get("/actuator/prometheus", ADMIN_TOKEN).text();
                assertThat(metrics).contains("http_server_requests_seconds_count");
                String health = ledger.get("/actuator/health", null).text();

                JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
                String events = String.join("\n", jdbc.queryForList(
                        "select convert_from(payload, 'UTF8') || convert_from(meta_data, 'UTF8') from domain_event_entry", String.class));
                assertThat(events).contains("paused promotion").contains("sam");
                String tables = String.join("\n", jdbc.queryForList("""
                        select t::text from api_token t union all select t::text from idempotency_key t
                        union all select t::text from token_entry t union all select t::text from scheduled_tasks t""", String.class));
                assertThat(tables).contains("sam");

                for (String secret : secrets) {
                    assertThat(events).as("events").doesNotContain(secret);
                    assertThat(tables).as("tables").doesNotContain(secret);
                    assertThat(metrics).as("metrics").doesNotContain(secret);
                    assertThat(health).as("health").doesNotContain(secret);
                    for (LedgerClient.Response problem : problems) {
                        assertThat(problem.text()).as("problem detail").doesNotContain(secret);
                    }
                }
            }
        } finally {
            s3.stop();
        }
        String logged = Files.readString(log);
        assertThat(logged).as("the log captured the run").contains("Tomcat started").contains("Secured POST /incidents");
        for (String secret : secrets) {
            assertThat(logged).as("log").doesNotContain(secret);
        }
    }
}
