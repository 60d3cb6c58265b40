package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RandomIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every failure becomes a problem detail with a stable code. Bad input is a 4xx that says what
 * to fix; only a genuine fault is a 500, and even then without internals, just a reference to
 * find it in the log.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final String TIMED_OUT_RETRY_AFTER_SECONDS = "5";

    private final DatabaseProbe database;

    ApiExceptionHandler(DatabaseProbe database) {
        this.database = database;
    }

    @ExceptionHandler(LedgerRuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolation(LedgerRuleViolation violation) {
        return respond(Problems.of(violation));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> refused(ApiException refused) {
        if (refused.problem().status() == HttpStatus.SERVICE_UNAVAILABLE) {
            return ResponseEntity.status(refused.problem().status()).header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS)
                    .body(Problems.of(refused.problem(), refused.getMessage()));
        }
        return respond(Problems.of(refused.problem(), refused.getMessage()));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailure(CommandExecutionException failure) {
        Throwable cause = failure.getCause();
        if (cause instanceof LedgerRuleViolation violation) {
            return ruleViolation(violation);
        }
        if (cause instanceof Exception exception) {
            return unexpected(exception);
        }
        return unexpected(failure);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException missing) {
        return respond(Problems.of(ApiProblem.NOT_FOUND, "no such %s".formatted(missing.getAggregateIdentifier())));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrentModification(ConcurrencyException conflict) {
        return respond(Problems.of(ApiProblem.CONCURRENT_MODIFICATION,
                "someone else changed this at the same moment; read it again and retry"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException unreadable) {
        LedgerRuleViolation violation = findCause(unreadable, LedgerRuleViolation.class);
        if (violation != null) {
            return ruleViolation(violation);
        }
        if (findCause(unreadable, RequestFilters.PayloadTooLargeException.class) != null) {
            return respond(Problems.of(ApiProblem.PAYLOAD_TOO_LARGE,
                    findCause(unreadable, RequestFilters.PayloadTooLargeException.class).getMessage()));
        }
        Throwable cause = unreadable.getCause();
        if (cause instanceof InvalidTypeIdException typeId) {
            return respond(unknownKind(typeId));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return respond(naming(unknown, Problems.of(ApiProblem.UNKNOWN_FIELD, "unknown field '%s'; known fields: %s"
                    .formatted(pathOf(unknown), unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", "))))));
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getTargetType().isEnum()) {
            // also a number where an enum value belongs: Jackson would have taken it as an ordinal
            String given = cause instanceof InvalidFormatException format ? "'%s' is not valid".formatted(format.getValue())
                    : "only the value's name is accepted";
            return respond(naming(mismatch, Problems.of(ApiProblem.INVALID_VALUE, "%s: %s; one of %s".formatted(
                    describePath(mismatch), given, java.util.Arrays.stream(mismatch.getTargetType().getEnumConstants())
                            .map(Object::toString).collect(Collectors.joining(", "))))));
        }
        if (cause instanceof InvalidFormatException format) {
            return respond(naming(format, Problems.of(ApiProblem.INVALID_VALUE, "%s: '%s' is not valid"
                    .formatted(describePath(format), format.getValue()))));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                && mismatch.getTargetType() == Instant.class) {
            return respond(naming(mismatch, Problems.of(ApiProblem.INVALID_VALUE,
                    "%s: an instant is ISO-8601 text, such as \"2026-11-27T03:12:00Z\"".formatted(describePath(mismatch)))));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return respond(naming(mismatch, Problems.of(ApiProblem.INVALID_VALUE, "%s has the wrong type".formatted(describePath(mismatch)))));
        }
        return respond(Problems.of(ApiProblem.MALFORMED_REQUEST, "the request body is missing or is not well-formed JSON"));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException invalid) {
        List<Map<String, String>> errors = invalid.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage()))
                .toList();
        ProblemDetail problem = Problems.of(ApiProblem.VALIDATION_FAILED, errors.stream()
                .map(error -> error.get("field") + " " + error.get("message"))
                .sorted()
                .collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return respond(problem);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException invalid) {
        String detail = invalid.getAllErrors().stream()
                .map(error -> error.getDefaultMessage() == null ? "invalid parameter" : error.getDefaultMessage())
                .collect(Collectors.joining("; "));
        return respond(Problems.of(ApiProblem.VALIDATION_FAILED, detail));
    }

    /** Constraints on parameters of a {@code @Validated} controller are checked by a proxy, which throws this. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> invalidArguments(ConstraintViolationException invalid) {
        String detail = invalid.getConstraintViolations().stream()
                .map(violation -> lastNode(violation.getPropertyPath().toString()) + " " + violation.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(Problems.of(ApiProblem.VALIDATION_FAILED, detail));
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException mismatch) {
        LedgerRuleViolation violation = findCause(mismatch, LedgerRuleViolation.class);
        if (violation != null) {
            return ruleViolation(violation);
        }
        return respond(Problems.of(ApiProblem.INVALID_VALUE, "'%s' is not a valid %s".formatted(mismatch.getValue(),
                mismatch.getName())));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException missing) {
        return respond(Problems.of(ApiProblem.NOT_FOUND, "no such resource: /" + missing.getResourcePath()));
    }

    @ExceptionHandler({AccessDeniedException.class})
    ResponseEntity<ProblemDetail> denied(Exception denied) {
        return respond(Problems.of(ApiProblem.FORBIDDEN, "your roles do not allow this"));
    }

    @ExceptionHandler({AuthenticationCredentialsNotFoundException.class})
    ResponseEntity<ProblemDetail> unauthenticated(Exception unauthenticated) {
        return respond(Problems.of(ApiProblem.UNAUTHENTICATED, "a bearer token is required"));
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception failure) {
        log.warn("database unavailable: {}", failure.getMessage());
        return ResponseEntity.status(ApiProblem.SERVICE_UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS)
                .body(Problems.of(ApiProblem.SERVICE_UNAVAILABLE, "the ledger's database is unavailable; retry shortly"));
    }

    /**
     * A command or query that ran past its time limit (axon.timeout.transaction.command-bus / query-bus, a minute)
     * was interrupted. A command is rolled back before it is stored: nothing of it is in the log, and the same
     * command may be sent again.
     */
    private ResponseEntity<ProblemDetail> timedOut(AxonTimeoutException timeout) {
        log.warn("a request ran past its time limit and was stopped: {}", timeout.getMessage());
        return ResponseEntity.status(ApiProblem.TIMED_OUT.status())
                .header(HttpHeaders.RETRY_AFTER, TIMED_OUT_RETRY_AFTER_SECONDS)
                .body(Problems.of(ApiProblem.TIMED_OUT, "the ledger stopped this request at its time limit; a command is "
                        + "rolled back, so nothing of it was recorded; retry shortly"));
    }

    /** Spring MVC's own 4xx (method not allowed, unsupported media type, ...), with our code added. */
    private static ResponseEntity<ProblemDetail> springError(ErrorResponse error) {
        HttpStatusCode status = error.getStatusCode();
        ApiProblem problem = switch (status.value()) {
            case 404 -> ApiProblem.NOT_FOUND;
            case 405 -> ApiProblem.METHOD_NOT_ALLOWED;
            case 406 -> ApiProblem.NOT_ACCEPTABLE;
            case 413 -> ApiProblem.PAYLOAD_TOO_LARGE;
            case 415 -> ApiProblem.UNSUPPORTED_MEDIA_TYPE;
            default -> status.is4xxClientError() ? ApiProblem.MALFORMED_REQUEST : ApiProblem.INTERNAL_ERROR;
        };
        String detail = error.getBody().getDetail() == null ? problem.status().getReasonPhrase() : error.getBody().getDetail();
        ProblemDetail body = Problems.of(problem, detail);
        return ResponseEntity.status(problem.status()).headers(error.getHeaders()).body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        if (clientWentAway(failure)) {
            // The caller hung up (Alertmanager's webhook timeout, say) before the answer was written:
            // nothing failed here and there is no one to answer. The work done stays done; a retry is idempotent.
            log.info("the client went away before the answer was written: {}", failure.toString());
            return null;
        }
        if (failure instanceof ErrorResponse error) {
            return springError(error);
        }
        LedgerRuleViolation violation = findCause(failure, LedgerRuleViolation.class);
        if (violation != null) {
            return ruleViolation(violation);
        }
        if (findCause(failure, ConcurrencyException.class) != null) {
            return concurrentModification(findCause(failure, ConcurrencyException.class));
        }
        if (database.isOutage(failure)) {
            return databaseUnavailable(failure);
        }
        if (findCause(failure, AxonTimeoutException.class) != null) {
            return timedOut(findCause(failure, AxonTimeoutException.class));
        }
        String reference = RandomIds.uuid().toString();
        log.error("unexpected failure, reference {}", reference, failure);
        ProblemDetail problem = Problems.of(ApiProblem.INTERNAL_ERROR,
                "the ledger failed unexpectedly; quote reference " + reference + " to an administrator");
        problem.setProperty("reference", reference);
        return respond(problem);
    }

    static boolean clientWentAway(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof java.sql.SQLException || current instanceof org.springframework.dao.DataAccessException
                    || current instanceof org.springframework.transaction.TransactionException) {
                // a reset below here is the database's connection, not the client's: never answer it with silence
                return false;
            }
            if (current instanceof org.springframework.web.context.request.async.AsyncRequestNotUsableException
                    || current instanceof org.apache.catalina.connector.ClientAbortException) {
                return true;
            }
            if (current instanceof java.io.IOException io && io.getMessage() != null
                    && (io.getMessage().contains("Broken pipe") || io.getMessage().contains("Connection reset by peer"))) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static String describePath(JsonMappingException exception) {
        String path = pathOf(exception);
        return path.isEmpty() ? "value" : "field '" + path + "'";
    }

    /** The dotted path of the offending field ({@code trigger.kind}, {@code impact.FOO}), empty for the body itself. */
    private static String pathOf(JsonMappingException exception) {
        return exception.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /**
     * A body of several kinds (evidence, named by its {@code field}) whose kind is missing or unknown: names the
     * property that gives the kind and the kinds there are. Jackson's own message says only "missing type id".
     */
    private static ProblemDetail unknownKind(InvalidTypeIdException typeId) {
        Class<?> base = typeId.getBaseType() == null ? null : typeId.getBaseType().getRawClass();
        JsonTypeInfo info = base == null ? null : base.getAnnotation(JsonTypeInfo.class);
        JsonSubTypes kinds = base == null ? null : base.getAnnotation(JsonSubTypes.class);
        String path = pathOf(typeId);
        String property = info == null || info.property().isEmpty() ? null : (path.isEmpty() ? "" : path + ".") + info.property();
        String known = kinds == null ? "" : "; one of " + Arrays.stream(kinds.value()).map(JsonSubTypes.Type::name)
                .collect(Collectors.joining(", "));
        String what = property == null ? describePath(typeId) : "field '" + property + "'";
        ProblemDetail problem = Problems.of(ApiProblem.INVALID_VALUE, typeId.getTypeId() == null
                ? "%s is required%s".formatted(what, known)
                : "%s: '%s' is not a recognised value%s".formatted(what, typeId.getTypeId(), known));
        if (property != null) {
            problem.setProperty("field", property);
            return problem;
        }
        return naming(typeId, problem);
    }

    /** Names the field in a {@code field} property too, so a client need not parse the detail. */
    private static ProblemDetail naming(JsonMappingException exception, ProblemDetail problem) {
        String path = pathOf(exception);
        if (!path.isEmpty()) {
            problem.setProperty("field", path);
        }
        return problem;
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
