package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.contractclient.ApiClient;
import org.binkindly.ledger.contractclient.ApiException;
import org.binkindly.ledger.contractclient.ApiResponse;
import org.binkindly.ledger.contractclient.api.IncidentsApi;
import org.binkindly.ledger.contractclient.model.IncidentRecordEvidenceRequest;
import org.binkindly.ledger.contractclient.model.IncidentRequestsClosure;
import org.binkindly.ledger.contractclient.model.IncidentRequestsCompletion;
import org.binkindly.ledger.contractclient.model.IncidentRequestsDeclare;
import org.binkindly.ledger.contractclient.model.IncidentRequestsEvidenceContainmentAction;
import org.binkindly.ledger.contractclient.model.IncidentRequestsTrigger;
import org.binkindly.ledger.contractclient.model.IncidentView;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A client generated from docs/openapi.json (openapi-generator, at generate-test-sources) drives
 * an incident through the running ledger: if the contract misstates a path, a body, a status or
 * an answer's shape, the generated code cannot do it.
 */
class GeneratedClientHttpTest extends LedgerHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anIncidentIsDeclaredWorkedAndRefusedClosureWithWhatIsMissingThroughTheGeneratedClient() throws Exception {
        IncidentsApi operator = new IncidentsApi(client(LedgerClient.ALICE_OPERATOR));
        IncidentsApi owner = new IncidentsApi(client(LedgerClient.OLIVIA_OWNER));

        IncidentRequestsDeclare declaration = new IncidentRequestsDeclare()
                .incidentClass(IncidentRequestsDeclare.IncidentClassEnum.BAD_PUBLISH)
                .scope(Incidents.freshScope())
                .impact(Map.of("ACTIVE_TRUTH_WRONG_FOR_USERS", IncidentRequestsDeclare.InnerEnum.NO))
                .trigger(new IncidentRequestsTrigger().kind(IncidentRequestsTrigger.KindEnum.MANUAL).detail("support ticket 4411"))
                .observedFailureMode("stale pack served after publish");
        ApiResponse<IncidentView> declared = operator.incidentDeclareWithHttpInfo(declaration, UUID.randomUUID().toString(), null);
        assertThat(declared.getStatusCode()).isEqualTo(201);
        String incidentId = declared.getData().getIncidentId();
        assertThat(declared.getHeaders().get("location")).containsExactly("/incidents/" + incidentId);
        assertThat(declared.getHeaders().get("etag")).containsExactly("\"" + declared.getData().getVersion() + "\"");

        IncidentView claimed = owner.incidentClaimRole(incidentId, "INCIDENT_OWNER", null, null, null, null);
        assertThat(claimed.getRoles()).isNotNull();

        IncidentView evidenced = operator.incidentRecordEvidence(incidentId, new IncidentRecordEvidenceRequest(new IncidentRequestsEvidenceContainmentAction()
                .field("CONTAINMENT_ACTION").action("paused publishing for the scope")
                .performedAt(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5))), null, null, null);
        assertThat(evidenced.getContainmentActions()).hasSize(1);

        // Prefer: return=minimal, as the contract has it: no body, the version in the ETag
        ApiResponse<IncidentView> minimal = operator.incidentRecordEvidenceWithHttpInfo(incidentId,
                new IncidentRecordEvidenceRequest(new IncidentRequestsEvidenceContainmentAction()
                        .field("CONTAINMENT_ACTION").action("rolled the scope back")), null, "return=minimal", null);
        assertThat(minimal.getStatusCode()).isEqualTo(204);
        assertThat(minimal.getData()).isNull();
        assertThat(minimal.getHeaders().get("etag")).containsExactly("\"" + (evidenced.getVersion() + 1) + "\"");

        IncidentView completed = operator.incidentComplete(incidentId, "CLOSURE_CONDITION",
                new IncidentRequestsCompletion().evidence("the active manifest is the last known good again"), null, null, null);
        assertThat(completed.getVersion()).isGreaterThan(evidenced.getVersion());

        ApiException refused = catchThrowableOfType(ApiException.class, () -> owner.incidentClose(incidentId,
                new IncidentRequestsClosure().postIncidentRecord("too early"), null, null, "\"" + completed.getVersion() + "\""));
        assertThat(refused.getCode()).isEqualTo(409);
        JsonNode problem = JSON.readTree(refused.getResponseBody());
        assertThat(problem.path("code").asText()).isEqualTo("INCIDENT_NOT_CLOSABLE");
        List<String> missing = new ArrayList<>();
        problem.path("missing").forEach(item -> missing.add(item.asText()));
        assertThat(missing).contains("EVIDENCE/VERIFICATION_RESULT").doesNotContain("CHECKLIST/CLOSURE_CONDITION",
                "EVIDENCE/CONTAINMENT_ACTION");
    }

    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(ledger.base());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }
}
