package org.binkindly.ledger.api.config;

import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.timeout.AxonTaskJanitor;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;
import org.axonframework.springboot.TimeoutProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Axon's time limits, set up as its {@code AxonTimeoutAutoConfiguration} does (excluded in
 * {@code application.yml}) from the same {@code axon.timeout.*} settings, with the units of work limited by
 * {@link UnitOfWorkTimeLimit} instead of Axon's interceptor: the event processors (each may have its own
 * settings), the command bus, the query bus and the deadline manager. Handlers that declare a limit of their
 * own ({@code @MessageHandlerTimeout}) keep Axon's per-handler limit.
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
                        limit("EventProcessor " + name, limits.getEventProcessor().getOrDefault(name, limits.getEventProcessors())));
                // as Axon's own: at start, since asking for the buses while configuring would build them too early
                configurer.onStart(Integer.MIN_VALUE, () -> {
                    Configuration axon = configurer.buildConfiguration();
                    axon.commandBus().registerHandlerInterceptor(limit(axon.commandBus().getClass().getSimpleName(), limits.getCommandBus()));
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

    private static UnitOfWorkTimeLimit limit(String component, TaskTimeoutSettings settings) {
        return new UnitOfWorkTimeLimit(component, settings.getTimeoutMs(), settings.getWarningThresholdMs(),
                settings.getWarningIntervalMs(), AxonTaskJanitor.INSTANCE);
    }
}
