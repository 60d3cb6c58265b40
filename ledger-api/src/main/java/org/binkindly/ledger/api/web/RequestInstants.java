package org.binkindly.ledger.api.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Instant;
import java.util.Locale;

/**
 * Instants in a request's path or query ({@code ?at=}, {@code ?from=}, {@code ?to=}) are ISO-8601 text,
 * as the API says. Spring's own formatter also takes a number, as milliseconds since 1970, and an
 * RFC 1123 date: {@code ?at=1733400000}, meant as seconds, silently asked about January 1970.
 * Request bodies follow the same rule in {@link StrictRequestJson} (stack.md pitfall 13).
 */
@Configuration(proxyBeanMethods = false)
class RequestInstants implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addFormatterForFieldType(Instant.class, new IsoInstantFormatter());
    }

    /**
     * Every ISO-8601 date and time has a T between its date and its time; a number (which Jackson and Spring would
     * take as seconds or milliseconds since 1970) and empty text have none.
     */
    static boolean looksLikeDateTime(String text) {
        return text.indexOf('T') > 0 || text.indexOf('t') > 0;
    }

    private static final class IsoInstantFormatter implements Formatter<Instant> {
        @Override
        public Instant parse(String text, Locale locale) {
            if (!looksLikeDateTime(text)) {
                throw new IllegalArgumentException("an instant is ISO-8601 text, such as 2026-11-27T03:12:00Z");
            }
            return Instant.parse(text);
        }

        @Override
        public String print(Instant instant, Locale locale) {
            return instant.toString();
        }
    }
}
