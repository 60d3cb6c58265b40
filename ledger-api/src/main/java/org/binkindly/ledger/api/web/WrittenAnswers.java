package org.binkindly.ledger.api.web;

import org.binkindly.ledger.core.eventlog.EventLog;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Answers that never deny what the event store holds. A view may lag the log (its processor runs
 * on a node that died and has not been taken over yet); then:
 * <ul>
 *   <li>after a command, the answer is the view if it already shows the write, otherwise 202
 *   Accepted with the resource's Location and the version written: the write is stored, only its
 *   view is pending;</li>
 *   <li>before a command or on a read, a resource the log holds but the view does not yet show is
 *   503 VIEW_PENDING with Retry-After, never its NOT_FOUND.</li>
 * </ul>
 * Whether a resource exists and which version was written are read from the event log itself
 * ({@link EventLog}), which every node shares.
 */
@Component
public class WrittenAnswers {

    private final ViewFreshness freshness;
    private final EventLog eventLog;

    public WrittenAnswers(ViewFreshness freshness, EventLog eventLog) {
        this.freshness = freshness;
        this.eventLog = eventLog;
    }

    /** Whether the log holds an aggregate of this type (e.g. {@code Incident}) with this id, whatever the views say. */
    public boolean isStored(String aggregateType, String aggregateId) {
        return eventLog.holdsAggregate(aggregateType, aggregateId);
    }

    /** The view of a resource after every write so far; NOT_FOUND only if the log does not hold it either. */
    public <V> V view(String processingGroup, String aggregateType, String aggregateId, Supplier<Optional<V>> view,
                      Supplier<? extends RuntimeException> notFound) {
        freshness.awaitCaughtUp(processingGroup);
        return view.get().orElseThrow(() -> absent(aggregateType, aggregateId, notFound));
    }

    /** What to answer when a view does not show a resource: VIEW_PENDING if the log holds it, else {@code notFound}. */
    public RuntimeException absent(String aggregateType, String aggregateId, Supplier<? extends RuntimeException> notFound) {
        return isStored(aggregateType, aggregateId) ? viewPending(aggregateType, aggregateId) : notFound.get();
    }

    /** Throws NOT_FOUND unless the log holds the resource; reads no view, so a lagging view cannot refuse a command. */
    public void requireStored(String aggregateType, String aggregateId, Supplier<? extends RuntimeException> notFound) {
        if (!isStored(aggregateType, aggregateId)) {
            throw notFound.get();
        }
    }

    /**
     * The answer to a command that was just written to the resource at {@code location}: the view
     * ({@code success}, e.g. 201 or 200, with its version as ETag) once it shows the write, otherwise
     * 202 Accepted saying where to look. It waits for the view to handle this write only, not the
     * whole log; either answer carries the write's position ({@link LedgerPosition#HEADER}).
     */
    public <V> ResponseEntity<Object> afterWrite(String processingGroup, String aggregateId, URI location, HttpStatus success,
                                                 Supplier<Optional<V>> view, ToLongFunction<V> versionOf) {
        long written = writtenVersion(aggregateId);
        OptionalLong position = written < 0 ? OptionalLong.empty() : eventLog.positionOf(aggregateId, written);
        if (position.isPresent()) {
            freshness.awaitHandled(processingGroup, position.getAsLong());
        } else {
            freshness.awaitCaughtUp(processingGroup);
        }
        Optional<V> seen = view.get();
        if (seen.isPresent() && versionOf.applyAsLong(seen.get()) >= written) {
            return success(location, success, position, versionOf.applyAsLong(seen.get()), seen::get);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ACCEPTED_VIEW_PENDING");
        body.put("detail", "the command is stored (version %d); its view has not caught up yet: read it at %s"
                .formatted(written, location));
        body.put("location", location.toString());
        body.put("version", written);
        return withPosition(ResponseEntity.accepted(), position).location(location).eTag(etag(written))
                .header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS).body(body);
    }

    /**
     * The answer to a command whose resource the write side handed back as the command left it
     * ({@code success}, e.g. 201 or 200, with its version as ETag): it waits for no view. It carries
     * the position of the command's last event ({@link LedgerPosition#HEADER}); a read that sends it
     * back waits until its view has handled it, and a read without it waits for every event committed
     * before the read began ({@link #view}), this one included, as it was committed before the answer left.
     */
    public <V> ResponseEntity<Object> written(String aggregateId, URI location, HttpStatus success, Supplier<V> resource,
                                              long version) {
        return success(location, success, eventLog.positionOf(aggregateId, version), version, resource);
    }

    /**
     * {@code success} with the resource, or without it when the caller sent {@code Prefer: return=minimal}
     * ({@link ReturnPreference}): then 204 No Content, or 201 Created with no body, and the same headers. The
     * resource is made only for an answer that carries it (an incident of 10,000 actions is a large one).
     */
    private static ResponseEntity<Object> success(URI location, HttpStatus success, OptionalLong position, long version,
                                                  Supplier<?> resource) {
        boolean minimal = ReturnPreference.minimalRequested();
        HttpStatus status = minimal && success == HttpStatus.OK ? HttpStatus.NO_CONTENT : success;
        ResponseEntity.BodyBuilder answer = status == HttpStatus.CREATED
                ? ResponseEntity.created(location) : ResponseEntity.status(status);
        withPosition(answer, position).eTag(etag(version));
        if (minimal) {
            return answer.header(ReturnPreference.PREFERENCE_APPLIED, ReturnPreference.RETURN_MINIMAL).build();
        }
        return answer.body(resource.get());
    }

    private static ResponseEntity.BodyBuilder withPosition(ResponseEntity.BodyBuilder answer, OptionalLong position) {
        return position.isPresent() ? answer.header(LedgerPosition.HEADER, Long.toString(position.getAsLong())) : answer;
    }

    private long writtenVersion(String aggregateId) {
        return eventLog.lastSequence(aggregateId).orElse(-1);
    }

    private static ApiException viewPending(String aggregateType, String aggregateId) {
        return new ApiException(ApiProblem.VIEW_PENDING,
                "%s %s is stored, but its view has not caught up yet; retry shortly".formatted(aggregateType, aggregateId));
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }
}
