package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.projections.incident.IncidentViewBoardCountsMigration;
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

    /** The views' projectors, registered with Axon rather than as beans (see {@link AxonMessageHandlers}). */
    @Bean
    ConfigurerModule projectors(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        return AxonMessageHandlers.register(
                configuration -> new IncidentViewProjector(jdbc, objectMapper),
                configuration -> new KillSwitchProjector(jdbc, objectMapper),
                configuration -> new RebindProjector(jdbc, objectMapper),
                configuration -> new ScopePostureProjector(jdbc));
    }

    /** A Java migration of the incident view; Spring Boot hands every {@code JavaMigration} bean to the start-up Flyway run. */
    @Bean
    IncidentViewBoardCountsMigration incidentViewBoardCountsMigration(ObjectMapper objectMapper) {
        return new IncidentViewBoardCountsMigration(objectMapper);
    }

    @Bean
    TimeTravel timeTravel(EventStore eventStore, EventStorageEngine storage, EventLog eventLog, ObjectMapper json) {
        return new TimeTravel(eventStore, storage, eventLog, json);
    }
}
