package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.projections.incident.IncidentHistoryProjector;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.posture.ScopePostureProjector;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.timetravel.TimeTravel;
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
    KillSwitchProjector killSwitchProjector(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        return new KillSwitchProjector(jdbc, objectMapper);
    }

    @Bean
    RebindProjector rebindProjector(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        return new RebindProjector(jdbc, objectMapper);
    }

    @Bean
    ScopePostureProjector scopePostureProjector(JdbcTemplate jdbc) {
        return new ScopePostureProjector(jdbc);
    }

    @Bean
    IncidentHistoryProjector incidentHistoryProjector(JdbcTemplate jdbc) {
        return new IncidentHistoryProjector(jdbc);
    }

    @Bean
    TimeTravel timeTravel(EventStore eventStore, EventStorageEngine storage, EventLog eventLog, ObjectMapper json) {
        return new TimeTravel(eventStore, storage, eventLog, json);
    }
}
