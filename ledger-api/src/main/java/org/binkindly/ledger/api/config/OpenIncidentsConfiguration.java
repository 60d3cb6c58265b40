package org.binkindly.ledger.api.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.binkindly.ledger.projections.incident.OpenIncidentRows;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link OpenIncidentRows} runs in a subscribing processor, so its table changes in the transaction
 * that appends the event; a failure there must fail (and roll back) the command, not be logged and
 * skipped, which is Axon's default for a handler's exception.
 */
@Configuration(proxyBeanMethods = false)
class OpenIncidentsConfiguration {

    /** Registered with Axon rather than as a bean (see {@link AxonMessageHandlers}). */
    @Bean
    ConfigurerModule openIncidentRows(JdbcTemplate jdbc) {
        return AxonMessageHandlers.register(configuration -> new OpenIncidentRows(jdbc));
    }

    @Autowired
    void inTheCommandsTransaction(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(OpenIncidentRows.PROCESSING_GROUP);
        processing.registerListenerInvocationErrorHandler(OpenIncidentRows.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
