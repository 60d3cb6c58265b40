package org.binkindly.ledger.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.DatabaseOutage;
import org.binkindly.ledger.api.web.DatabaseProbe;
import org.binkindly.ledger.api.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@code Authorization: Bearer <token>} → the token's holder (or the JWT's subject, in JWT mode) as the authenticated principal. */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final TokenRegistry tokens;
    private final JwtCallers jwts;
    private final AuthenticationEntryPoint entryPoint;
    private final ObjectMapper json;

    private final DatabaseProbe database;

    BearerTokenFilter(TokenRegistry tokens, JwtCallers jwts, AuthenticationEntryPoint entryPoint, ObjectMapper json,
                      DatabaseProbe database) {
        this.database = database;
        this.tokens = tokens;
        this.jwts = jwts;
        this.entryPoint = entryPoint;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            entryPoint.commence(request, response, new BadCredentialsException("only bearer tokens are accepted"));
            return;
        }
        Optional<TokenRegistry.Holder> holder;
        try {
            String presented = header.substring(PREFIX.length()).strip();
            holder = jwts.handles(presented) ? jwts.authenticate(presented) : tokens.authenticate(presented);
        } catch (IdentityProviderUnavailable unreachable) {
            response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS);
            Problems.write(response, json, Problems.of(ApiProblem.IDENTITY_PROVIDER_UNAVAILABLE,
                    "the identity provider that issued this JWT cannot be reached to check it; retry shortly (ledger tokens still work)"));
            return;
        } catch (RuntimeException failure) {
            if (database.isOutage(failure)) {
                DatabaseOutage.answer(response, json);
                return;
            }
            throw failure;
        }
        if (holder.isEmpty()) {
            entryPoint.commence(request, response, new BadCredentialsException("the bearer token is not valid"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authenticationOf(holder.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** The holder as the authenticated principal: name, roles, sign-off areas and source; no credentials kept. */
    static UsernamePasswordAuthenticationToken authenticationOf(TokenRegistry.Holder holder) {
        List<SimpleGrantedAuthority> authorities = new java.util.ArrayList<>(holder.roles().stream()
                .map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList());
        if (holder.signOffAreas() != null) {
            authorities.add(new SimpleGrantedAuthority(SignOffAreas.RESTRICTED));
            holder.signOffAreas().forEach(area -> authorities.add(new SimpleGrantedAuthority(SignOffAreas.authority(area))));
        }
        UsernamePasswordAuthenticationToken caller = UsernamePasswordAuthenticationToken.authenticated(holder.name(), null, authorities);
        caller.setDetails(new ActorMetadataInterceptor.ActorSource(holder.source()));
        return caller;
    }
}
