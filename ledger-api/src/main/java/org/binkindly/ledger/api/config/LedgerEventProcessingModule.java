package org.binkindly.ledger.api.config;

import org.axonframework.config.EventProcessingModule;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.SubscribableMessageSource;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Axon's event processing configuration, building every processor the ledger runs (tracking ones,
 * and the subscribing one of the open-incident rows) exactly as Axon does, but over handlers that
 * remember what cannot change ({@link RememberingEventHandlerInvoker}), and each tracking processor
 * reading a stream that stops waiting for events once the processor is stopping
 * ({@link StopAwareMessageSource}), and each processor answering Axon with a shared empty result for an
 * event its handlers return nothing for ({@link EmptyEventResult}, registered before Axon adds the
 * configured interceptors, so outside them).
 */
class LedgerEventProcessingModule extends EventProcessingModule {

    @Override
    protected EventProcessor trackingEventProcessor(String name, EventHandlerInvoker eventHandlerInvoker,
                                                    TrackingEventProcessorConfiguration config,
                                                    StreamableMessageSource<TrackedEventMessage<?>> source) {
        AtomicReference<EventProcessor> processor = new AtomicReference<>();
        StopAwareMessageSource stopAware = new StopAwareMessageSource(source, () -> {
            EventProcessor built = processor.get();
            return built != null && !built.isRunning();
        });
        processor.set(super.trackingEventProcessor(name, RememberingEventHandlerInvoker.around(eventHandlerInvoker), config, stopAware));
        processor.get().registerHandlerInterceptor(new EmptyEventResult());
        return processor.get();
    }

    @Override
    protected EventProcessor subscribingEventProcessor(String name, EventHandlerInvoker eventHandlerInvoker,
                                                       SubscribableMessageSource<? extends EventMessage<?>> source) {
        EventProcessor processor = super.subscribingEventProcessor(name, RememberingEventHandlerInvoker.around(eventHandlerInvoker), source);
        processor.registerHandlerInterceptor(new EmptyEventResult());
        return processor;
    }
}
