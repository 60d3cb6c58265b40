package org.binkindly.ledger.api.review;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.projections.review.EvidenceRecord;
import org.binkindly.ledger.projections.review.EvidenceRecords;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runbook's evidence records over HTTP, selected the way its commands select them
 * ({@code ?scope=locality&scope-id=…&validation-localities=…&app-build=…}): JSON by default,
 * Markdown with {@code Accept: text/markdown} or {@code ?format=markdown}.
 */
@RestController
@RequestMapping("/evidence-records")
@Tag(name = "Evidence records", description = "The runbook's four evidence records, pre-filled from the log, listing what is missing")
class EvidenceRecordController {

    static final MediaType MARKDOWN = new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8);
    private static final int MAX_LOCALITIES = 200;

    /**
     * One record the ledger knows how to render, and what selects it.
     *
     * @param record the record's name, as the runbook's evidence folder names it and as GET /evidence-records/{record} takes it
     * @param title its title
     * @param runbookCommand the runbook command that produces it
     * @param available true when the ledger can render it
     * @param options the query parameters that select it, in the runbook command's own terms
     */
    record Available(String record, String title, String runbookCommand, boolean available, List<String> options) {
    }

    private final EvidenceRecords records;

    EvidenceRecordController(EvidenceRecords records) {
        this.records = records;
    }

    @GetMapping
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The runbook's evidence records and whether the ledger can render each")
    List<Available> list() {
        return Arrays.stream(EvidenceRecords.Kind.values()).map(kind -> new Available(kind.path(), kind.title(),
                kind.runbookCommand(), true, switch (kind) {
                    case AI_KILL_SWITCH_ACTIVATION -> List.of("scope", "scope-id", "validation-localities", "kill-switch", "incident");
                    case LAUNCH_DAY_PRODUCTION_VALIDATION -> List.of("scope", "scope-id", "app-build");
                    case ROLLBACK_DRILL -> List.of("scope", "scope-id", "rebind", "incident");
                    case BAD_PACK_KILL_SWITCH_MANIFEST_REBIND -> List.of("scope", "scope-id", "kill-switch", "rebind", "incident");
                })).toList();
    }

    @GetMapping(value = "/{record}", produces = {MediaType.APPLICATION_JSON_VALUE, "text/markdown"})
    @Answers(
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_LOCALITY, RuleCode.INVALID_APP_BUILD,
                    RuleCode.INCIDENT_NOT_FOUND, RuleCode.KILL_SWITCH_NOT_FOUND, RuleCode.REBIND_NOT_FOUND})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "An evidence record for a scope, pre-filled from the log; 'missing' lists what is not recorded yet")
    ResponseEntity<?> render(@PathVariable String record,
                             @RequestParam("scope") String scopeKind,
                             @RequestParam("scope-id") String scopeId,
                             @RequestParam(value = "validation-localities", required = false) String validationLocalities,
                             @RequestParam(value = "app-build", required = false) String appBuild,
                             @RequestParam(value = "kill-switch", required = false) String killSwitchId,
                             @RequestParam(value = "rebind", required = false) String rebindId,
                             @RequestParam(value = "incident", required = false) String incidentId,
                             @RequestParam(required = false) String format,
                             HttpServletRequest request) {
        EvidenceRecords.Kind kind = EvidenceRecords.Kind.byPath(record).orElseThrow(() -> new ApiException(ApiProblem.NOT_FOUND,
                "no evidence record '%s'; GET /evidence-records lists them".formatted(record)));
        boolean markdown = wantsMarkdown(format, request.getHeader(HttpHeaders.ACCEPT));
        Scope scope = Scope.of(ScopeKind.fromPathSegment(scopeKind), scopeId);
        EvidenceRecords.Selection selection = new EvidenceRecords.Selection(scope, localities(validationLocalities),
                picked(appBuild), picked(killSwitchId), picked(rebindId), picked(incidentId));
        if (kind == EvidenceRecords.Kind.LAUNCH_DAY_PRODUCTION_VALIDATION && selection.appBuild() == null) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "app-build is required for the launch-day record");
        }
        EvidenceRecord rendered = records.render(kind, selection);
        return markdown
                ? ResponseEntity.ok().contentType(MARKDOWN).body(EvidenceRecordMarkdown.render(rendered))
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rendered);
    }

    private static String picked(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean wantsMarkdown(String format, String accept) {
        if (format != null) {
            return switch (format) {
                case "markdown", "md" -> true;
                case "json" -> false;
                default -> throw new ApiException(ApiProblem.INVALID_VALUE, "format '%s' is not json or markdown".formatted(format));
            };
        }
        if (accept == null) {
            return false;
        }
        List<MediaType> accepted = MediaType.parseMediaTypes(accept);
        MimeTypeUtils.sortBySpecificity(accepted);
        for (MediaType type : accepted) {
            if (type.isCompatibleWith(MARKDOWN) && !type.isWildcardType()) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return false;
            }
        }
        return false;
    }

    private static List<String> localities(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        List<String> localities = new ArrayList<>();
        for (String locality : commaSeparated.split(",")) {
            String id = locality.strip();
            try {
                Scope.of(ScopeKind.LOCALITY, id);
            } catch (LedgerRuleViolation invalid) {
                throw new LedgerRuleViolation(RuleCode.INVALID_LOCALITY, invalid.getMessage());
            }
            if (!localities.contains(id)) {
                localities.add(id);
            }
        }
        if (localities.size() > MAX_LOCALITIES) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "at most %d validation localities".formatted(MAX_LOCALITIES));
        }
        return List.copyOf(localities);
    }
}
