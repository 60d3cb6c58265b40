package org.binkindly.ledger.api.web;

import org.binkindly.ledger.core.shared.RuleCode;
import org.springframework.http.HttpStatus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an endpoint answers that its signature does not show, for the OpenAPI contract
 * ({@link ApiContract}). Everything the signature does show (a body, path variables, the role
 * rule, POST/PUT) is inferred there: name here only the endpoint's own success and refusals, so
 * the contract changes in the same place as the code that answers.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Answers {

    /** The success status: 200, or 201 for a creation (then with {@code Location}). */
    HttpStatus status() default HttpStatus.OK;

    /** The success body, when the declared return type does not say (e.g. {@code ResponseEntity<?>}). */
    Class<?> body() default Void.class;

    /**
     * A command answered through {@link WrittenAnswers#afterWrite}: {@code 202 ACCEPTED_VIEW_PENDING}
     * when its view has not caught up, and its version as {@code ETag}; commands honour {@code If-Match}.
     */
    boolean versioned() default false;

    /**
     * When set, the endpoint may also answer {@code 202 Accepted} with the same body (work stored and still
     * going on after the wait the caller allowed): this says when, for the contract.
     */
    String accepted() default "";

    /** The ledger rules this endpoint can refuse with. */
    RuleCode[] refusals() default {};

    /** Request problems beyond those inferred from the signature (e.g. {@code TIME_IN_FUTURE}). */
    ApiProblem[] problems() default {};

    /** A request body example, as JSON. */
    String example() default "";
}
