package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What request bodies may contain, beyond their own constraints. Text that PostgreSQL or a JSON
 * writer cannot hold (NUL and other control characters, half of a surrogate pair) and instants
 * outside 2000..2199 would pass validation, be recorded as an event, and then break the
 * projection that stores it, on every replay. They are refused at the door instead. Applies only
 * to reading HTTP requests: the event serializer keeps reading whatever the log holds.
 *
 * <p>Nor may a body change meaning silently: a number is not an enum value (Jackson would take it
 * as an ordinal, so {@code "severity": 0} became SEV1), nor an instant (Jackson would take it as
 * seconds since 1970, also in quotes), a number or a boolean is not text, and a field the body does not have, such as
 * a misspelled {@code detectdAt}, is refused rather than ignored. Payloads written by other systems
 * (Alertmanager's webhook) opt out of the unknown-field rule on their own type, where their format
 * says later versions may add fields.
 */
@Configuration(proxyBeanMethods = false)
class StrictRequestJson implements WebMvcConfigurer {

    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                ObjectMapper strict = strict(json.getObjectMapper().copy());
                json.setObjectMapper(strict);
            }
        }
    }

    static ObjectMapper strict(ObjectMapper mapper) {
        mapper.registerModule(module());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // enum values and enum map keys from integers or other non-text, whatever the feature flags say
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        // nor is a number or a boolean text: Jackson would store "action": 1 as the text "1"
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("strict-request-json");
        module.addDeserializer(String.class, new StrictString());
        module.addKeyDeserializer(String.class, new StrictKey());
        module.addDeserializer(Instant.class, new BoundedInstant());
        return module;
    }

    /** Null when the text can be stored and written as it is, else why not. */
    static String problemWith(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                return "contains the control character U+%04X".formatted((int) c);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains half of a surrogate pair";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains half of a surrogate pair";
            }
        }
        return null;
    }

    private static final class StrictString extends StdScalarDeserializer<String> {
        StrictString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            String problem = text == null ? null : problemWith(text);
            if (problem != null) {
                return (String) context.handleWeirdStringValue(String.class, text, problem);
            }
            return text;
        }
    }

    private static final class StrictKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            String problem = problemWith(key);
            if (problem != null) {
                return context.handleWeirdKey(String.class, key, problem);
            }
            return key;
        }
    }

    private static final class BoundedInstant extends StdScalarDeserializer<Instant> {
        BoundedInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            // Jackson's own would take 1733400000, "1733400000" and 1733400000.5 as seconds since 1970, an array
            // as the instant's fields, and "" as no instant (so "now"): instants the client may never have meant.
            // Every ISO-8601 date and time has its T.
            if (!parser.hasToken(JsonToken.VALUE_STRING) || !RequestInstants.looksLikeDateTime(parser.getText())) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            Instant instant = InstantDeserializer.INSTANT.deserialize(parser, context);
            if (instant != null && (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST))) {
                return (Instant) context.handleWeirdStringValue(Instant.class, instant.toString(),
                        "is outside the years 2000 to 2199");
            }
            return instant;
        }
    }
}
