package org.binkindly.ledger.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.DatabaseProbe;
import org.binkindly.ledger.api.web.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every endpoint but health needs a bearer token; what each role may do is declared with
 * {@code @PreAuthorize} on the controller methods themselves, next to the endpoint, and enforced
 * both at the door ({@link EndpointRules}) and around the method.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * With an observation registry present (Actuator's), Spring Security by default observes each of
     * its filters before and after the request, and every authentication and authorization: a dozen
     * observations and long-task timers per request that nothing here reads (no tracing), 3-4% of a
     * declaration's CPU (docs/performance.md). Each request keeps its own observation,
     * {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    EndpointRules endpointRules(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings,
                                @Qualifier("mvcConversionService") ObjectProvider<ConversionService> conversions,
                                RoleHierarchy roleHierarchy) {
        return new EndpointRules(mappings, conversions, roleHierarchy);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, TokenRegistry tokens, JwtCallers jwts, ObjectMapper json,
                                            DatabaseProbe database,
                                            EndpointRules endpointRules) throws Exception {
        AuthenticationEntryPoint entryPoint = (request, response, failure) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            Problems.write(response, json, Problems.of(ApiProblem.UNAUTHENTICATED,
                    failure.getMessage() == null || failure.getMessage().startsWith("Full authentication")
                            ? "a bearer token is required" : failure.getMessage()));
        };
        AccessDeniedHandler deniedHandler = (request, response, denied) -> Problems.write(response, json,
                Problems.of(ApiProblem.FORBIDDEN, "your roles do not allow this"));
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(tokens, jwts, entryPoint, json, database), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        // Prometheus scrapes with its own token; the numbers are operational, so auditors may read them too
                        .requestMatchers("/actuator/prometheus").hasAnyRole(Role.METRICS.name(), Role.AUDITOR.name(), Role.ADMIN.name())
                        // the embedded default's stand-in resolver is public, like the real one it imitates
                        .requestMatchers(HttpMethod.GET, "/sample/**").permitAll()
                        // the API's description and its browser view, so a person can read it and enter a token there
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**")
                        .permitAll()
                        // each endpoint's own @PreAuthorize, applied before its body is read
                        .anyRequest().access(endpointRules))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
                .build();
    }

    /** A request the firewall refuses (an encoded semicolon, a backslash, ...) is a problem detail like any other refusal. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, rejected) -> Problems.write(response, json, Problems.of(ApiProblem.MALFORMED_REQUEST,
                "the request's address is not accepted: " + rejected.getMessage()));
    }

    /** ADMIN holds every other role. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        String hierarchy = Arrays.stream(Role.values())
                .filter(role -> role != Role.ADMIN)
                .map(role -> "ROLE_ADMIN > " + role.authority())
                .collect(Collectors.joining("\n"));
        return RoleHierarchyImpl.fromHierarchy(hierarchy);
    }
}
