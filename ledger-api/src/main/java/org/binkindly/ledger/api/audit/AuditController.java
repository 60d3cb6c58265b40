package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.binkindly.ledger.adapters.s3.S3CheckpointAnchor;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.binkindly.ledger.core.audit.VerificationReport;
import org.binkindly.ledger.projections.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The audit stream for auditors: every event in global order with its stored bytes and sealed
 * link, as pages of JSON or as one NDJSON export; the chain's state; and verification in place.
 */
@RestController
@RequestMapping("/audit")
@Validated
@Tag(name = "Audit", description = "The event stream, its hash chain and signed checkpoints, and verification (AUDITOR)")
class AuditController {

    static final String NDJSON = "application/x-ndjson";

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);

    private final AuditLog auditLog;
    private final AuditChainStatus chain;
    private final AuditVerification verification;
    private final CheckpointSigner signer;
    private final ObjectMapper json;
    private final Clock clock;
    private final S3CheckpointAnchor anchor;

    AuditController(AuditLog auditLog, AuditChainStatus chain, AuditVerification verification, CheckpointSigner signer,
                    ObjectMapper json, Clock clock, S3CheckpointAnchor anchor) {
        this.anchor = anchor;
        this.auditLog = auditLog;
        this.chain = chain;
        this.verification = verification;
        this.signer = signer;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The verdict of a verification, with what it was checked against.
     *
     * @param intact true when every event and checkpoint checked out
     * @param events how many events were checked
     * @param sealedEvents how many of them are covered by the hash chain
     * @param unsealedEvents how many are after the sealed position, waiting for the sealer
     * @param checkpoints how many signed checkpoints were checked
     * @param lastPosition the last position in the log; absent for an empty log
     * @param signedThrough the last position a signed checkpoint covers; absent before the first
     * @param head the hash chain's head, hex
     * @param authenticatedEvents how many events carry the ledger writer's authentication
     * @param unauthenticatedEvents how many were written before writer authentication began
     * @param firstFailure the first thing that did not check out; absent when intact
     * @param keyId the id of the key the checkpoints were verified with
     * @param anchors the checkpoints' anchored copies in object storage, as compared
     */
    record VerificationView(boolean intact, long events, long sealedEvents, long unsealedEvents, long checkpoints,
                            Long lastPosition, Long signedThrough, String head, long authenticatedEvents,
                            long unauthenticatedEvents, VerificationReport.Failure firstFailure, String keyId, Anchors anchors) {

        /**
         * @param location where the anchored copies are kept, e.g. s3://bucket/prefix
         * @param checkpoints how many anchored copies were compared
         * @param problem why they could not be read or did not match; absent when fine
         */
        record Anchors(String location, int checkpoints, String problem) {
        }
    }

    @GetMapping("/events")
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "A page of the event stream after position 'after', in global order; 'nextAfter' continues it")
    ObjectNode events(@RequestParam(defaultValue = "0") @Min(0) long after,
                      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                      @RequestParam(required = false) String aggregateId,
                      @RequestParam(required = false) String aggregateType,
                      @RequestParam(required = false) String type,
                      @RequestParam(required = false) Instant from,
                      @RequestParam(required = false) Instant to) {
        AuditLog.Filter filter = filter(aggregateId, aggregateType, type, from, to);
        AuditLog.Page page = auditLog.page(after, limit, filter);
        ObjectNode answer = json.createObjectNode();
        ArrayNode events = answer.putArray("events");
        page.events().forEach(event -> events.add(AuditJson.event(json, event)));
        answer.put("nextAfter", page.nextAfter());
        answer.put("next", page.nextAfter() == null ? null : UriComponentsBuilder.fromPath("/audit/events")
                .queryParam("after", page.nextAfter()).queryParam("limit", limit)
                .queryParamIfPresent("aggregateId", java.util.Optional.ofNullable(aggregateId))
                .queryParamIfPresent("aggregateType", java.util.Optional.ofNullable(aggregateType))
                .queryParamIfPresent("type", java.util.Optional.ofNullable(type))
                .queryParamIfPresent("from", java.util.Optional.ofNullable(from))
                .queryParamIfPresent("to", java.util.Optional.ofNullable(to))
                .build().encode().toUriString());
        return answer;
    }

    /**
     * Written as the log is read, at most 1,000 records behind the database cursor: nothing more is
     * gathered in memory, and no asynchronous timeout cuts a long export short.
     */
    @GetMapping(value = "/stream", produces = NDJSON)
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "The event stream as NDJSON: a header line, one line per record, an end line. "
            + "Unfiltered and from the start it is a complete export that can be verified offline")
    void stream(@RequestParam(defaultValue = "0") @Min(0) long after,
                @RequestParam(required = false) String aggregateId,
                @RequestParam(required = false) String aggregateType,
                @RequestParam(required = false) String type,
                @RequestParam(required = false) Instant from,
                @RequestParam(required = false) Instant to,
                HttpServletResponse response) throws IOException {
        AuditLog.Filter filter = filter(aggregateId, aggregateType, type, from, to);
        response.setContentType(NDJSON);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"ledger-audit-%s.ndjson\""
                .formatted(clock.instant().toString().replace(":", "")));
        // the generator flushes its 8 KB buffer at a time; gathered here, the servlet container writes 64 KB at a time
        OutputStream body = new BufferedOutputStream(response.getOutputStream(), 1 << 16);
        long[] events = {0};
        Long[] lastPosition = {null};
        try (JsonGenerator out = json.getFactory().createGenerator(body)) {
            out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            out.setRootValueSeparator(null);
            line(out, AuditJson.header(json, after == 0 && filter.isEmpty(), after, filter, clock.instant(), signer.keyId()));
            auditLog.stream(after, filter, record -> {
                if (record instanceof AuditRecord.Event) {
                    events[0]++;
                    lastPosition[0] = record.position();
                }
                AuditJson.write(json, out, record);
                out.writeRaw('\n');
            });
            line(out, AuditJson.end(json, events[0], lastPosition[0]));
        } catch (IOException | RuntimeException e) {
            if (response.isCommitted()) {
                // Headers are gone: a problem document can no longer be sent. The missing end line tells the reader.
                log.warn("audit export broke off after {} events: {}", events[0], e.toString());
                throw new IOException("audit export broke off", e);
            }
            throw e;
        }
    }

    @GetMapping("/chain")
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "How far the sealer has come: sealed position, chain head, last checkpoint, last anchored checkpoint")
    AuditChainStatus.View chain() {
        return chain.view();
    }

    @GetMapping("/checkpoints")
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "Signed checkpoints, newest first, with where each is anchored in object storage")
    List<AuditChainStatus.CheckpointRow> checkpoints(@RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit) {
        return chain.checkpoints(limit);
    }

    /**
     * The anchored copies auditors verify against, taken from object storage without its credentials.
     *
     * @param location where the anchored copies are kept, e.g. s3://bucket/prefix
     * @param complete true when every anchored copy could be listed and read
     * @param problem why not, when not complete
     * @param checkpoints the anchored checkpoint objects, as stored
     */
    record AnchoredCheckpoints(String location, boolean complete, String problem, List<S3CheckpointAnchor.StoredObject> checkpoints) {
    }

    @GetMapping("/checkpoints/anchored")
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "The checkpoints as anchored in object storage, each object's name and exact body, in position order; "
            + "save each body under its name and give the directory to audit-verify --checkpoints")
    AnchoredCheckpoints anchoredCheckpoints() {
        S3CheckpointAnchor.StoredListing listing = anchor.storedObjects();
        return new AnchoredCheckpoints(anchor.location(), listing.failure() == null, listing.failure(), listing.objects());
    }

    @GetMapping(value = "/public-key", produces = "application/x-pem-file")
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "The Ed25519 public key that verifies checkpoint signatures (PEM)")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok().header("X-Key-Id", signer.keyId()).body(AuditKeys.publicKeyPem(signer.publicKey()));
    }

    @GetMapping("/verification")
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "Recompute the chain over the whole log and check every link, signature and anchored checkpoint; "
            + "names the first position that fails")
    VerificationView verify() {
        AuditVerification.Result result = verification.verify();
        VerificationReport report = result.report();
        return new VerificationView(report.intact(), report.events(), report.sealedEvents(), report.unsealedEvents(),
                report.checkpoints(), report.lastPosition(), report.signedThrough(), report.head(), report.authenticatedEvents(),
                report.unauthenticatedEvents(), report.firstFailure(),
                result.keyId(), new VerificationView.Anchors(result.anchorLocation(), result.anchoredCheckpoints(),
                result.anchorProblem()));
    }

    private void line(JsonGenerator out, ObjectNode node) throws IOException {
        json.writeTree(out, node);
        out.writeRaw('\n');
    }

    private static AuditLog.Filter filter(String aggregateId, String aggregateType, String type, Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "from (%s) must be before to (%s)".formatted(from, to));
        }
        return new AuditLog.Filter(blankToNull(aggregateId), blankToNull(aggregateType), blankToNull(type), from, to);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
