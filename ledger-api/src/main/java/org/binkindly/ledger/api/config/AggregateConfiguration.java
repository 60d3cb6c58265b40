package org.binkindly.ledger.api.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Set;

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
     * The aggregates of the alert path stay in memory between commands (see
     * {@code AlertIntakeConfiguration#alertPathAggregateCache}).
     */
    static final Set<String> ALERT_PATH_CACHED = Set.of(
            "org.binkindly.ledger.core.alert.AlertCorrelation",
            "org.binkindly.ledger.core.incident.Incident");

    @Bean
    ConfigurerModule aggregates(Cache alertPathAggregateCache) {
        return configurer -> {
            for (String name : AGGREGATES) {
                AggregateConfigurer<?> aggregate = AggregateConfigurer.defaultConfiguration(aggregateType(name));
                if (ALERT_PATH_CACHED.contains(name)) {
                    aggregate.configureCache(configuration -> alertPathAggregateCache);
                }
                configurer.configureAggregate(aggregate);
            }
        };
    }

    private static Class<?> aggregateType(String name) {
        try {
            return Class.forName(name, false, AggregateConfiguration.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Aggregate " + name + " is not on the class path", e);
        }
    }
}
