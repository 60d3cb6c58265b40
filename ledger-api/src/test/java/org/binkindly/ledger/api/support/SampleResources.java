package org.binkindly.ledger.api.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real resource of each kind, for tests that call every endpoint: the values to put into each
 * path variable. A new endpoint with a new path variable needs its value added here.
 */
public final class SampleResources {

    private SampleResources() {
    }

    public static Map<String, String> create(LedgerClient ledger) {
        String scope = Incidents.freshScope();
        String incidentId = new Incidents(ledger).declare("SOURCE_OUTAGE", scope, Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        LedgerClient.Response killSwitch = ledger.post("/kill-switches", LedgerClient.ALICE_OPERATOR,
                Map.of("kind", "BAD_PACK", "scope", scope, "reason", "sample for endpoint tests"));
        assertThat(killSwitch.status()).as(killSwitch.toString()).isEqualTo(201);
        LedgerClient.Response rebind = ledger.post("/rebinds", LedgerClient.ALICE_OPERATOR,
                Map.of("scope", scope, "mode", "MANUAL", "drill", true));
        assertThat(rebind.status()).as(rebind.toString()).isEqualTo(201);
        LedgerClient.Response token = ledger.post("/admin/tokens", LedgerClient.ROOT_ADMIN,
                Map.of("name", "sample-holder-" + java.util.UUID.randomUUID().toString().substring(0, 8), "roles", List.of("AUDITOR")));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);

        LedgerClient.Response delivery = ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER,
                AlertmanagerPayloads.delivery(0, AlertmanagerPayloads.firing("NoSuchAlertSample", scope, "5a3b1e5a3b1e5a3b",
                        java.time.Instant.now().minusSeconds(60))));
        assertThat(delivery.status()).as(delivery.toString()).isEqualTo(200);

        Map<String, String> values = new LinkedHashMap<>();
        values.put("incidentId", incidentId);
        values.put("itemId", "CLOSURE_CONDITION");
        values.put("role", "ON_CALL_OPERATOR");
        values.put("killSwitchId", killSwitch.json().path("killSwitchId").asText());
        values.put("rebindId", rebind.json().path("rebind").path("rebindId").asText());
        values.put("kind", scope.substring(0, scope.indexOf('/')));
        values.put("id", scope.substring(scope.indexOf('/') + 1));
        values.put("tokenId", token.json().path("tokenId").asText());
        values.put("group", "incident-history");
        values.put("appBuild", "2.4.0");
        values.put("area", "QA");
        values.put("record", "rollback-drill");
        values.put("deliveryId", delivery.json().path("deliveryId").asText());
        return values;
    }
}
