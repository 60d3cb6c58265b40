package org.binkindly.ledger.api.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The {@code Ledger-Position} header: a command's answer carries the log position of the last
 * event it wrote, and a read that sends it back waits only until its views have handled that
 * position, instead of every event committed anywhere before the read. So a client reads its own
 * writes without waiting behind everyone else's.
 */
public final class LedgerPosition {

    public static final String HEADER = "Ledger-Position";

    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

    private LedgerPosition() {
    }

    /**
     * The position the current HTTP read (GET) asks its views to wait for; empty outside a request,
     * for a command, or without the header; LEDGER_POSITION_INVALID unless it is a position as this ledger hands them out.
     */
    public static OptionalLong requested() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return OptionalLong.empty();
        }
        HttpServletRequest request = servlet.getRequest();
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            // a command's own checks (one open incident per class and scope) need every write so far
            return OptionalLong.empty();
        }
        String value = request.getHeader(HEADER);
        if (value == null) {
            return OptionalLong.empty();
        }
        String position = value.strip();
        if (!DIGITS.matcher(position).matches()) {
            throw new ApiException(ApiProblem.LEDGER_POSITION_INVALID,
                    HEADER + " must be a log position as a command's answer hands it back, e.g. 4711");
        }
        return OptionalLong.of(Long.parseLong(position));
    }
}
