package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.projections.incident.IncidentHistoryProjector;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The projections are plain classes; this is where the application wires them to its database. */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Bean
    IncidentViewProjector incidentViewProjector(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        return new IncidentViewProjector(jdbc, objectMapper);
    }

    @Bean
    IncidentHistoryProjector incidentHistoryProjector(JdbcTemplate jdbc) {
        return new IncidentHistoryProjector(jdbc);
    }
}
