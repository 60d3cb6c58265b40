package org.binkindly.ledger.api.consistency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.DatabaseOutage;
import org.binkindly.ledger.api.web.DatabaseProbe;
import org.binkindly.ledger.api.web.LedgerPosition;
import org.binkindly.ledger.api.web.Problems;
import org.binkindly.ledger.api.web.RequestFilters;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on every command endpoint. The first request with a key runs and its
 * successful answer is kept; a retry with the same key and the same request gets that answer again
 * and changes nothing; the same key with a different request is refused. Keys are per caller and
 * live in PostgreSQL, so they hold across nodes and restarts. Runs after authentication: a caller
 * the ledger refuses never reserves a key.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Request attribute holding the key, for the command dispatch interceptor. */
    static final String KEY_ATTRIBUTE = IdempotencyFilter.class.getName() + ".key";

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION, HttpHeaders.ETAG,
            HttpHeaders.CACHE_CONTROL, LedgerPosition.HEADER);

    private final IdempotencyKeys keys;
    private final ObjectMapper json;
    private final Clock clock;

    private final DatabaseProbe database;

    IdempotencyFilter(IdempotencyKeys keys, ObjectMapper json, Clock clock, DatabaseProbe database) {
        this.database = database;
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !COMMAND_METHODS.contains(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (!KEY.matcher(key).matches()) {
            Problems.write(response, json, Problems.of(ApiProblem.IDEMPOTENCY_KEY_INVALID,
                    "an Idempotency-Key is 1 to 255 visible ASCII characters"));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestFilters.PayloadTooLargeException tooLarge) {
            Problems.write(response, json, Problems.of(ApiProblem.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
            return;
        }
        String principal = caller.getName();
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String fingerprint = fingerprint(request.getMethod(), path, request.getHeader(HttpHeaders.IF_MATCH), body);
        try {
            if (!keys.reserve(principal, key, fingerprint, request.getMethod(), path)) {
                Optional<IdempotencyKeys.Entry> existing = keys.find(principal, key);
                if (existing.isPresent() && !answerFromEarlierAttempt(existing.get(), principal, key, fingerprint, response)) {
                    return;
                }
            }
        } catch (RuntimeException failure) {
            if (database.isOutage(failure)) {
                DatabaseOutage.answer(response, json);
                return;
            }
            throw failure;
        }
        request.setAttribute(KEY_ATTRIBUTE, key);
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean succeeded = false;
        try {
            chain.doFilter(new ReplayableBody(request, body), recorded);
            succeeded = recorded.getStatus() >= 200 && recorded.getStatus() < 300;
        } finally {
            try {
                if (succeeded) {
                    boolean secret = String.valueOf(recorded.getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
                    keys.complete(principal, key, recorded.getStatus(), headersOf(recorded),
                            secret ? null : recorded.getContentAsByteArray());
                } else {
                    keys.release(principal, key);
                }
            } catch (RuntimeException notKept) {
                // The answer still goes out; a retry then finds the key applied (or free) and answers afresh.
                logger.warn("could not record the outcome of Idempotency-Key for " + path + ": " + notKept.getMessage());
            }
            recorded.copyBodyToResponse();
        }
    }

    /** Answers from the key's earlier use; returns true if this request should run after all (taking the key over). */
    private boolean answerFromEarlierAttempt(IdempotencyKeys.Entry entry, String principal, String key, String fingerprint,
                                             HttpServletResponse response) throws IOException {
        if (!entry.fingerprint().equals(fingerprint)) {
            Problems.write(response, json, Problems.of(ApiProblem.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for a different request; use a new key for a new request"));
            return false;
        }
        if (entry.state() == IdempotencyKeys.State.COMPLETED) {
            replay(entry, response);
            return false;
        }
        if (entry.leaseUntil().isAfter(clock.instant()) || !keys.takeOver(principal, key, entry.leaseUntil())) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            Problems.write(response, json, Problems.of(ApiProblem.IDEMPOTENCY_KEY_IN_USE,
                    "a request with this Idempotency-Key is still being handled; retry in a moment"));
            return false;
        }
        return true;
    }

    private void replay(IdempotencyKeys.Entry entry, HttpServletResponse response) throws IOException {
        if (entry.body() == null) {
            Problems.write(response, json, Problems.of(ApiProblem.IDEMPOTENT_RESPONSE_WITHHELD,
                    "the request with this Idempotency-Key succeeded; its answer held a secret, which is shown only once"));
            return;
        }
        response.setStatus(entry.status());
        Map<String, String> headers = json.readValue(entry.headers(), new TypeReference<LinkedHashMap<String, String>>() { });
        headers.forEach(response::setHeader);
        response.setHeader(REPLAYED_HEADER, "true");
        response.getOutputStream().write(entry.body());
    }

    private String headersOf(HttpServletResponse response) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            if (response.getHeader(name) != null) {
                headers.put(name, response.getHeader(name));
            }
        }
        return json.writeValueAsString(headers);
    }

    private static String fingerprint(String method, String path, String ifMatch, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n" + (ifMatch == null ? "" : ifMatch) + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body, read once to fingerprint it, offered again to the controller. */
    private static final class ReplayableBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayableBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
