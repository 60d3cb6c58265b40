package org.binkindly.ledger.api.config;

import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.binkindly.ledger.testhandlers.SeenWords;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler registered through {@link AxonMessageHandlers} answers queries from what its event
 * handlers folded: one instance in both roles (registering projectors for their events alone lost
 * their queries before), built once.
 */
class AxonMessageHandlersTest {

    @Test
    void oneInstanceHandlesTheEventsAndAnswersTheQueries() throws Exception {
        AtomicInteger built = new AtomicInteger();
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine());
        configurer.eventProcessing().usingSubscribingEventProcessors();
        AxonMessageHandlers.register(configuration -> {
            built.incrementAndGet();
            return new SeenWords();
        }).configureModule(configurer);
        Configuration configuration = configurer.buildConfiguration();
        configuration.start();
        try {
            configuration.eventGateway().publish("first", "second");

            List<String> seen = configuration.queryGateway()
                    .query(new SeenWords.Query(), ResponseTypes.multipleInstancesOf(String.class)).get(10, TimeUnit.SECONDS);

            assertThat(seen).containsExactly("first", "second");
            assertThat(built).hasValue(1);
        } finally {
            configuration.shutdown();
        }
    }
}
