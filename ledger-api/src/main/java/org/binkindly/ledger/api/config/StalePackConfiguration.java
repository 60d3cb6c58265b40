package org.binkindly.ledger.api.config;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.binkindly.ledger.core.alert.AlertIntake;
import org.binkindly.ledger.core.freshness.PackFreshnessWatch;
import org.binkindly.ledger.core.freshness.policy.StalePackAlerts;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.projections.freshness.PackFreshnessProjector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The stale-pack watch, scheduled on db-scheduler: its task lives in PostgreSQL and is claimed with
 * a row lock, so with several ledger nodes exactly one runs each check.
 */
@Configuration(proxyBeanMethods = false)
class StalePackConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StalePackConfiguration.class);

    @Bean
    PackFreshnessWatch packFreshnessWatch(ManifestStore store, CommandGateway commandGateway, StalePackProperties properties,
                                          Clock clock) {
        if (properties.scopes().isEmpty()) {
            log.info("No supported scopes configured (ledger.stale-pack.scopes): stale-pack alerting is absent for every scope");
        }
        return new PackFreshnessWatch(store, commandGateway, properties::thresholds,
                () -> clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * The stale-pack alerts and the freshness view, registered with Axon rather than as beans (see
     * {@link AxonMessageHandlers}); the intake is a bean built on Axon's gateway, so it is looked up
     * when Axon builds the policy.
     */
    @Bean
    ConfigurerModule stalePackHandlers(ObjectProvider<AlertIntake> intake, JdbcTemplate jdbc) {
        return AxonMessageHandlers.register(
                configuration -> new StalePackAlerts(intake.getObject()),
                configuration -> new PackFreshnessProjector(jdbc));
    }

    @Bean
    RecurringTask<Void> stalePackWatchTask(PackFreshnessWatch watch, StalePackProperties properties) {
        return Tasks.recurring("stale-pack-watch", FixedDelay.of(properties.checkInterval()))
                .execute((instance, context) -> watch.checkAll());
    }
}
