package org.binkindly.ledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * A rebind an operator walked by hand (MANUAL mode) to completion with integrity verified: the only
 * thing a kill switch accepts as rollback confidence for its scope.
 */
public final class ManualRebinds {

    private ManualRebinds() {
    }

    /** Walks a manual rebind of {@code scope} to COMPLETED with integrity verified; returns its id. */
    public static String verified(LedgerClient ledger, String token, String scope) {
        LedgerClient.Response started = ledger.post("/rebinds", token, Map.of("scope", scope, "mode", "MANUAL"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String path = started.header("Location");
        String manifestSha = "ab".repeat(32);
        String packSha = "cd".repeat(32);
        expectOk(ledger.post(path + "/manifest-probe", token, Map.of("target", Map.of("manifestId", "lkg-1", "scope", scope,
                "packKey", "packs/" + scope + "/p1.json", "packSha256", packSha, "publishedAt", "2026-11-01T06:00:00Z",
                "manifestSha256", manifestSha, "etag", "\"lkg-etag\""))));
        expectOk(ledger.post(path + "/active-write", token, Map.of("result", "WRITTEN", "etag", "\"written-etag\"")));
        expectOk(ledger.post(path + "/integrity-readback", token, Map.of("manifestSha256", manifestSha,
                "declaredPackSha256", packSha, "packSha256Actual", packSha, "packBytes", 1024)));
        JsonNode completed = expectOk(ledger.post(path + "/resolution-probes", token, Map.of("probes", List.of(Map.of(
                "target", "RESOLVER", "url", "https://resolver.example/" + scope, "status", 200, "latencyMillis", 35,
                "passed", true)))));
        assertThat(completed.path("rebind").path("phase").asText()).isEqualTo("COMPLETED");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
