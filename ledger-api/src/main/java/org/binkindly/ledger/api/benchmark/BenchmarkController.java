package org.binkindly.ledger.api.benchmark;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Grows the log for the benchmark; absent (404) unless {@code ledger.benchmark.seeding-enabled=true}. */
@RestController
@RequestMapping("/benchmark")
@ConditionalOnProperty(name = "ledger.benchmark.seeding-enabled", havingValue = "true")
@Tag(name = "Benchmark", description = "Grow the log with real, signed incident events (ADMIN; only when enabled)")
class BenchmarkController {

    static final int MOST_INCIDENTS = 100_000;
    static final int MOST_EVENTS_PER_INCIDENT = 100_000;

    private final BenchmarkSeeding seeding;

    BenchmarkController(BenchmarkSeeding seeding) {
        this.seeding = seeding;
    }

    @PostMapping("/seed")
    @PreAuthorize(Roles.ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Declare incidents and give each eventsPerIncident events in all (the rest containment actions)")
    BenchmarkSeeding.Seeded seed(@RequestParam int incidents, @RequestParam(defaultValue = "100") int eventsPerIncident) {
        if (incidents < 1 || incidents > MOST_INCIDENTS) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "incidents must lie between 1 and " + MOST_INCIDENTS);
        }
        if (eventsPerIncident < 1 || eventsPerIncident > MOST_EVENTS_PER_INCIDENT) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "eventsPerIncident must lie between 1 and " + MOST_EVENTS_PER_INCIDENT);
        }
        return seeding.seed(incidents, eventsPerIncident);
    }
}
