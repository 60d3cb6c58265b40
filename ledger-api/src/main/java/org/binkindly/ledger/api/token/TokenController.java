package org.binkindly.ledger.api.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.binkindly.ledger.api.security.ApiTokenStore;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.security.TokenRegistry;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * API tokens, managed by an admin: create (the token is in this one answer and nowhere else),
 * list, revoke. Only hashes are stored.
 */
@RestController
@RequestMapping("/admin/tokens")
@Validated
@Tag(name = "Tokens", description = "Create, list and revoke API tokens (ADMIN)")
class TokenController {

    static final String TOKEN_ID = "tok-[0-9a-f]{12}";

    private final ApiTokenStore tokens;
    private final TokenRegistry registry;
    private final Clock clock;

    TokenController(ApiTokenStore tokens, TokenRegistry registry, Clock clock) {
        this.tokens = tokens;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * What an admin reads about a token, plus the token itself only in the answer to its creation.
     *
     * @param tokenId the token's id, assigned by the ledger; used to revoke it
     * @param name the token's name
     * @param roles the roles it grants
     * @param createdAt when it was created (UTC instant, ISO 8601)
     * @param createdBy who created it
     * @param expiresAt when it stops working (UTC instant, ISO 8601)
     * @param revokedAt when it was revoked (UTC instant, ISO 8601); absent unless revoked
     * @param revokedBy who revoked it; absent unless revoked
     * @param usable true while it is neither expired nor revoked
     * @param token the secret to send as a bearer token; only in the answer to its creation, never stored in the clear
     */
    record TokenView(String tokenId, String name, List<String> roles, String createdAt, String createdBy,
                     String expiresAt, String revokedAt, String revokedBy, boolean usable,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

        static TokenView of(ApiTokenStore.StoredToken stored, Clock clock, String token) {
            return new TokenView(stored.tokenId(), stored.name(), stored.roles().stream().map(Enum::name).sorted().toList(),
                    stored.createdAt().toString(), stored.createdBy(), stored.expiresAt().toString(),
                    stored.revokedAt() == null ? null : stored.revokedAt().toString(), stored.revokedBy(),
                    stored.usableAt(clock.instant()), token);
        }
    }

    @PostMapping
    @Answers(status = HttpStatus.CREATED,
            problems = {ApiProblem.IDEMPOTENT_RESPONSE_WITHHELD, ApiProblem.TOKEN_NAME_IN_USE},
            example = "{\"name\": \"alice\", \"roles\": [\"OPERATOR\"], \"validFor\": \"P30D\"}")
    @PreAuthorize(Roles.ADMINISTER)
    @Operation(summary = "Create a token with roles and an expiry; the answer is the only place the token appears")
    ResponseEntity<TokenView> create(@Valid @RequestBody TokenRequests.Create request, Authentication caller) {
        ApiTokenStore.IssuedToken issued;
        try {
            registry.requireNameFree(request.name());
            issued = tokens.create(request.name(), request.roles(),
                    TokenLifetimes.expiry(clock.instant(), request.expiresAt(), request.validFor()), caller.getName());
        } catch (ApiTokenStore.TokenNameInUse taken) {
            throw new ApiException(ApiProblem.TOKEN_NAME_IN_USE, taken.getMessage());
        }
        return ResponseEntity.created(URI.create("/admin/tokens/" + issued.stored().tokenId()))
                .cacheControl(CacheControl.noStore())
                .body(TokenView.of(issued.stored(), clock, issued.token()));
    }

    @GetMapping
    @PreAuthorize(Roles.ADMINISTER)
    @Operation(summary = "Every managed token, newest first: name, roles, expiry, revocation; never the token or its hash")
    List<TokenView> list() {
        return tokens.list().stream().map(stored -> TokenView.of(stored, clock, null)).toList();
    }

    @GetMapping("/{tokenId}")
    @PreAuthorize(Roles.ADMINISTER)
    @Operation(summary = "One managed token")
    TokenView get(@PathVariable @Pattern(regexp = TOKEN_ID, message = "is not a token id") String tokenId) {
        return tokens.find(tokenId).map(stored -> TokenView.of(stored, clock, null)).orElseThrow(() -> notFound(tokenId));
    }

    @PostMapping("/{tokenId}/revocation")
    @PreAuthorize(Roles.ADMINISTER)
    @Operation(summary = "Revoke a token; it stops working on every node at once. Revoking again changes nothing")
    TokenView revoke(@PathVariable @Pattern(regexp = TOKEN_ID, message = "is not a token id") String tokenId,
                     Authentication caller) {
        return tokens.revoke(tokenId, caller.getName()).map(stored -> TokenView.of(stored, clock, null))
                .orElseThrow(() -> notFound(tokenId));
    }

    private static ApiException notFound(String tokenId) {
        return new ApiException(ApiProblem.NOT_FOUND, "no token " + tokenId);
    }
}
