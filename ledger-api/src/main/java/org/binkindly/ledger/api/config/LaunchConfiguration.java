package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.launch.NoGoEvidence;
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

    @Bean
    LaunchProjector launchProjector(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        return new LaunchProjector(jdbc, objectMapper);
    }

    @Bean
    NoGoGateProjector noGoGateProjector(JdbcTemplate jdbc) {
        return new NoGoGateProjector(jdbc);
    }

    /** The gate launches and expansions consult (injected into their command handlers), reading the projector's facts. */
    @Bean
    NoGoGate noGoGate(NoGoEvidence evidence, GateProperties properties, Clock clock) {
        return new NoGoGate(evidence, properties.drillRecency(), clock);
    }
}
