package org.binkindly.ledger.api.support;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Malformed, oversized, wrongly typed and hostile request bodies, written as JSON text. Bodies are
 * shaped after the endpoint's own request type (its field names, enum values, subtypes), so they
 * reach far into validation, with hostile values in every slot; some are not JSON at all.
 */
public final class HostileJson {

    private static final List<String> HOSTILE_TEXT = List.of(
            "'; drop table domain_event_entry; --", "' or '1'='1", "\" or \"\"=\"", "1; select pg_sleep(10)",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}",
            "../../etc/passwd", "%00", "\\u0000", "null", "true", "[]", "{}", "-1", "1e400",
            "\u0000", "abc\u0000def", "\u0007bell", "\u001b[31mred", "\u007f", "\ud800", "x\udc00y", "\u202eevil\u202c",
            "\ufeffbom", "\uffff", "e\u0301\u0301\u0301", "😀🔥🧯", "𝕳𝖊𝖑𝖑𝖔", "مرحبا", "日本語のテキスト", "\t\n\r",
            "   ", "", "locality/se-stockholm", "locality/../../x", "LOCALITY/SE", "inc-000000000000", "ks-ffffffffffff",
            "2026-11-27T03:12:00Z", "+999999999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
            "P99999999D", "-P1D", "P1D");

    private HostileJson() {
    }

    /** A body for an endpoint whose request type is {@code type} (null: none expected). */
    public static Arbitrary<String> bodyFor(Class<?> type) {
        Arbitrary<String> shaped = type == null ? value(3) : shaped(type, 3);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, shaped),
                net.jqwik.api.Tuple.of(2, value(4)),
                net.jqwik.api.Tuple.of(1, notJson()),
                net.jqwik.api.Tuple.of(1, deep()),
                net.jqwik.api.Tuple.of(1, oversized()));
    }

    /** A value put into a path segment or query parameter. */
    public static Arbitrary<String> parameter() {
        return Arbitraries.oneOf(Arbitraries.of(HOSTILE_TEXT),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(300),
                letters(200, 2000));
    }

    private static Arbitrary<String> shaped(Class<?> type, int depth) {
        if (type.isSealed() && type.isAnnotationPresent(JsonSubTypes.class)) {
            String property = type.getAnnotation(JsonTypeInfo.class).property();
            return Arbitraries.of(type.getAnnotation(JsonSubTypes.class).value()).flatMap(subtype ->
                    object(subtype.value(), depth).map(body -> body.equals("{}")
                            ? "{\"%s\":%s}".formatted(property, quote(subtype.name()))
                            : "{\"%s\":%s,%s".formatted(property, quote(subtype.name()), body.substring(1))));
        }
        if (type.isRecord()) {
            return object(type, depth);
        }
        return value(depth);
    }

    private static Arbitrary<String> object(Class<?> type, int depth) {
        if (!type.isRecord()) {
            return value(depth);
        }
        List<Arbitrary<String>> fields = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Arbitrary<String> field = slot(component.getType(), component.getGenericType(), depth)
                    .map(value -> quote(component.getName()) + ":" + value);
            // a field may be missing altogether
            fields.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, field), net.jqwik.api.Tuple.of(1, Arbitraries.just(""))));
        }
        fields.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("\"actor\":\"mallory\"", "\"__proto__\":{\"admin\":true}", "\"\\u0000\":1"))));
        return Arbitraries.of(0).flatMap(ignored -> combine(fields));
    }

    private static Arbitrary<String> combine(List<Arbitrary<String>> fields) {
        Arbitrary<List<String>> all = Arbitraries.just(new ArrayList<>());
        for (Arbitrary<String> field : fields) {
            all = all.flatMap(list -> field.map(value -> {
                List<String> next = new ArrayList<>(list);
                next.add(value);
                return next;
            }));
        }
        return all.map(list -> list.stream().filter(field -> !field.isEmpty()).collect(Collectors.joining(",", "{", "}")));
    }

    private static Arbitrary<String> slot(Class<?> type, Type generic, int depth) {
        Arbitrary<String> wrong = value(Math.max(0, depth - 1));
        Arbitrary<String> right;
        if (type.isEnum()) {
            right = Arbitraries.of(type.getEnumConstants()).map(constant -> quote(((Enum<?>) constant).name()));
        } else if (type == Instant.class) {
            right = Arbitraries.of("2026-11-27T03:12:00Z", "2001-01-01T00:00:00Z", "2199-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
                    "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2026-13-45T99:99:99Z")
                    .map(HostileJson::quote);
        } else if (type == Duration.class) {
            right = Arbitraries.of("P1D", "PT1S", "-P1D", "P0D", "P99999999999D", "PT-1S").map(HostileJson::quote);
        } else if (type == boolean.class || type == Boolean.class) {
            right = Arbitraries.of("true", "false");
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            right = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                    Arbitraries.of("0", "-1", "999", "1000", "2147483648", "9223372036854775808", "1e400", "-0.5", "NaN"));
        } else if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
            Class<?> element = typeArgument(generic, 0);
            right = slot(element, element, Math.max(0, depth - 1)).list().ofMaxSize(depth > 1 ? 5 : 2)
                    .map(items -> "[" + String.join(",", items) + "]");
        } else if (Map.class.isAssignableFrom(type)) {
            Class<?> key = typeArgument(generic, 0);
            Class<?> value = typeArgument(generic, 1);
            Arbitrary<String> keys = key.isEnum()
                    ? Arbitraries.of(key.getEnumConstants()).map(constant -> ((Enum<?>) constant).name())
                    : Arbitraries.of(HOSTILE_TEXT);
            right = net.jqwik.api.Combinators.combine(keys, slot(value, value, Math.max(0, depth - 1)))
                    .as((k, v) -> quote(k) + ":" + v).list().ofMaxSize(4)
                    .map(entries -> "{" + String.join(",", entries) + "}");
        } else if (type.isRecord() || type.isSealed()) {
            right = depth == 0 ? Arbitraries.just("{}") : shaped(type, depth - 1);
        } else {
            right = text();
        }
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, right), net.jqwik.api.Tuple.of(1, wrong));
    }

    private static Arbitrary<String> value(int depth) {
        List<Arbitrary<String>> choices = new ArrayList<>(List.of(text(), Arbitraries.of("null", "true", "false", "0", "-1",
                "1e400", "123456789012345678901234567890", "-0.0", "[]", "{}")));
        if (depth > 0) {
            choices.add(value(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"));
            choices.add(net.jqwik.api.Combinators.combine(text(), value(depth - 1)).as((k, v) -> k + ":" + v)
                    .list().ofMaxSize(4).map(entries -> "{" + String.join(",", entries) + "}"));
        }
        return Arbitraries.oneOf(choices);
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.of(HOSTILE_TEXT).map(HostileJson::quote),
                Arbitraries.strings().ofMaxLength(40).map(HostileJson::quote),
                letters(3990, 4200).map(HostileJson::quote),
                Arbitraries.of(HOSTILE_TEXT).list().ofMinSize(2).ofMaxSize(4).map(parts -> quote(String.join(" ", parts))));
    }

    /**
     * A long run of letters, drawn in one piece: jqwik's own string generator makes a shrinkable value of every
     * character, which for thousands of them took most of the property's time, and nothing is learnt by shrinking
     * a value whose only point is its length.
     */
    private static Arbitrary<String> letters(int minLength, int maxLength) {
        return Arbitraries.randomValue(random -> {
            char[] letters = new char[minLength + random.nextInt(maxLength - minLength + 1)];
            for (int i = 0; i < letters.length; i++) {
                letters[i] = (char) ('a' + random.nextInt(26));
            }
            return new String(letters);
        });
    }

    private static Arbitrary<String> notJson() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "{", "}", "{\"a\":", "[1,2", "{'single':'quotes'}", "{\"a\":1,}", "NaN", "\u0000",
                        "<xml/>", "a=b&c=d", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "{\"a\":01}", "\ufeff{}"),
                Arbitraries.strings().ofMaxLength(200));
    }

    private static Arbitrary<String> deep() {
        return Arbitraries.integers().between(50, 3000).map(n -> "[".repeat(n) + "]".repeat(n))
                .injectDuplicates(0.0)
                .flatMap(nested -> Arbitraries.of(nested, "{\"a\":" + nested + "}",
                        "{\"x\":" + "{\"x\":".repeat(600) + "1" + "}".repeat(601)));
    }

    private static Arbitrary<String> oversized() {
        return Arbitraries.integers().between(60_000, 200_000).map(n -> "{\"observedFailureMode\":\"" + "x".repeat(n) + "\"}");
    }

    private static Class<?> typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType parameterized) {
            Type argument = parameterized.getActualTypeArguments()[index];
            if (argument instanceof Class<?> type) {
                return type;
            }
            if (argument instanceof ParameterizedType nested && nested.getRawType() instanceof Class<?> raw) {
                return raw;
            }
            if (argument instanceof java.lang.reflect.AnnotatedType annotated && annotated.getType() instanceof Class<?> type) {
                return type;
            }
        }
        return String.class;
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        quoted.append("\\u%04x".formatted((int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
