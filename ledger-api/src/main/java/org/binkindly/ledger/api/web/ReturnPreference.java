package org.binkindly.ledger.api.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;

/**
 * The caller's {@code Prefer: return=minimal} (RFC 7240): a command's answer without the resource, for a
 * client that does not need it back (an incident of 10,000 actions is 1.6 MB of JSON per command).
 * Anything else, or no request at all, is the full answer.
 */
public final class ReturnPreference {

    /** Request header. */
    public static final String PREFER = "Prefer";
    /** Response header naming the preference that was honoured. */
    public static final String PREFERENCE_APPLIED = "Preference-Applied";
    /** The one preference honoured. */
    public static final String RETURN_MINIMAL = "return=minimal";

    private ReturnPreference() {
    }

    /** Whether the request this thread is answering asks for {@code return=minimal}. */
    public static boolean minimalRequested() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return asksForMinimal(request.getHeaders(PREFER));
        }
        return false;
    }

    /**
     * RFC 7240's grammar, as far as {@code return} goes: preferences are separated by commas (in one header or
     * several), a preference's parameters by semicolons; names are case-insensitive and a value may be quoted.
     * Of two {@code return} preferences the first counts.
     */
    static boolean asksForMinimal(Enumeration<String> headers) {
        if (headers == null) {
            return false;
        }
        for (String header : Collections.list(headers)) {
            for (String preference : header.split(",")) {
                String token = preference.split(";", 2)[0];
                int equals = token.indexOf('=');
                String name = (equals < 0 ? token : token.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
                if (!name.equals("return")) {
                    continue;
                }
                String value = equals < 0 ? "" : token.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.equalsIgnoreCase("minimal");
            }
        }
        return false;
    }
}
