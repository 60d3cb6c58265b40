package org.binkindly.ledger.api.sample;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stand-in for BinKindly's resolver and rules API over the embedded object store, so that the
 * post-rollback probes of a rebind drill have something real to ask on a fresh machine. It reads
 * the active manifest and its pack from storage exactly as the resolver would. Only present with
 * the embedded store; production probes point at the real services ({@code ledger.probes.*}).
 */
@RestController
@RequestMapping("/sample")
@PreAuthorize("permitAll()")
@ConditionalOnBean(EmbeddedObjectStore.class)
@Tag(name = "Sample resolver", description = "Embedded default only: resolver and rules API over the embedded store")
class SampleResolverController {

    private final ManifestStore store;

    SampleResolverController(ManifestStore store) {
        this.store = store;
    }

    @GetMapping("/resolver/manifests/{kind}/{id}")
    @Operation(summary = "The active manifest of a scope, as the resolver would serve it")
    ResponseEntity<Map<String, Object>> manifest(@PathVariable String kind, @PathVariable String id) {
        return answer(Scope.of(ScopeKind.fromPathSegment(kind), id), false);
    }

    @GetMapping("/rules/{kind}/{id}")
    @Operation(summary = "Whether the active pack of a scope reads back intact, as the rules API would need it")
    ResponseEntity<Map<String, Object>> rules(@PathVariable String kind, @PathVariable String id) {
        return answer(Scope.of(ScopeKind.fromPathSegment(kind), id), true);
    }

    private ResponseEntity<Map<String, Object>> answer(Scope scope, boolean needIntactPack) {
        ManifestStore.Readback readback = store.readBack(scope);
        if (readback.failed() || readback.active().isEmpty()) {
            throw new ApiException(ApiProblem.NOT_FOUND, "no active manifest for " + scope + (readback.failed()
                    ? ": " + readback.failure() : ""));
        }
        StoredManifest active = readback.active().get();
        boolean intact = active.packSha256().equalsIgnoreCase(readback.packSha256Actual());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", scope.toString());
        body.put("manifestId", active.manifestId());
        body.put("packKey", active.packKey());
        body.put("packSha256", active.packSha256());
        body.put("packIntact", intact);
        return ResponseEntity.status(needIntactPack && !intact ? HttpStatus.BAD_GATEWAY : HttpStatus.OK).body(body);
    }
}
