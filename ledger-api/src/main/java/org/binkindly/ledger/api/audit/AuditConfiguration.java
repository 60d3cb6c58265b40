package org.binkindly.ledger.api.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.binkindly.ledger.adapters.audit.AuditSealer;
import org.binkindly.ledger.adapters.audit.AuditSigningKey;
import org.binkindly.ledger.adapters.audit.AuthenticatedAppendEvents;
import org.binkindly.ledger.adapters.eventlog.LedgerEventStorageEngine;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.adapters.s3.S3CheckpointAnchor;
import org.binkindly.ledger.adapters.s3.S3Settings;
import org.binkindly.ledger.api.config.LedgerProperties;
import org.binkindly.ledger.api.config.StorageProperties;
import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.projections.audit.AuditLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Optional;

/** The audit chain: its signing key, the sealer, and the object storage its checkpoints are anchored in. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /**
     * Events the store reads per query while a processor tracks the log (Axon's default is 100): a
     * view's rebuild reads the whole log, now in a tenth of the queries and transactions.
     */
    private static final int READ_BATCH_SIZE = 1000;

    @Bean
    CheckpointSigner checkpointSigner(AuditProperties audit, LedgerProperties ledger) {
        return new CheckpointSigner(AuditSigningKey.load(audit.signingKey(), audit.signingKeyFile(), ledger.dataDir()));
    }

    /**
     * Axon's JDBC event store as its auto-configuration builds it, except that every event's
     * metadata carries the ledger's writer signature, computed just before the insert, and each event's
     * timestamp is parsed once as it is read ({@link LedgerEventStorageEngine}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          EventSchema eventSchema, CheckpointSigner signer) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .appendEvents(new AuthenticatedAppendEvents(signer))
                .batchSize(READ_BATCH_SIZE);
        return new LedgerEventStorageEngine(builder);
    }

    /** The same object storage the manifests live in (ledger.storage.*, or the embedded store). */
    @Bean(destroyMethod = "close")
    S3CheckpointAnchor checkpointAnchor(StorageProperties storage, ObjectProvider<EmbeddedObjectStore> embedded) {
        S3Settings settings = Optional.ofNullable(embedded.getIfAvailable()).map(store -> store.settings(""))
                .orElseGet(() -> new S3Settings(storage.endpoint(), storage.region(), storage.bucket(), storage.prefix(),
                        blankToNull(storage.accessKeyId()), blankToNull(storage.secretAccessKey()), storage.pathStyle(),
                        storage.callTimeout()));
        return new S3CheckpointAnchor(settings);
    }

    @Bean
    AuditLog auditLog(EventLog eventLog, DataSource dataSource, PlatformTransactionManager transactions) {
        return new AuditLog(eventLog, dataSource, transactions);
    }

    @Bean
    AuditSealer auditSealer(JdbcTemplate jdbc, EventLog eventLog, PlatformTransactionManager transactions, CheckpointSigner signer,
                            S3CheckpointAnchor anchor, AuditProperties properties, Clock clock) {
        return new AuditSealer(jdbc, eventLog, transactions, signer, anchor, properties.sealerSettings(), clock);
    }

    /**
     * The view check on a schedule ({@code ledger.audit.view-check.interval}): a db-scheduler task, so with
     * several nodes one of them runs each check; its result feeds {@code ledger_audit_view_check_differences}.
     */
    @Bean
    RecurringTask<Void> viewCheckTask(ViewCheck viewCheck, ViewCheckProperties properties) {
        return Tasks.recurring("audit-view-check", FixedDelay.of(properties.interval()))
                .execute((instance, context) -> viewCheck.check());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
