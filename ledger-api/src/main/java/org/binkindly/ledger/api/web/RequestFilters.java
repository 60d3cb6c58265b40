package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.binkindly.ledger.api.config.AlertProperties;
import org.binkindly.ledger.api.config.LedgerProperties;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.RandomIds;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Pattern;

/** Filters that run before security: a request id for correlation, and a bound on body size. */
@Configuration(proxyBeanMethods = false)
public class RequestFilters {

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String ALERTMANAGER_WEBHOOK = "/alerts/alertmanager";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestIdFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String presented = request.getHeader(REQUEST_ID_HEADER);
                String requestId = presented != null && REQUEST_ID.matcher(presented).matches()
                        ? presented : RandomIds.uuid().toString();
                response.setHeader(REQUEST_ID_HEADER, requestId);
                MDC.put(MetadataKeys.REQUEST_ID, requestId);
                try {
                    chain.doFilter(request, response);
                } finally {
                    MDC.remove(MetadataKeys.REQUEST_ID);
                }
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodySizeFilter(LedgerProperties properties, AlertProperties alerts,
                                                                ObjectMapper json) {
        long defaultLimit = properties.maxRequestBytes();
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // A refused webhook delivery would be lost (Alertmanager does not retry a 4xx), so its bound is its own.
                long limit = ALERTMANAGER_WEBHOOK.equals(request.getRequestURI()) ? alerts.maxDeliveryBytes() : defaultLimit;
                if (request.getContentLengthLong() > limit) {
                    Problems.write(response, json, Problems.of(ApiProblem.PAYLOAD_TOO_LARGE,
                            "request bodies are limited to %d bytes".formatted(limit)));
                    return;
                }
                chain.doFilter(new BoundedBodyRequest(request, limit), response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2); // after the webhook refusal count (AlertIntakeRefusals)
        return registration;
    }

    /** Raised when a body without a declared length turns out to be too large. */
    public static class PayloadTooLargeException extends IOException {
        PayloadTooLargeException(long limit) {
            super("request bodies are limited to %d bytes".formatted(limit));
        }
    }

    /** Counts bytes as they are read, so a chunked body cannot slip past the limit. */
    private static final class BoundedBodyRequest extends HttpServletRequestWrapper {
        private final long limit;

        BoundedBodyRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream delegate = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = delegate.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = delegate.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > limit) {
                        throw new PayloadTooLargeException(limit);
                    }
                }

                @Override
                public boolean isFinished() {
                    return delegate.isFinished();
                }

                @Override
                public boolean isReady() {
                    return delegate.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    delegate.setReadListener(listener);
                }
            };
        }
    }
}
