package org.binkindly.ledger.api.config;

import org.axonframework.config.EventProcessingModule;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.SubscribableMessageSource;

/**
 * Axon's event processing configuration, building every processor the ledger runs (tracking ones,
 * and the subscribing one of the open-incident rows) exactly as Axon does, but over handlers that
 * remember what cannot change ({@link RememberingEventHandlerInvoker}).
 */
class LedgerEventProcessingModule extends EventProcessingModule {

    @Override
    protected EventProcessor trackingEventProcessor(String name, EventHandlerInvoker eventHandlerInvoker,
                                                    TrackingEventProcessorConfiguration config,
                                                    StreamableMessageSource<TrackedEventMessage<?>> source) {
        return super.trackingEventProcessor(name, RememberingEventHandlerInvoker.around(eventHandlerInvoker), config, source);
    }

    @Override
    protected EventProcessor subscribingEventProcessor(String name, EventHandlerInvoker eventHandlerInvoker,
                                                       SubscribableMessageSource<? extends EventMessage<?>> source) {
        return super.subscribingEventProcessor(name, RememberingEventHandlerInvoker.around(eventHandlerInvoker), source);
    }
}
