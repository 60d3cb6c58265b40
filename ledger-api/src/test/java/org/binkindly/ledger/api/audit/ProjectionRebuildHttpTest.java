package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.adapters.s3.S3Clients;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.RealisticHistory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

class ProjectionRebuildHttpTest extends LedgerHttpTest {

    /** Tables that are not views: the log, the sealer's record, Axon's and the scheduler's bookkeeping. */
    private static final Set<String> NOT_VIEWS = Set.of("domain_event_entry", "snapshot_event_entry", "token_entry",
            "scheduled_tasks", "flyway_schema_history", "audit_seal", "audit_chain_head", "audit_checkpoint",
            "api_token", "idempotency_key", "ledger_node");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandBus commandBus;
    @Autowired
    EmbeddedObjectStore objectStore;

    @Test
    void everyViewRebuiltFromTheLogAloneOrAllAtOnceEqualsTheLiveOneAndTheReplaySendsNoCommandAndTouchesNoStorage() {
        RealisticHistory.create(ledger);
        awaitQuiet();
        Map<String, List<String>> live = views();
        Map<String, String> storage = manifestsAndPacks();
        long events = eventCount();
        List<String> commands = new CopyOnWriteArrayList<>();
        Registration counting = ((SimpleCommandBus) commandBus).registerDispatchInterceptor(recording(commands));
        try {
            JsonNode groups = expectOk(ledger.get("/projections", LedgerClient.AUDREY_AUDITOR));
            List<String> replayable = new ArrayList<>();
            groups.forEach(group -> {
                if (group.path("replayable").asBoolean()) {
                    replayable.add(group.path("group").asText());
                }
            });
            assertThat(replayable).containsExactlyInAnyOrder("incident-views", "incident-history", "kill-switches",
                    "rebinds", "scope-posture", "alert-intake", "launches", "no-go-gate", "pack-freshness");

            for (String group : replayable) {
                JsonNode rebuilt = expectOk(ledger.post("/projections/" + group + "/rebuild", LedgerClient.ROOT_ADMIN, "{}"));
                assertThat(rebuilt.path("caughtUp").asBoolean()).as(group).isTrue();
                assertThat(rebuilt.path("replayedThrough").asLong()).isEqualTo(events == 0 ? 0 : maxPosition());
            }

            assertThat(views()).isEqualTo(live);

            // Rows taken from a table of each view (views are idle here): only a rebuild of every one puts them all back.
            for (String table : List.of("incident_timeline", "incident_history", "kill_switch_view", "rebind_view", "posture_source",
                    "alert_delivery_view", "launch_view", "no_go_evidence", "pack_freshness_view")) {
                jdbc.update("delete from " + table);
            }
            assertThat(views()).isNotEqualTo(live);
            JsonNode all = expectOk(ledger.post("/projections/rebuild", LedgerClient.ROOT_ADMIN, "{}"));
            assertThat(all.path("caughtUp").asBoolean()).isTrue();
            assertThat(all.path("replayedThrough").asLong()).isEqualTo(maxPosition());
            List<String> rebuiltAtOnce = new ArrayList<>();
            all.path("views").forEach(view -> {
                assertThat(view.path("caughtUp").asBoolean()).as(view.path("group").asText()).isTrue();
                assertThat(view.path("position").asLong()).as(view.path("group").asText()).isGreaterThanOrEqualTo(maxPosition());
                rebuiltAtOnce.add(view.path("group").asText());
            });
            assertThat(rebuiltAtOnce).containsExactlyInAnyOrderElementsOf(replayable);
            assertThat(views()).as("every view rebuilt at once").isEqualTo(live);

            assertThat(commands).as("commands sent while replaying").isEmpty();
            assertThat(manifestsAndPacks()).as("manifests and packs in object storage").isEqualTo(storage);
            assertThat(eventCount()).isEqualTo(events);
        } finally {
            counting.cancel();
        }
        assertThat(expectOk(ledger.get("/projections", LedgerClient.AUDREY_AUDITOR)))
                .allSatisfy(group -> assertThat(group.path("replaying").asBoolean()).isFalse());
    }

    @Test
    void onlyAnAdminRebuildsAndOnlyGroupsWithAViewToRebuild() {
        LedgerClient.Response auditor = ledger.post("/projections/incident-views/rebuild", LedgerClient.AUDREY_AUDITOR, "{}");
        assertThat(auditor.status()).isEqualTo(403);
        assertThat(auditor.code()).isEqualTo("FORBIDDEN");
        assertThat(ledger.post("/projections/incident-views/rebuild", LedgerClient.ALICE_OPERATOR, "{}").status()).isEqualTo(403);
        assertThat(ledger.get("/projections", LedgerClient.ALICE_OPERATOR).status()).isEqualTo(403);
        assertThat(ledger.post("/projections/rebuild", LedgerClient.AUDREY_AUDITOR, "{}").status()).isEqualTo(403);
        assertThat(ledger.post("/projections/rebuild", LedgerClient.ALICE_OPERATOR, "{}").status()).isEqualTo(403);

        LedgerClient.Response unknown = ledger.post("/projections/no-such-view/rebuild", LedgerClient.ROOT_ADMIN, "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NOT_FOUND");
        for (String policy : List.of("rebind-process", "rebind-incident-link", "kill-switch-incident-link")) {
            LedgerClient.Response refused = ledger.post("/projections/" + policy + "/rebuild", LedgerClient.ROOT_ADMIN, "{}");
            assertThat(refused.status()).as(policy).isEqualTo(409);
            assertThat(refused.code()).isEqualTo("PROJECTION_NOT_REPLAYABLE");
        }
        LedgerClient.Response badWait = ledger.post("/projections/incident-views/rebuild?wait=P2D", LedgerClient.ROOT_ADMIN, "{}");
        assertThat(badWait.status()).isEqualTo(400);
        assertThat(badWait.code()).isEqualTo("VALIDATION_FAILED");
        LedgerClient.Response allBadWait = ledger.post("/projections/rebuild?wait=-PT1S", LedgerClient.ROOT_ADMIN, "{}");
        assertThat(allBadWait.status()).isEqualTo(400);
        assertThat(allBadWait.code()).isEqualTo("VALIDATION_FAILED");
        LedgerClient.Response notADuration = ledger.post("/projections/incident-views/rebuild?wait=soon", LedgerClient.ROOT_ADMIN, "{}");
        assertThat(notADuration.status()).isEqualTo(400);
        assertThat(notADuration.code()).isEqualTo("INVALID_VALUE");
    }

    /** Every view table, row by row in key order, as text. */
    private Map<String, List<String>> views() {
        List<String> tables = jdbc.queryForList("""
                select tablename from pg_tables where schemaname = current_schema() order by tablename""", String.class);
        Map<String, List<String>> snapshot = new TreeMap<>();
        for (String table : tables) {
            if (!NOT_VIEWS.contains(table)) {
                snapshot.put(table, jdbc.queryForList("select t::text from " + table + " t order by 1", String.class));
            }
        }
        assertThat(snapshot).containsKeys("incident_view", "incident_timeline", "incident_history", "kill_switch_view",
                "rebind_view", "active_manifest_view", "posture_source");
        return snapshot;
    }

    private Map<String, String> manifestsAndPacks() {
        Map<String, String> objects = new LinkedHashMap<>();
        try (S3Client s3 = S3Clients.create(objectStore.settings(""))) {
            for (String prefix : List.of("manifests/", "packs/")) {
                s3.listObjectsV2Paginator(list -> list.bucket(objectStore.bucket()).prefix(prefix)).contents()
                        .forEach(object -> objects.put(object.key(), object.eTag() + " " + object.lastModified()));
            }
        }
        assertThat(objects).containsKey("manifests/locality/sample-town/active.json");
        return objects;
    }

    /** Waits until every processor has handled everything and the log has stopped growing. */
    private void awaitQuiet() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long before = maxPosition();
            boolean caughtUp = true;
            for (JsonNode group : expectOk(ledger.get("/projections", LedgerClient.AUDREY_AUDITOR))) {
                caughtUp &= !group.path("replaying").asBoolean() && group.path("position").asLong() >= before;
            }
            Thread.sleep(300);
            return caughtUp && maxPosition() == before;
        });
    }

    private long maxPosition() {
        Long max = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    private long eventCount() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private static MessageDispatchInterceptor<CommandMessage<?>> recording(List<String> commands) {
        return messages -> {
            BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> passThrough = (index, message) -> {
                commands.add(message.getCommandName());
                return message;
            };
            return passThrough;
        };
    }
}
