package org.binkindly.ledger.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import java.util.Optional;

/**
 * The operator console ({@code /console/**}) signs people in once and keeps them in a session: a
 * browser cannot send a bearer header on a link. The person pastes a ledger token (or, in JWT
 * mode, a JWT) into the sign-in form; the session then holds the authenticated principal with the
 * token's roles, never the token. Every form carries Spring Security's CSRF token. What each page
 * and action allows is the API's own {@code @PreAuthorize} rules, on the console's controller
 * methods. The API's chain stays stateless and bearer-only.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String SIGN_IN = "/console/sign-in";

    /** Before the API's chain, which matches every request. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, TokenRegistry tokens, JwtCallers jwts, ObjectMapper json)
            throws Exception {
        // a refused CSRF token (a forged or stale form) answers like any other refusal: a problem with a stable code
        AccessDeniedHandler denied = (request, response, refused) -> Problems.write(response, json, Problems.of(ApiProblem.FORBIDDEN,
                refused instanceof CsrfException
                        ? "the form's CSRF token is missing or does not match this session; reload the page and try again"
                        : "your roles do not allow this"));
        return http
                .securityMatcher("/console/**")
                .authenticationManager(new ProviderManager(new PastedToken(tokens, jwts)))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(form -> form
                        .loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        // the form has one field, the token; Spring's filter reads it as the password, never kept
                        .passwordParameter("token")
                        .usernameParameter("unused")
                        .defaultSuccessUrl("/console/board", true)
                        .failureUrl(SIGN_IN + "?refused")
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/console/sign-out")
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .deleteCookies("JSESSIONID"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/console/assets/**").permitAll()
                        // each page's and action's own @PreAuthorize decides the rest
                        .anyRequest().authenticated())
                .exceptionHandling(handling -> handling.accessDeniedHandler(denied))
                .build();
    }

    /**
     * A pasted token, checked as the API checks a bearer token; the authentication it answers holds
     * the holder's name, roles and source (for the actor stamped on commands), without the token.
     */
    static final class PastedToken implements AuthenticationProvider {

        private final TokenRegistry tokens;
        private final JwtCallers jwts;

        PastedToken(TokenRegistry tokens, JwtCallers jwts) {
            this.tokens = tokens;
            this.jwts = jwts;
        }

        @Override
        public Authentication authenticate(Authentication attempt) {
            String presented = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString().strip();
            if (presented.isEmpty()) {
                throw new BadCredentialsException("paste a ledger token");
            }
            Optional<TokenRegistry.Holder> holder;
            try {
                holder = jwts.handles(presented) ? jwts.authenticate(presented) : tokens.authenticate(presented);
            } catch (IdentityProviderUnavailable unreachable) {
                throw new BadCredentialsException("the identity provider cannot be reached to check this JWT", unreachable);
            }
            return BearerTokenFilter.authenticationOf(holder.orElseThrow(() -> new BadCredentialsException("the token is not valid")));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
