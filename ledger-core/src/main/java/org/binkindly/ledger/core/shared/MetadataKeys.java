package org.binkindly.ledger.core.shared;

import java.util.List;

/**
 * The names of the metadata entries the ledger puts on its commands and events. Folds, projections, policies and
 * the HTTP layer all read and write through these names, so a key cannot drift between writer and reader.
 */
public final class MetadataKeys {

    /** Who caused the message: the authenticated caller, or {@code ledger:<policy>} for the ledger's own reactions. */
    public static final String ACTOR = "actor";

    /**
     * Where the actor was authenticated: {@code token:<id>}, {@code config-token:<name>},
     * {@code bootstrap-admin-token}, {@code jwt:<issuer>#<subject>}, or {@code ledger} for the ledger's own policies.
     */
    public static final String ACTOR_SOURCE = "actorSource";

    /** The actor prefix of the ledger's own components ({@code ledger:<component>}); refused for every caller. */
    public static final String RESERVED_ACTOR_PREFIX = "ledger:";

    /** The {@code X-Request-Id} of the HTTP request a command came from; also the log lines' MDC key. */
    public static final String REQUEST_ID = "requestId";

    /**
     * The correlation: the id of the first message of the chain an event belongs to (Axon's {@code traceId}): the
     * HTTP request's command, a timer's scheduling command, a scheduled check's command. Every event a policy or
     * timer writes in reaction carries the {@code traceId} of what caused it.
     */
    public static final String TRACE_ID = "traceId";

    /** Axon's {@code correlationId}: the id of the message that was being handled when this one was made (its command). */
    public static final String CORRELATION_ID = "correlationId";

    /**
     * The causation of an event the ledger wrote in reaction to another: the id (AuditEvent's eventId) of the event a
     * policy reacted to. Absent on events a caller's command caused (their cause is the request, {@link #REQUEST_ID}).
     */
    public static final String CAUSATION_ID = "causationId";

    /** Copied from a command onto every event it causes, so an event names who did it and in which request. */
    public static final List<String> CORRELATED = List.of(ACTOR, ACTOR_SOURCE, REQUEST_ID);

    /**
     * The request's {@code Idempotency-Key}; on the command only (not correlated), so a command a policy sends in
     * reaction never inherits the caller's key.
     */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    /** The aggregate version from the request's {@code If-Match}; on the command only, like the idempotency key. */
    public static final String EXPECTED_VERSION = "expectedVersion";

    private MetadataKeys() {
    }
}
