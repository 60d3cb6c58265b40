package org.binkindly.ledger.adapters.audit;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.binkindly.ledger.adapters.eventlog.AppendedPositions;
import org.binkindly.ledger.core.audit.CheckpointSigner;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The event store's insert, with the ledger's writer signature in each event's metadata. This is
 * the one point where an event's stored form is final (payload and metadata serialised, timestamp
 * formatted) and not yet in PostgreSQL, so the signature covers exactly the bytes of the row.
 * Otherwise it writes what Axon's own statement writes, column for column.
 */
public final class AuthenticatedAppendEvents implements AppendEventsStatementBuilder {

    private final CheckpointSigner signer;

    public AuthenticatedAppendEvents(CheckpointSigner signer) {
        this.signer = signer;
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        if (dataType != byte[].class) {
            throw new IllegalStateException("writer signatures need payload and metadata stored as bytes (bytea), not " + dataType);
        }
        String sql = "INSERT INTO " + schema.domainEventTable() + " (" + String.join(", ", schema.eventIdentifierColumn(),
                schema.aggregateIdentifierColumn(), schema.sequenceNumberColumn(), schema.typeColumn(),
                schema.timestampColumn(), schema.payloadTypeColumn(), schema.payloadRevisionColumn(),
                schema.payloadColumn(), schema.metaDataColumn()) + ") VALUES (?,?,?,?,?,?,?,?,?)";
        // the insert returns each event's position, which the command's answer names (AppendedPositions)
        PreparedStatement statement = connection.prepareStatement(sql, new String[] {schema.globalIndexColumn()});
        String[] aggregateIds = new String[events.size()];
        long[] sequenceNumbers = new long[events.size()];
        int appended = 0;
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = asDomainEvent(message);
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            SerializedObject<byte[]> metadata = event.serializeMetaData(serializer, byte[].class);
            // The text Axon's own timestamp writer stores; signed as stored, so it is written here, not by the writer.
            String timestamp = DateTimeUtils.formatInstant(event.getTimestamp());
            byte[] signedMetadata = signer.authenticate(event.getIdentifier(), event.getType(), event.getAggregateIdentifier(),
                    event.getSequenceNumber(), timestamp, payload.getType().getName(), payload.getType().getRevision(),
                    metadata.getData(), payload.getData());
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            statement.setString(5, timestamp);
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setBytes(8, payload.getData());
            statement.setBytes(9, signedMetadata);
            statement.addBatch();
            aggregateIds[appended] = event.getAggregateIdentifier();
            sequenceNumbers[appended++] = event.getSequenceNumber();
        }
        return rememberingPositions(statement, aggregateIds, sequenceNumbers);
    }

    /**
     * The statement, whose {@code executeBatch} (which Axon calls and then closes the statement) also
     * reads the positions PostgreSQL assigned, in the order of the batch, for {@link AppendedPositions}.
     */
    private static PreparedStatement rememberingPositions(PreparedStatement statement, String[] aggregateIds,
                                                          long[] sequenceNumbers) {
        InvocationHandler handler = (proxy, method, arguments) -> {
            Object result;
            try {
                result = method.invoke(statement, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("executeBatch")) {
                long[] positions = new long[aggregateIds.length];
                int returned = 0;
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    while (keys.next() && returned < positions.length) {
                        positions[returned++] = keys.getLong(1);
                    }
                }
                if (returned == positions.length) {
                    AppendedPositions.rememberOnCommit(aggregateIds, sequenceNumbers, positions);
                }
            }
            return result;
        };
        return (PreparedStatement) Proxy.newProxyInstance(AuthenticatedAppendEvents.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    /** As Axon stores an event published outside an aggregate: its own id as aggregate id, sequence 0, no type. */
    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent) {
            return domainEvent;
        }
        return new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }
}
