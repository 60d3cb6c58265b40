package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Instants written as JSON text the fast way, character for character what Jackson wrote before
 * ({@link Instant#toString()}, ISO-8601 in UTC with 0, 3, 6 or 9 fraction digits). Jackson's own
 * serializer goes through {@code DateTimeFormatter.ISO_INSTANT}, which took a fifth of the ledger's
 * CPU while it answered evidence on an incident of 10,000 events (a 1.9 MB answer) and 4% under
 * evidence commands on small ones (docs/performance.md). Spring Boot registers this module with the
 * one ObjectMapper behind the HTTP answers, the event serializer and the views' documents; being
 * registered after Jackson's JavaTimeModule, its serializer is the one found for {@code Instant}.
 * An instant with a {@code @JsonFormat} pattern, or written as a number, is left to Jackson's own code.
 */
@Configuration(proxyBeanMethods = false)
class InstantJson {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: between them ISO-8601 needs no sign before the year. */
    static final long FIRST_SECOND = -62_167_219_200L;
    static final long LAST_SECOND = 253_402_300_799L;

    @Bean
    Module instantJsonModule() {
        return new SimpleModule("ledger-instant-json").addSerializer(Instant.class, new IsoInstantSerializer());
    }

    /** The same text as {@link Instant#toString()}. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int nanos = instant.getNano();
        char[] text = new char[30];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int length = 19;
        if (nanos > 0) {
            text[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(text, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1_000 == 0) {
                digits(text, length, nanos / 1_000, 6);
                length += 6;
            } else {
                digits(text, length, nanos, 9);
                length += 9;
            }
        }
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    /** {@code value} in {@code width} decimal digits, zero-padded, from {@code at}. */
    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Jackson's {@link InstantSerializer} with its default text made by {@link #format}; every variant
     * Jackson derives for a property stays this class, so the fast text is used wherever no pattern is set.
     */
    static final class IsoInstantSerializer extends InstantSerializer {

        IsoInstantSerializer() {
            super(InstantSerializer.INSTANCE, (Boolean) null, (Boolean) null, (DateTimeFormatter) null);
        }

        private IsoInstantSerializer(IsoInstantSerializer base, Boolean useTimestamp, DateTimeFormatter formatter,
                                     JsonFormat.Shape shape) {
            super(base, useTimestamp, formatter, shape);
        }

        private IsoInstantSerializer(IsoInstantSerializer base, Boolean useTimestamp, Boolean useNanoseconds,
                                     DateTimeFormatter formatter) {
            super(base, useTimestamp, useNanoseconds, formatter);
        }

        @Override
        protected InstantSerializer withFormat(Boolean useTimestamp, DateTimeFormatter formatter, JsonFormat.Shape shape) {
            return new IsoInstantSerializer(this, useTimestamp, formatter, shape);
        }

        @Override
        protected InstantSerializer withFeatures(Boolean writeZoneId, Boolean writeNanoseconds) {
            return new IsoInstantSerializer(this, _useTimestamp, writeNanoseconds, _formatter);
        }

        @Override
        protected String formatValue(Instant value, SerializerProvider provider) {
            return _formatter == null ? format(value) : super.formatValue(value, provider);
        }
    }
}
