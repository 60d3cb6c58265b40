package org.binkindly.ledger.api.config;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.binkindly.ledger.api.incident.OpenIncidents;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * {@link OpenIncidents} runs in a subscribing processor, so its table changes in the transaction
 * that appends the event; a failure there must fail (and roll back) the command, not be logged and
 * skipped, which is Axon's default for a handler's exception.
 */
@Configuration(proxyBeanMethods = false)
class OpenIncidentsConfiguration {

    @Autowired
    void inTheCommandsTransaction(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(OpenIncidents.PROCESSING_GROUP);
        processing.registerListenerInvocationErrorHandler(OpenIncidents.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
