package org.binkindly.ledger.api.consistency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.binkindly.ledger.api.web.DatabaseProbe;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Exactly once, in order: idempotency keys, If-Match, and retries of commands that lost a race. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencyProperties.class)
class ConsistencyConfiguration {

    /**
     * PostgreSQL reports a duplicate (aggregate, sequence) as SQL state 23505, which Axon's default
     * JDBC resolver does not recognise (it would surface as a 500): this makes it the
     * ConcurrencyException it is.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    @Bean
    NodeName nodeName() {
        return NodeName.ofThisStart();
    }

    /** Token claims name their node ({@link NodeName}: unique per start, so a node's claims are its own). */
    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenSchema schema,
                          TokenStoreProperties properties, NodeName nodeName) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(schema)
                .claimTimeout(properties.getClaimTimeout())
                .nodeId(nodeName.value())
                .build();
    }

    static final String IDEMPOTENCY_KEY_CLEANUP_TASK = "idempotency-key-cleanup";

    /**
     * Forgets keys past {@code ledger.idempotency.retention}. Periodic work runs on db-scheduler: the task is a row in
     * {@code scheduled_tasks} claimed with a lock, so with several nodes one of them runs each cleanup.
     */
    @Bean
    RecurringTask<Void> idempotencyKeyCleanupTask(IdempotencyKeys keys) {
        return Tasks.recurring(IDEMPOTENCY_KEY_CLEANUP_TASK, FixedDelay.ofMinutes(10))
                .execute((instance, context) -> keys.forgetOldKeys());
    }

    /**
     * Not periodic work: the delayed re-send of a command that lost a race, which must run on the node whose
     * caller is waiting for the answer, so it stays a local executor rather than a db-scheduler task.
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor, MeterRegistry meters,
                                  @Value("${ledger.commands.conflict-retries:10}") int conflictRetries) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConflictRetries(commandRetryExecutor, conflictRetries, meters))
                .build();
    }

    /**
     * Axon's deadline task (the objective timers), as Axon's auto-configuration would build it, with a failure handler
     * of ours: a deadline that lost a race for its aggregate fires again at once ({@link DeadlineConflictRetries}).
     * The qualifier makes Axon's auto-configuration step aside; the task keeps Axon's name, so timers already
     * scheduled in {@code scheduled_tasks} still run.
     */
    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context, MeterRegistry meters,
                                                               @Value("${ledger.commands.conflict-retries:10}") int conflictRetries) {
        Task<DbSchedulerBinaryDeadlineDetails> axonTask =
                DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class));
        FailureHandler<DbSchedulerBinaryDeadlineDetails> later = new FailureHandler.OnFailureRetryLater<>(Duration.ofMinutes(5));
        return new Tasks.OneTimeTaskBuilder<>(axonTask.getName(), DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(new DeadlineConflictRetries<>(conflictRetries, later, meters))
                .execute(axonTask::execute);
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyKeys keys, ObjectMapper json, Clock clock,
                                                                DatabaseProbe database) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(keys, json, clock, database));
        // after Spring Security: the key belongs to the authenticated caller
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }
}
