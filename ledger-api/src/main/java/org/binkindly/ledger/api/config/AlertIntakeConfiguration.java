package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.binkindly.ledger.adapters.alertmanager.AlertMapping;
import org.binkindly.ledger.adapters.alertmanager.AlertMatrix;
import org.binkindly.ledger.api.web.DatabaseOutage;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.alert.AlertCorrelationHistory;
import org.binkindly.ledger.core.alert.AlertIntake;
import org.binkindly.ledger.core.alert.policy.AlertCorrelationPolicy;
import org.binkindly.ledger.core.alert.policy.AlertDeliveryRouting;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.freshness.policy.StalePackAlerts;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.projections.alert.AlertIntakeProjector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLTransientException;

/** Alert intake: the alert matrix (runbook defaults plus configured routes), the intake path and its view. */
@Configuration(proxyBeanMethods = false)
class AlertIntakeConfiguration {

    @Bean
    AlertMatrix alertMatrix(AlertProperties properties) {
        return new AlertMatrix(properties.routes().stream()
                .map(route -> new AlertMapping(route.alertname(), route.incidentClass(), route.severity(), route.impact(),
                        route.firstAction(), route.defaultScopeParsed()))
                .toList());
    }

    /**
     * Aggregates the alert path commands once per alert (the correlation of a class and scope, and its
     * incident) stay in memory between commands, so a delivery of N alerts does not replay their ever
     * longer streams N times (a profile of a 200-alert delivery spent its time in event-sourcing replay).
     * Safe with several nodes: a node holding a stale copy writes at a sequence number another node
     * took, the event store refuses it, the copy is evicted on that rollback and the command is retried
     * on the stream as it is; a decision that writes nothing (a firing already recorded) is never undone.
     * Soft references, not weak ones: see {@link SoftReferenceCache}.
     */
    @Bean
    Cache alertPathAggregateCache() {
        return new SoftReferenceCache();
    }

    /**
     * Snapshots of the same aggregates once {@value #SNAPSHOT_AFTER_EVENTS} events, or a tenth of the stream if
     * that is more, followed the last one: an incident with 10,000 alerts (and the correlation that routed
     * them) is loaded from its latest snapshot plus the events after it, not from its whole stream, when the
     * cache does not hold it (another node, a restart, a collected entry). A snapshot is derived state in the
     * snapshot table, never an event: the log, its signatures and every view are unchanged, and a snapshot
     * may be deleted at any time.
     */
    @Bean
    SnapshotTriggerDefinition alertPathSnapshotTrigger(Snapshotter snapshotter) {
        return new ProportionalSnapshotTriggerDefinition(snapshotter, SNAPSHOT_AFTER_EVENTS, SNAPSHOT_STREAM_SHARE);
    }

    static final int SNAPSHOT_AFTER_EVENTS = 500;
    static final int SNAPSHOT_STREAM_SHARE = 10;

    /**
     * Axon's own snapshotter (the one Spring Boot would make), but taking its snapshots on a thread of its
     * own. Axon's default runs a snapshot in the command's thread after its commit, before the answer
     * leaves: for an incident of 10,000 containment actions, every 500th command waited 300-500 ms while
     * the incident was read back and its 1.6 MB snapshot written. A snapshot only shortens later loads, so
     * one that cannot be queued is left out (the next one is due later) rather than waited for.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                    HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory, EventStore eventStore,
                                                    TransactionManager transactionManager, SnapshotterSpanFactory spanFactory,
                                                    AggregateSnapshotThread snapshotThread) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotThread::execute)
                .build();
    }

    /** Takes the event store so that it is closed before it: a snapshot under way finishes while the store is open. */
    @Bean
    AggregateSnapshotThread aggregateSnapshotThread(EventStore eventStore) {
        return new AggregateSnapshotThread();
    }

    @Bean
    AlertCorrelationHistory alertCorrelationHistory(EventStore eventStore) {
        return new AlertCorrelationHistory(eventStore);
    }

    @Bean
    AlertIntake alertIntake(AlertMatrix matrix, AlertCorrelationHistory history, CommandGateway commandGateway) {
        return new AlertIntake(matrix, history, commandGateway, IncidentId::generate);
    }

    /**
     * The intake's policies and view, registered with Axon rather than as beans (see {@link AxonMessageHandlers}).
     * The routing of received deliveries first lets the adopting policy reach the delivery's position, so an
     * incident declared by hand just before is adopted and the alerts attach to it; only where that policy runs
     * (with two nodes it may run on the other, and waiting here would only wait out the timeout).
     */
    @Bean
    ConfigurerModule alertIntakeHandlers(JdbcTemplate jdbc, ObjectMapper objectMapper, ObjectProvider<AlertIntake> intake,
                                         ObjectProvider<ViewFreshness> freshness, ObjectProvider<MeterRegistry> meters) {
        return AxonMessageHandlers.register(
                configuration -> new AlertCorrelationPolicy(configuration.commandGateway()),
                configuration -> new AlertDeliveryRouting(intake.getObject(), position -> {
                    if (runsHere(configuration.eventProcessingConfiguration(), AlertCorrelationPolicy.PROCESSING_GROUP)) {
                        freshness.getObject().awaitHandled(AlertCorrelationPolicy.PROCESSING_GROUP, position);
                    }
                }, report -> countRouted(meters.getObject(), report), AlertIntakeConfiguration::isPassing),
                configuration -> new AlertIntakeProjector(jdbc, objectMapper));
    }

    /** The database away, a write conflict, a transient database error: retried for as long as it lasts. */
    static boolean isPassing(Throwable failure) {
        if (DatabaseOutage.causedBy(failure)) {
            return true;
        }
        for (Throwable current = failure; current != null && current.getCause() != current; current = current.getCause()) {
            if (current instanceof ConcurrencyException || current instanceof AxonTransientException
                    || current instanceof TransientDataAccessException || current instanceof SQLTransientException
                    || current instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static boolean runsHere(EventProcessingConfiguration processing, String group) {
        return processing.eventProcessorByProcessingGroup(group, StreamingEventProcessor.class)
                .map(processor -> !processor.processingStatus().isEmpty())
                .orElse(false);
    }

    /** Each routed alert by its outcome, and the alerts Alertmanager left out: counted once, where the delivery is routed. */
    private static void countRouted(MeterRegistry meters, AlertIntake.Report report) {
        report.outcomes().forEach(outcome ->
                meters.counter("ledger.alert.intake.alerts", "result", outcome.result().name().toLowerCase()).increment());
        if (report.lostAlerts() > 0) {
            meters.counter("ledger.alert.intake.lost.alerts").increment(report.lostAlerts());
        }
    }

    /**
     * Deliveries are routed one per unit of work: each delivery's routing commits on its own (the webhook's
     * answer and the deliveries view see it at once), and a backlog never makes one unit of work so long
     * that Axon's time-out (a minute by default, see application.yml) interrupts it and the batch starts over.
     */
    @Autowired
    void routeOneDeliveryPerUnitOfWork(EventProcessingConfigurer processing, ObjectProvider<EventLog> eventLog) {
        processing.registerTrackingEventProcessorConfiguration(AlertDeliveryRouting.PROCESSING_GROUP, configuration ->
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(1)
                        .andInitialSegmentsCount(1)
                        .andInitialTrackingToken(source -> EventStoreConfiguration.initialToken(source, eventLog.getObject())));
    }

    /**
     * The policies that feed the intake must not skip an event whose command failed (Axon's default
     * logs and moves on): the processor retries it instead, and the intake's idempotence makes the
     * retry harmless.
     */
    @Autowired
    void retryFailedPolicyEvents(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(AlertCorrelationPolicy.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
        processing.registerListenerInvocationErrorHandler(AlertDeliveryRouting.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
        processing.registerListenerInvocationErrorHandler(StalePackAlerts.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
