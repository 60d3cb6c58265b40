package org.binkindly.ledger.api.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Counts every webhook delivery the ledger refused, whatever refused it (the body-size bound,
 * authentication, roles, an unreadable body): {@code ledger_alert_intake_deliveries_total{result="rejected"}}
 * for a 4xx, which Alertmanager never retries, and {@code result="failed"} for a 5xx, which it does.
 * It runs before every other filter but the request id, so no refusal passes uncounted. The counters
 * exist from startup at zero, so Prometheus sees the first refusal as an increase.
 */
@Configuration(proxyBeanMethods = false)
class AlertIntakeRefusals {

    static final String WEBHOOK = "/alerts/alertmanager";
    static final String DELIVERIES = "ledger.alert.intake.deliveries";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> alertIntakeRefusalFilter(MeterRegistry meters) {
        Counter.builder(DELIVERIES).tag("result", "new").register(meters);
        Counter.builder(DELIVERIES).tag("result", "repeated").register(meters);
        Counter rejected = Counter.builder(DELIVERIES).tag("result", "rejected").register(meters);
        Counter failed = Counter.builder(DELIVERIES).tag("result", "failed").register(meters);
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !WEBHOOK.equals(request.getRequestURI());
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException | IOException | RuntimeException escaped) {
                    failed.increment();
                    throw escaped;
                }
                int status = response.getStatus();
                if (status >= 500) {
                    failed.increment();
                } else if (status >= 400) {
                    rejected.increment();
                }
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
