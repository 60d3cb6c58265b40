package org.binkindly.ledger.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.DatabaseOutage;
import org.binkindly.ledger.api.web.DatabaseProbe;
import org.binkindly.ledger.api.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * The operator console ({@code /console/**}) signs people in once and keeps them in a session: a
 * browser cannot send a bearer header on a link. The person pastes a ledger token (or, in JWT
 * mode, a JWT) into the sign-in form, or, in JWT mode with {@code ledger.console.oidc.client-id}
 * set, signs in at the identity provider (authorization code with PKCE), whose tokens are then
 * checked and mapped by JWT mode's own {@link JwtCallers}. Either way the session holds the same
 * authenticated principal the API would see for that token, never the token (after a provider
 * sign-in, only the ID token, to end the provider's session at sign-out: {@link ProviderSignOut}). A session from a
 * managed token ends at its next request once the token is revoked or expired. Every form carries
 * Spring Security's CSRF token. What each page and action allows is the API's own
 * {@code @PreAuthorize} rules, on the console's controller methods. The API's chain stays
 * stateless and bearer-only.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

    static final String SIGN_IN = "/console/sign-in";
    static final String BOARD = "/console/board";
    static final String SIGNED_OUT = SIGN_IN + "?signed-out";

    /** Before the API's chain, which matches every request. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, TokenRegistry tokens, JwtCallers jwts, ApiTokenStore storedTokens,
                                                   ConsoleSingleSignOn singleSignOn, DatabaseProbe database, ObjectMapper json)
            throws Exception {
        // a refused CSRF token (a forged or stale form) answers like any other refusal: a problem with a stable code
        AccessDeniedHandler denied = (request, response, refused) -> Problems.write(response, json, Problems.of(ApiProblem.FORBIDDEN,
                refused instanceof CsrfException
                        ? "the form's CSRF token is missing or does not match this session; reload the page and try again"
                        : "your roles do not allow this"));
        SecurityContextRepository sessions = new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
        http
                .securityMatcher("/console/**")
                .securityContext(context -> context.securityContextRepository(sessions))
                // a provider, not the whole manager: oauth2Login adds its own for the provider's answer
                .authenticationProvider(new PastedToken(tokens, jwts))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(form -> form
                        .loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        // the form has one field, the token; Spring's filter reads it as the password, never kept
                        .passwordParameter("token")
                        .usernameParameter("unused")
                        .defaultSuccessUrl(BOARD, true)
                        .failureUrl(SIGN_IN + "?refused")
                        .permitAll())
                .logout(logout -> {
                    logout.logoutUrl("/console/sign-out").deleteCookies("JSESSIONID");
                    if (singleSignOn.isEnabled()) {
                        ProviderSignOut signOut = new ProviderSignOut(singleSignOn.repository());
                        logout.addLogoutHandler(signOut).logoutSuccessHandler(signOut);
                    } else {
                        logout.logoutSuccessUrl(SIGNED_OUT);
                    }
                })
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                        // the sign-out form's answer may send the browser on to the provider's end-session endpoint
                                        + "form-action 'self'" + (singleSignOn.isEnabled() ? " " + singleSignOn.providerOrigin() : "")
                                        + "; frame-ancestors 'none'; base-uri 'none'")))
                .addFilterBefore(new ManagedTokenSessions(storedTokens, database, json), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/console/assets/**").permitAll()
                        // the sign-in page with any of its notices (?refused, ?token-ended, ?provider-refused, ...)
                        .requestMatchers(HttpMethod.GET, SIGN_IN).permitAll()
                        .requestMatchers(ConsoleSingleSignOn.AUTHORIZATION_BASE + "/**", ConsoleSingleSignOn.CALLBACK).permitAll()
                        // each page's and action's own @PreAuthorize decides the rest
                        .anyRequest().authenticated())
                .exceptionHandling(handling -> handling.accessDeniedHandler(denied));
        if (singleSignOn.isEnabled()) {
            ClientRegistrationRepository registrations = singleSignOn.repository();
            http
                    .addFilterBefore(new ProviderReachable(singleSignOn), OAuth2AuthorizationRequestRedirectFilter.class)
                    .oauth2Login(login -> login
                            .loginPage(SIGN_IN)
                            .clientRegistrationRepository(registrations)
                            // the session keeps who signed in, not the provider's tokens
                            .authorizedClientRepository(new NothingKept())
                            .authorizationEndpoint(endpoint -> endpoint.baseUri(ConsoleSingleSignOn.AUTHORIZATION_BASE))
                            .loginProcessingUrl(ConsoleSingleSignOn.CALLBACK)
                            .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                                @Override
                                public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                                    filter.setAuthenticationResultConverter(new ProviderSignIn(jwts));
                                    return filter;
                                }
                            })
                            .successHandler(new AsLedgerCaller(sessions))
                            .failureHandler((request, response, refused) -> {
                                // why, for the operator who runs the ledger; the person sees the sign-in page's notice
                                log.warn("A sign-in through the identity provider was refused: {}", refused.getMessage());
                                response.sendRedirect(request.getContextPath() + SIGN_IN + "?provider-refused");
                            }));
        }
        return http.build();
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

    /**
     * The provider's answer as a ledger caller, exactly as the API would take its tokens as bearer
     * tokens: the access token if JWT mode accepts it (it names the ledger's audience), else the ID
     * token (whose audience is the ledger's client id). No accepted token, or no ledger role: refused.
     */
    static final class ProviderSignIn implements Converter<OAuth2LoginAuthenticationToken, OAuth2AuthenticationToken> {

        private final JwtCallers jwts;

        ProviderSignIn(JwtCallers jwts) {
            this.jwts = jwts;
        }

        @Override
        public OAuth2AuthenticationToken convert(OAuth2LoginAuthenticationToken answer) {
            Optional<TokenRegistry.Holder> caller = callerOf(answer.getAccessToken().getTokenValue());
            if (caller.isEmpty() && answer.getPrincipal() instanceof OidcUser person) {
                caller = callerOf(person.getIdToken().getTokenValue());
            }
            TokenRegistry.Holder holder = caller.orElseThrow(() -> refused(
                    "neither the provider's access token nor its ID token passes the ledger's JWT checks (issuer, audience, expiry, principal)"));
            if (holder.roles().isEmpty()) {
                throw refused("the provider's token names no role the ledger knows (ledger.security.jwt.roles-claim / role-mapping)");
            }
            return new SignedInAtProvider(answer, holder);
        }

        private Optional<TokenRegistry.Holder> callerOf(String token) {
            if (token == null || !jwts.handles(token)) {
                return Optional.empty();
            }
            try {
                return jwts.authenticate(token);
            } catch (IdentityProviderUnavailable unreachable) {
                throw new OAuth2AuthenticationException(new OAuth2Error("temporarily_unavailable"), unreachable.getMessage(), unreachable);
            }
        }

        private static OAuth2AuthenticationException refused(String why) {
            return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, why, null), why);
        }
    }

    /** Between the provider's answer and the session: who it is for the ledger. */
    static final class SignedInAtProvider extends OAuth2AuthenticationToken {

        private final transient TokenRegistry.Holder caller;

        SignedInAtProvider(OAuth2LoginAuthenticationToken answer, TokenRegistry.Holder caller) {
            super(answer.getPrincipal(), BearerTokenFilter.authenticationOf(caller).getAuthorities(),
                    answer.getClientRegistration().getRegistrationId());
            this.caller = caller;
        }
    }

    /**
     * The session keeps the same principal as a pasted token's (name, roles, actor source), in place
     * of Spring's OIDC user, which holds the ID token.
     */
    static final class AsLedgerCaller implements AuthenticationSuccessHandler {

        private final SecurityContextRepository sessions;

        AsLedgerCaller(SecurityContextRepository sessions) {
            this.sessions = sessions;
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                throws IOException {
            if (authentication.getPrincipal() instanceof OidcUser person) {
                ProviderSignOut.remember(request, person.getIdToken());
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(BearerTokenFilter.authenticationOf(((SignedInAtProvider) authentication).caller));
            SecurityContextHolder.setContext(context);
            sessions.saveContext(context, request, response);
            response.sendRedirect(request.getContextPath() + BOARD);
        }
    }

    /**
     * Signing out after a sign-in at the provider ends the provider's session too (OIDC RP-initiated
     * logout), when its discovery document advertises an {@code end_session_endpoint}: the browser is
     * sent there with the ID token as {@code id_token_hint} (which the provider requires to know whose
     * session it ends) and comes back to the sign-in page. That is the only use of the ID token the
     * session keeps. Otherwise, and after a pasted token, only the ledger's session ends.
     */
    static final class ProviderSignOut implements LogoutHandler, LogoutSuccessHandler {

        private static final String ID_TOKEN = ProviderSignOut.class.getName() + ".ID_TOKEN";

        private final OidcClientInitiatedLogoutSuccessHandler atProvider;
        private final SimpleUrlLogoutSuccessHandler here = new SimpleUrlLogoutSuccessHandler();

        ProviderSignOut(ClientRegistrationRepository registrations) {
            atProvider = new OidcClientInitiatedLogoutSuccessHandler(registrations);
            atProvider.setPostLogoutRedirectUri("{baseUrl}" + SIGNED_OUT);
            // no end_session_endpoint advertised (or the provider unreadable now): the ledger's session alone
            atProvider.setDefaultTargetUrl(SIGNED_OUT);
            here.setDefaultTargetUrl(SIGNED_OUT);
        }

        static void remember(HttpServletRequest request, OidcIdToken idToken) {
            request.getSession().setAttribute(ID_TOKEN, idToken);
        }

        /** Before the session is invalidated: the ID token moves from the session to this request. */
        @Override
        public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
            HttpSession session = request.getSession(false);
            if (session != null && session.getAttribute(ID_TOKEN) instanceof OidcIdToken idToken) {
                request.setAttribute(ID_TOKEN, idToken);
            }
        }

        @Override
        public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                throws IOException, ServletException {
            if (authentication != null && request.getAttribute(ID_TOKEN) instanceof OidcIdToken idToken) {
                OidcUser person = new DefaultOidcUser(authentication.getAuthorities(), idToken);
                atProvider.onLogoutSuccess(request, response, new OAuth2AuthenticationToken(person, authentication.getAuthorities(),
                        ConsoleSingleSignOn.REGISTRATION_ID));
            } else {
                here.onLogoutSuccess(request, response, authentication);
            }
        }
    }

    /** The provider's tokens are used once, at sign-in, and not kept. */
    static final class NothingKept implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                                                                         HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal, HttpServletRequest request,
                                         HttpServletResponse response) {
            // nothing: see the class comment
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                                           HttpServletResponse response) {
            // nothing was kept
        }
    }

    /** The button while the provider's discovery document cannot be read: back to the sign-in page, saying so, never a 500. */
    static final class ProviderReachable extends OncePerRequestFilter {

        private final ConsoleSingleSignOn singleSignOn;

        ProviderReachable(ConsoleSingleSignOn singleSignOn) {
            this.singleSignOn = singleSignOn;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !ConsoleSingleSignOn.START.equals(request.getServletPath());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                singleSignOn.registration();
            } catch (IdentityProviderUnavailable unreachable) {
                response.sendRedirect(request.getContextPath() + SIGN_IN + "?provider-unavailable");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * A session from a managed token lasts only as long as the token: each request checks it (one
     * primary-key lookup), and a revoked or expired token ends the session there.
     */
    static final class ManagedTokenSessions extends OncePerRequestFilter {

        private static final String MANAGED = "token:";

        private final ApiTokenStore storedTokens;
        private final DatabaseProbe database;
        private final ObjectMapper json;

        ManagedTokenSessions(ApiTokenStore storedTokens, DatabaseProbe database, ObjectMapper json) {
            this.storedTokens = storedTokens;
            this.database = database;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            if (caller != null && caller.getDetails() instanceof ActorMetadataInterceptor.ActorSource source
                    && source.value() != null && source.value().startsWith(MANAGED)) {
                boolean usable;
                try {
                    usable = storedTokens.usable(source.value().substring(MANAGED.length()));
                } catch (RuntimeException failure) {
                    if (database.isOutage(failure)) {
                        DatabaseOutage.answer(response, json);
                        return;
                    }
                    throw failure;
                }
                if (!usable) {
                    SecurityContextHolder.clearContext();
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    response.sendRedirect(request.getContextPath() + SIGN_IN + "?token-ended");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
