package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ConfigurerModule;
import org.binkindly.ledger.core.launch.NoGoGate;
import org.binkindly.ledger.projections.gate.NoGoGateProjector;
import org.binkindly.ledger.projections.launch.LaunchProjector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/** Launch-day validation and the no-go gate: their views, and the gate's domain service. */
@Configuration(proxyBeanMethods = false)
class LaunchConfiguration {

    /** The launch view and the gate's facts, registered with Axon rather than as beans (see {@link AxonMessageHandlers}). */
    @Bean
    ConfigurerModule launchProjectors(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        return AxonMessageHandlers.register(
                configuration -> new LaunchProjector(jdbc, objectMapper),
                configuration -> new NoGoGateProjector(jdbc));
    }

    /**
     * The gate launches and expansions consult (injected into their command handlers), reading the
     * facts {@link NoGoGateProjector} keeps in its tables (an instance of its own: its tables are its
     * whole state).
     */
    @Bean
    NoGoGate noGoGate(JdbcTemplate jdbc, GateProperties properties, Clock clock) {
        return new NoGoGate(new NoGoGateProjector(jdbc), properties.drillRecency(), clock);
    }
}
