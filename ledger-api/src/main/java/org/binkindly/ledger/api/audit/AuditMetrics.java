package org.binkindly.ledger.api.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.binkindly.ledger.adapters.audit.AuditSealer;
import org.binkindly.ledger.core.audit.VerificationReport;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The audit chain's signals for {@code /actuator/prometheus} (docs/operations.md lists them; the
 * alert rules in docs/prometheus/ledger-rules.yml use them). The chain's figures are read from the
 * sealer's tables at most every few seconds, whatever the scrape rate; whether the sealer has
 * stopped comes from the sealer itself, and the verification result from the last verification run.
 */
@Component
public class AuditMetrics {

    private static final Duration REFRESH = Duration.ofSeconds(5);

    private record Reading(Instant at, AuditChainStatus.View view) {
    }

    private final AuditChainStatus status;
    private final Clock clock;
    private final AtomicReference<Reading> reading = new AtomicReference<>();
    /** 1 intact, 0 failed, -1 not verified since the ledger started. */
    private volatile double verificationIntact = -1;
    private volatile double verificationFailurePosition = -1;
    private volatile Instant verifiedAt;
    /** Differing rows found by the last view check; -1 before the first. */
    private volatile double viewCheckDifferences = -1;
    private volatile Instant viewCheckedAt;

    public AuditMetrics(MeterRegistry registry, AuditChainStatus status, AuditSealer sealer, Clock clock) {
        this.status = status;
        this.clock = clock;
        chainGauge(registry, "ledger.audit.chain.events", "Events sealed into the audit hash chain",
                view -> view.sealedEvents());
        chainGauge(registry, "ledger.audit.sealed.position", "Position of the last event sealed into the chain",
                view -> view.sealedThrough());
        chainGauge(registry, "ledger.audit.log.position", "Position of the last event in the log",
                view -> view.logHead() == null ? 0 : view.logHead());
        chainGauge(registry, "ledger.audit.unsealed.events", "Events in the log the sealer has not sealed yet",
                view -> view.unsealedEvents());
        chainGauge(registry, "ledger.audit.checkpoints.not.anchored", "Signed checkpoints not yet in object storage",
                view -> view.checkpointsNotAnchored());
        Gauge.builder("ledger.audit.last.checkpoint.age.seconds", this, metrics -> metrics.lastAnchoredCheckpointAge())
                .description("Seconds since the newest checkpoint anchored in object storage was signed (-1: none yet)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("ledger.audit.sealer.halted", sealer, running -> running.halt() == null ? 0 : 1)
                .description("1 while the sealer refuses to go on (an unauthenticated event, or a chain cut back below an anchored checkpoint)")
                .register(registry);
        Gauge.builder("ledger.audit.sealer.halted.position", sealer, running -> running.halt() == null ? -1 : running.halt().position())
                .description("The position the sealer stopped at (-1 while it seals)").register(registry);
        Gauge.builder("ledger.audit.verification.intact", this, metrics -> metrics.verificationIntact)
                .description("Result of the last verification of the log: 1 intact, 0 failed, -1 none since start")
                .register(registry);
        Gauge.builder("ledger.audit.verification.failure.position", this, metrics -> metrics.verificationFailurePosition)
                .description("The first failing position of the last verification (-1: none)").register(registry);
        Gauge.builder("ledger.audit.verification.age.seconds", this, metrics -> metrics.verifiedAt == null ? -1
                        : Duration.between(metrics.verifiedAt, clock.instant()).toSeconds())
                .description("Seconds since the log was last verified (-1: not since start)").baseUnit("seconds").register(registry);
        Gauge.builder("ledger.audit.view.check.differences", this, metrics -> metrics.viewCheckDifferences)
                .description("Rows the last view check found differing between a live view and its rebuild from the log, "
                        + "views not covered included (-1: no check since start)").register(registry);
        Gauge.builder("ledger.audit.view.check.age.seconds", this, metrics -> metrics.viewCheckedAt == null ? -1
                        : Duration.between(metrics.viewCheckedAt, clock.instant()).toSeconds())
                .description("Seconds since this node last checked the views (-1: not since start)").baseUnit("seconds")
                .register(registry);
    }

    /** Called with every verification's verdict, online or scheduled. */
    void verified(VerificationReport report) {
        verificationIntact = report.intact() ? 1 : 0;
        verificationFailurePosition = report.intact() ? -1 : report.firstFailure().position();
        verifiedAt = clock.instant();
    }

    /** Called with every view check's report, on demand or scheduled. */
    void viewChecked(ViewCheck.Report report) {
        viewCheckDifferences = report.differences() + report.viewsNotCovered().size();
        viewCheckedAt = clock.instant();
    }

    private double lastAnchoredCheckpointAge() {
        AuditChainStatus.CheckpointRow checkpoint = view().lastAnchoredCheckpoint();
        if (checkpoint == null) {
            return -1;
        }
        return Duration.between(Instant.parse(checkpoint.sealedAt()), clock.instant()).toSeconds();
    }

    private void chainGauge(MeterRegistry registry, String name, String description, ToDoubleFunction<AuditChainStatus.View> value) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.view())).description(description).register(registry);
    }

    private AuditChainStatus.View view() {
        Reading current = reading.get();
        Instant now = clock.instant();
        if (current == null || !now.isBefore(current.at().plus(REFRESH))) {
            current = new Reading(now, status.view());
            reading.set(current);
        }
        return current.view();
    }
}
