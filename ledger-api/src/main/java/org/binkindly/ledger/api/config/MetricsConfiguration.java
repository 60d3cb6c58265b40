package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.binkindly.ledger.api.metrics.LedgerMetrics;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.projections.metrics.LedgerMetricsQueries;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;

/** The ledger's metrics at /actuator/prometheus (see docs/operations.md, "Metrics"). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean(destroyMethod = "close")
    LedgerMetrics ledgerMetrics(MeterRegistry registry, JdbcTemplate jdbc, ObjectMapper objectMapper, EventLog eventLog, Clock clock,
                                @Value("${ledger.metrics.refresh-interval:15s}") Duration refreshInterval) {
        return new LedgerMetrics(registry, new LedgerMetricsQueries(jdbc, objectMapper, eventLog), clock, refreshInterval);
    }

    @EventListener(ApplicationReadyEvent.class)
    void startMetricsRefresh(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(LedgerMetrics.class).start();
    }
}
