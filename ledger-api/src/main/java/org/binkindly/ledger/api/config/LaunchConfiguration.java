package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.projections.gate.NoGoGateProjector;
import org.binkindly.ledger.projections.launch.LaunchProjector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Launch-day validation and the no-go gate: their views. */
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
}
