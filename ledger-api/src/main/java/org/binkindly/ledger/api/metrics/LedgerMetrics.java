package org.binkindly.ledger.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.metrics.LedgerMetricsQueries;
import org.binkindly.ledger.projections.metrics.MetricsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The ledger's own state as gauges for {@code /actuator/prometheus}: read from the views on a fixed
 * refresh (never per scrape), so scraping costs nothing and every node reports the same numbers.
 * Intake counters are counted where deliveries arrive ({@code ledger_alert_intake_*}).
 *
 * <p>The refresh runs on EVERY node, on a local executor, not as a db-scheduler task: each node's
 * gauges live in that node's registry and are scraped from that node, so one node refreshing for the
 * cluster would leave the others' gauges empty. It only reads; it writes nothing.
 */
public class LedgerMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerMetrics.class);

    private final LedgerMetricsQueries queries;
    private final Clock clock;
    private final AtomicReference<MetricsSnapshot> snapshot = new AtomicReference<>();
    private final MultiGauge packAge;
    private final MultiGauge packStale;
    private final MultiGauge processorLag;
    private final ScheduledExecutorService perNodeRefresher;
    private final Duration refreshInterval;
    private final AtomicBoolean started = new AtomicBoolean();

    public LedgerMetrics(MeterRegistry registry, LedgerMetricsQueries queries, Clock clock, Duration refreshInterval) {
        this.queries = queries;
        this.clock = clock;
        for (Severity severity : Severity.values()) {
            for (IncidentClass incidentClass : IncidentClass.values()) {
                gauge(registry, "ledger.incidents.open", "Open incidents", Tags.of("severity", severity.name(),
                        "class", incidentClass.name()), s -> s.openIncidents().get(severity).get(incidentClass));
            }
            for (EvidenceField field : EvidenceField.values()) {
                gauge(registry, "ledger.incidents.open.evidence.missing", "Open incidents missing a core evidence field",
                        Tags.of("severity", severity.name(), "field", field.name()),
                        s -> s.openIncidentsMissingEvidence().get(severity).get(field));
            }
        }
        gauge(registry, "ledger.incidents.open.closable", "Open incidents whose closure evidence is complete", Tags.empty(),
                MetricsSnapshot::openIncidentsClosable);
        for (KillSwitchKind kind : KillSwitchKind.values()) {
            gauge(registry, "ledger.kill.switches.active", "Active (non-drill) kill switches", Tags.of("kind", kind.name()),
                    s -> s.killSwitchesActive().get(kind));
        }
        for (boolean drill : List.of(false, true)) {
            Tags tags = Tags.of("drill", Boolean.toString(drill));
            gauge(registry, "ledger.rebinds.completed", "Completed rebinds by rollback objective outcome",
                    tags.and("objective", "met"), s -> s.rebindsMetObjective().get(drill));
            gauge(registry, "ledger.rebinds.completed", "Completed rebinds by rollback objective outcome",
                    tags.and("objective", "missed"), s -> s.rebindsMissedObjective().get(drill));
            gauge(registry, "ledger.rebinds.objective.breached", "Rebinds with a recorded rollback objective breach", tags,
                    s -> s.rebindsWithBreach().get(drill));
            gauge(registry, "ledger.rebind.last.restore.seconds", "Time to restore a safe active manifest, latest completed rebind",
                    tags, s -> s.lastRestoreSeconds().getOrDefault(drill, -1L));
            gauge(registry, "ledger.rebind.last.integrity.seconds", "Time to confirm integrity, latest completed rebind", tags,
                    s -> s.lastIntegritySeconds().getOrDefault(drill, -1L));
        }
        gauge(registry, "ledger.alerts.unmapped", "Alerts kept as unmapped", Tags.empty(), MetricsSnapshot::unmappedAlerts);
        gauge(registry, "ledger.alerts.lost", "Alerts Alertmanager truncated from deliveries", Tags.empty(),
                MetricsSnapshot::lostAlerts);
        packAge = MultiGauge.builder("ledger.pack.age.seconds").description("Age of each watched scope's active pack")
                .baseUnit("seconds").register(registry);
        packStale = MultiGauge.builder("ledger.pack.stale").description("1 while a watched scope is in a stale-pack breach")
                .register(registry);
        processorLag = MultiGauge.builder("ledger.processor.lag.events")
                .description("Events committed that a processor has not handled yet").register(registry);
        perNodeRefresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-metrics-per-node-refresh");
            thread.setDaemon(true);
            return thread;
        });
        this.refreshInterval = refreshInterval;
    }

    /**
     * Starts the refresh, the first one at once. Called when the application is ready, not at
     * construction: the first refresh reads every open incident (1.7 s of CPU with 2,000 of them),
     * which on a small machine lengthened the start it ran beside.
     */
    public void start() {
        if (started.compareAndSet(false, true)) {
            perNodeRefresher.scheduleWithFixedDelay(this::refresh, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the views again; a failure keeps the last numbers and is logged, never thrown at a scrape. */
    public void refresh() {
        try {
            MetricsSnapshot current = queries.snapshot(clock.instant());
            snapshot.set(current);
            packAge.register(current.packs().stream().filter(pack -> pack.ageSeconds() != null)
                    .map(pack -> MultiGauge.Row.of(Tags.of("scope", pack.scope().toString()), pack.ageSeconds()))
                    .toList(), true);
            packStale.register(current.packs().stream()
                    .map(pack -> MultiGauge.Row.of(Tags.of("scope", pack.scope().toString()), pack.stale() ? 1 : 0))
                    .toList(), true);
            processorLag.register(current.processorLag().entrySet().stream()
                    .map(entry -> MultiGauge.Row.of(Tags.of("processor", entry.getKey()), entry.getValue()))
                    .toList(), true);
        } catch (RuntimeException e) {
            log.warn("metrics refresh failed, keeping the last numbers: {}", e.toString());
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags, ToDoubleFunction<MetricsSnapshot> value) {
        Gauge.builder(name, snapshot, reference -> reference.get() == null ? Double.NaN : value.applyAsDouble(reference.get()))
                .description(description).tags(tags).register(registry);
    }

    @Override
    public void close() {
        perNodeRefresher.shutdownNow();
    }
}
