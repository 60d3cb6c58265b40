package org.binkindly.ledger.api.config;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.timeout.AxonTaskJanitor;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;
import org.axonframework.springboot.TimeoutProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Axon's time limits, set up as its {@code AxonTimeoutAutoConfiguration} does (excluded in
 * {@code application.yml}) from the same {@code axon.timeout.*} settings, with the units of work limited by
 * {@link UnitOfWorkTimeLimit} instead of Axon's interceptor: the event processors (each may have its own
 * settings), the command bus (around the whole command, below), the query bus and the deadline manager.
 * Handlers that declare a limit of their own ({@code @MessageHandlerTimeout}) keep Axon's per-handler limit.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimeoutProperties.class)
class TimeLimitConfiguration {

    @Bean
    HandlerTimeoutHandlerEnhancerDefinition messageTimeoutHandlerEnhancerDefinition(TimeoutProperties properties) {
        return new HandlerTimeoutHandlerEnhancerDefinition(properties.getHandler().toMessageHandlerTimeoutConfiguration());
    }

    @Bean
    ConfigurerModule unitOfWorkTimeLimits(TimeoutProperties properties) {
        TimeoutProperties.TransactionTimeoutProperties limits = properties.getTransaction();
        return new ConfigurerModule() {
            @Override
            public void configureModule(org.axonframework.config.Configurer configurer) {
                configurer.eventProcessing().registerDefaultHandlerInterceptor((axon, name) ->
                        TimeLimitConfiguration.<EventMessage<?>>limit("EventProcessor " + name,
                                limits.getEventProcessor().getOrDefault(name, limits.getEventProcessors())));
                // as Axon's own: at start, since asking for the buses while configuring would build them too early
                configurer.onStart(Integer.MIN_VALUE, () -> {
                    Configuration axon = configurer.buildConfiguration();
                    axon.queryBus().registerHandlerInterceptor(limit(axon.queryBus().getClass().getSimpleName(), limits.getQueryBus()));
                    axon.deadlineManager().registerHandlerInterceptor(
                            limit(axon.deadlineManager().getClass().getSimpleName(), limits.getDeadline()));
                });
            }

            @Override
            public int order() {
                return Integer.MIN_VALUE;
            }
        };
    }

    /**
     * The command bus's limit, as a handler interceptor bean ordered before the ledger's own ({@code CommandGuard},
     * {@code OpenIncidentClaim}), so it covers the whole command, their locks and look-ups included. Axon's sat
     * after them, and a declaration held on its class-and-scope lock was not limited at all.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    UnitOfWorkTimeLimit<CommandMessage<?>> commandBusTimeLimit(TimeoutProperties properties) {
        return limit("CommandBus", properties.getTransaction().getCommandBus());
    }

    private static <T extends Message<?>> UnitOfWorkTimeLimit<T> limit(String component, TaskTimeoutSettings settings) {
        return new UnitOfWorkTimeLimit<>(component, settings.getTimeoutMs(), settings.getWarningThresholdMs(),
                settings.getWarningIntervalMs(), AxonTaskJanitor.INSTANCE);
    }
}
