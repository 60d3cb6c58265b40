package org.binkindly.ledger.api.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The aggregates, registered through Axon's configuration API rather than by component scanning
 * Spring's {@code @Aggregate} stereotype: Spring's annotation model, reading an aggregate class,
 * warned at every start about Axon's annotations ({@code @Aggregate}, {@code @CommandHandler},
 * {@code @EventSourcingHandler}, {@code @DeadlineHandler}) declaring attribute overrides without
 * {@code @AliasFor}. So the domain is not component scanned (see {@code LedgerApplication}) and its
 * aggregates carry Axon's own {@code @AggregateRoot}.
 *
 * <p>The aggregates are package-private (only messages leave the domain), so they are named here;
 * {@code ArchitectureTest} fails when an {@code @AggregateRoot} of the domain is missing from
 * {@link #AGGREGATES}.
 */
@Configuration(proxyBeanMethods = false)
class AggregateConfiguration {

    /** Every aggregate of the domain, by class name (they are package-private). */
    static final List<String> AGGREGATES = List.of(
            "org.binkindly.ledger.core.alert.AlertCorrelation",
            "org.binkindly.ledger.core.alert.AlertDelivery",
            "org.binkindly.ledger.core.freshness.PackFreshness",
            "org.binkindly.ledger.core.incident.Incident",
            "org.binkindly.ledger.core.killswitch.KillSwitch",
            "org.binkindly.ledger.core.launch.Expansion",
            "org.binkindly.ledger.core.launch.Launch",
            "org.binkindly.ledger.core.rebind.Rebind");

    /**
     * The aggregates of the alert path stay in memory between commands and are snapshotted every so
     * many events (see {@code AlertIntakeConfiguration}): an incident of 10,000 alerts must not replay
     * its stream per command.
     */
    static final List<String> ALERT_PATH = List.of(
            "org.binkindly.ledger.core.alert.AlertCorrelation",
            "org.binkindly.ledger.core.incident.Incident");

    /**
     * The snapshotted aggregates' factories, as beans: Spring's snapshotter finds an aggregate's factory
     * among the beans only (there is no repository bean when aggregates are registered through Axon's
     * configuration API), and without one it cannot take a snapshot. The repository uses the same one.
     */
    @Bean
    AggregateFactory<?> alertCorrelationAggregateFactory() {
        return factoryOf(ALERT_PATH.get(0));
    }

    @Bean
    AggregateFactory<?> incidentAggregateFactory() {
        return factoryOf(ALERT_PATH.get(1));
    }

    @Bean
    ConfigurerModule aggregates(Cache alertPathAggregateCache, ObjectProvider<SnapshotTriggerDefinition> alertPathSnapshotTrigger,
            List<AggregateFactory<?>> factories) {
        return configurer -> {
            for (String name : AGGREGATES) {
                Class<?> type = aggregateType(name);
                AggregateConfigurer<?> aggregate = AggregateConfigurer.defaultConfiguration(type);
                if (ALERT_PATH.contains(name)) {
                    AggregateFactory<?> factory = factories.stream()
                            .filter(candidate -> candidate.getAggregateType().equals(type)).findFirst().orElseThrow();
                    configureAlertPath(aggregate, factory, alertPathAggregateCache, alertPathSnapshotTrigger);
                }
                configurer.configureAggregate(aggregate);
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void configureAlertPath(AggregateConfigurer aggregate, AggregateFactory<?> factory, Cache cache,
            ObjectProvider<SnapshotTriggerDefinition> trigger) {
        aggregate.configureCache(configuration -> cache);
        aggregate.configureAggregateFactory(configuration -> factory);
        // looked up when the repository is built: the trigger needs the snapshotter, which needs the event store
        aggregate.configureSnapshotTrigger(configuration -> trigger.getObject());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AggregateFactory<?> factoryOf(String name) {
        return new GenericAggregateFactory(aggregateType(name));
    }

    private static Class<?> aggregateType(String name) {
        try {
            return Class.forName(name, false, AggregateConfiguration.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Aggregate " + name + " is not on the class path", e);
        }
    }
}
