package org.binkindly.ledger.api.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

/** Views rebuilt from the log on demand: the proof that everything a person sees comes from the events. */
@RestController
@RequestMapping("/projections")
@Tag(name = "Projections", description = "Rebuild a view from the event log (ADMIN)")
class ProjectionController {

    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private final ProjectionRebuild rebuild;

    ProjectionController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @GetMapping
    @PreAuthorize(Roles.AUDIT)
    @Operation(summary = "Every processing group: whether it can be rebuilt, whether it is running or replaying, its position")
    List<ProjectionRebuild.Status> groups() {
        return rebuild.groups();
    }

    @PostMapping("/rebuild")
    @Answers(problems = {ApiProblem.PROJECTION_BUSY})
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Clear every view and replay the whole log into all of them at once; 200 once all caught up, 202 if any is still replaying after 'wait'")
    ResponseEntity<ProjectionRebuild.RebuiltAll> rebuildAll(@RequestParam(defaultValue = "PT5M") Duration wait) {
        checkWait(wait);
        ProjectionRebuild.RebuiltAll rebuilt = rebuild.rebuildAll(wait);
        return ResponseEntity.status(rebuilt.caughtUp() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(rebuilt);
    }

    @PostMapping("/{group}/rebuild")
    @Answers(problems = {ApiProblem.PROJECTION_NOT_REPLAYABLE, ApiProblem.PROJECTION_BUSY})
    @PreAuthorize(Roles.ADMIN)
    @Operation(summary = "Clear a view and replay the whole log into it; 200 once caught up, 202 if still replaying after 'wait'")
    ResponseEntity<ProjectionRebuild.Rebuilt> rebuild(@PathVariable String group,
                                                      @RequestParam(defaultValue = "PT5M") Duration wait) {
        checkWait(wait);
        ProjectionRebuild.Rebuilt rebuilt = rebuild.rebuild(group, wait);
        return ResponseEntity.status(rebuilt.caughtUp() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(rebuilt);
    }

    private static void checkWait(Duration wait) {
        if (wait.isNegative() || wait.compareTo(LONGEST_WAIT) > 0) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "wait must lie between PT0S and " + LONGEST_WAIT);
        }
    }
}
