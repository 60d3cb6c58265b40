package org.binkindly.ledger.api.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The view check for auditors: every view rebuilt into scratch tables from the log and compared with the live one. */
@RestController
@RequestMapping("/audit/view-check")
@Tag(name = "Audit", description = "The event stream, its hash chain and signed checkpoints, and verification (AUDITOR)")
class ViewCheckController {

    private final ViewCheck viewCheck;

    ViewCheckController(ViewCheck viewCheck) {
        this.viewCheck = viewCheck;
    }

    @GetMapping
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "Rebuild every view from the log into scratch tables and compare it with the live view, now; "
            + "names the first difference (view, table, key, column, both values) and counts")
    ViewCheck.Report check() {
        return viewCheck.check();
    }

    @GetMapping("/latest")
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "The last view check this node ran (on demand or scheduled)")
    ViewCheck.Report latest() {
        ViewCheck.Report latest = viewCheck.latest();
        if (latest == null) {
            throw new ApiException(ApiProblem.NOT_FOUND, "this node has not checked the views since it started; GET /audit/view-check runs one");
        }
        return latest;
    }
}
