package org.binkindly.ledger.api.config;

import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;

import java.util.List;
import java.util.function.Function;

/**
 * The objects holding {@code @EventHandler} methods (projectors, policies, the open-incident table)
 * are registered with Axon's configuration, never as Spring beans, and none lives in the component
 * scanned {@code api} packages: Spring reads the method annotations of every class it scans and of
 * every bean (its {@code @EventListener} and {@code @Transactional} post-processors), and reading
 * Axon 4's {@code @EventHandler} made its annotation model warn at every start that it overrides
 * {@code payloadType} by convention without {@code @AliasFor}. Axon reads them with its own
 * annotation utilities.
 *
 * <p>Each handler is built once, when Axon first asks for it (so a builder may ask the Axon
 * configuration for its command gateway or event store), and that one instance is registered both
 * for its events and for its {@code @QueryHandler} methods, as Spring's scan of a bean did; a
 * handler with no query method subscribes no query.
 */
final class AxonMessageHandlers {

    private AxonMessageHandlers() {
    }

    @SafeVarargs
    static ConfigurerModule register(Function<Configuration, ?>... builders) {
        List<Function<Configuration, ?>> handlers = List.of(builders);
        return configurer -> handlers.forEach(builder -> {
            Function<Configuration, Object> once = new BuiltOnce(builder);
            configurer.eventProcessing().registerEventHandler(once);
            configurer.registerQueryHandler(once);
        });
    }

    /** Builds its handler at the first call and answers that same instance to every later one. */
    private static final class BuiltOnce implements Function<Configuration, Object> {

        private final Function<Configuration, ?> builder;
        private Object handler;

        BuiltOnce(Function<Configuration, ?> builder) {
            this.builder = builder;
        }

        @Override
        public synchronized Object apply(Configuration configuration) {
            if (handler == null) {
                handler = builder.apply(configuration);
            }
            return handler;
        }
    }
}
