package org.binkindly.ledger.core.audit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A small, strict JSON reader (RFC 8259) for one line of an audit export or one checkpoint object,
 * so that the offline verifier needs no JSON library. Objects become {@link LinkedHashMap}s,
 * arrays {@link List}s, numbers {@link BigDecimal}s (trailing zeros stripped, so {@code 1.0} and
 * {@code 1} read alike), and {@code null} a Java null.
 */
final class JsonLine {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String text;
    private int at;
    private int depth;
    /** Whether the top-level object's objects and arrays are checked now and built when read ({@link #exportLine}). */
    private boolean deferring;

    /**
     * A parsed object that also keeps the text each of its own fields' values was read from, so a caller can compare a
     * value with other text without parsing that text too (identical text parses to an identical value). Read from
     * {@link #exportLine}, its objects and arrays are checked when the line is read but built only when {@link #get}
     * first asks for them: read values through {@code get}.
     */
    static final class Fields extends LinkedHashMap<String, Object> {
        /** Room for an event line's fields without growing (a line of the export has about 15). */
        private static final int CAPACITY = 32;
        private final Map<String, int[]> spans = new HashMap<>(CAPACITY);
        private final String text;

        private Fields(String text) {
            super(CAPACITY);
            this.text = text;
        }

        /** The text the value of {@code name} was read from, exactly; null when there is no such field. */
        String raw(String name) {
            int[] span = spans.get(name);
            return span == null ? null : text.substring(span[0], span[1]);
        }

        @Override
        public Object get(Object name) {
            Object value = super.get(name);
            if (value instanceof Deferred deferred) {
                JsonLine reader = new JsonLine(text);
                reader.at = deferred.start;
                reader.depth = 1;
                value = reader.value();
                put((String) name, value);
            }
            return value;
        }
    }

    /** An object or array of a line, already checked, built when first read ({@link Fields#get}). */
    private record Deferred(int start) {
    }

    private JsonLine(String text) {
        this.text = text;
    }

    /** Parses one JSON value that must fill the whole text (whitespace around it aside). */
    static Object parse(String text) {
        JsonLine reader = new JsonLine(text);
        reader.whitespace();
        Object value = reader.value();
        reader.whitespace();
        if (reader.at != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    /** Parses a JSON object; anything else is an error. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /**
     * Parses one line of an export, a JSON object, as strictly as {@link #object}, but builds the objects and arrays in
     * it (an event's payload and metadata) only when read: a verifier that finds them shown exactly as stored compares
     * their text and never needs them built, which was most of the time spent reading a line.
     */
    static Fields exportLine(String text) {
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonLine reader = new JsonLine(text);
        reader.deferring = true;
        Object value = reader.value();
        reader.whitespace();
        if (reader.at != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return (Fields) value;
    }

    private Object value() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object() {
        Fields top = depth == 0 ? new Fields(text) : null;
        Map<String, Object> object = top != null ? top : new LinkedHashMap<>();
        depth++;
        try {
            return fields(object, top);
        } finally {
            depth--;
        }
    }

    private Map<String, Object> fields(Map<String, Object> object, Fields top) {
        at++;
        whitespace();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            whitespace();
            String name = fieldName(object::containsKey);
            int start = at;
            if (top != null && deferring && (peek() == '{' || peek() == '[')) {
                skipContainer();
                object.put(name, new Deferred(start));
            } else {
                object.put(name, value());
            }
            if (top != null) {
                top.spans.put(name, new int[]{start, at});
            }
            whitespace();
            char next = next();
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    /** A field's name and the ':' after it, up to its value; refused if {@code given} says the object already has it. */
    private String fieldName(Predicate<String> given) {
        if (peek() != '"') {
            throw error("expected a field name");
        }
        String name = string();
        whitespace();
        expect(':');
        whitespace();
        if (given.test(name)) {
            throw error("field '" + name + "' appears twice");
        }
        return name;
    }

    private List<Object> array() {
        List<Object> array = new ArrayList<>();
        at++;
        whitespace();
        if (peek() == ']') {
            at++;
            return array;
        }
        while (true) {
            whitespace();
            array.add(value());
            whitespace();
            char next = next();
            if (next == ']') {
                return array;
            }
            if (next != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        expect('"');
        // most strings (base64, hex, names) hold no escape: take them whole
        int end = at;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '"') {
                String whole = text.substring(at, end);
                at = end + 1;
                return whole;
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            end++;
        }
        StringBuilder out = new StringBuilder(Math.max(16, end - at + 16)).append(text, at, end);
        at = end;
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException e) {
                        throw error("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw error("bad escape \\" + escaped);
            }
        }
    }

    private BigDecimal number() {
        int start = at;
        if (smallInteger()) { // positions, counts: read without a regular expression
            return BigDecimal.valueOf(Long.parseLong(text, start, at, 10)).stripTrailingZeros();
        }
        at = start;
        if (peek() == '-') {
            at++;
        }
        while (at < text.length() && "0123456789.eE+-".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String literal = text.substring(start, at);
        if (!NUMBER.matcher(literal).matches()) {
            throw error("bad number '" + literal + "'");
        }
        BigDecimal number = new BigDecimal(literal);
        return number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
    }

    /**
     * Checks the object or array at {@code at} exactly as {@link #value} reads it, building none of it but its field
     * names (to find one given twice); an escape or a number other than a small integer is read as {@link #value}
     * reads it.
     */
    private void skipValue() {
        char c = peek();
        switch (c) {
            case '{', '[' -> skipContainer();
            case '"' -> skipString();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    skipNumber();
                } else {
                    throw error("unexpected character '" + c + "'");
                }
            }
        }
    }

    private void skipContainer() {
        boolean object = peek() == '{';
        char close = object ? '}' : ']';
        at++;
        whitespace();
        if (peek() == close) {
            at++;
            return;
        }
        List<String> names = object ? new ArrayList<>() : null;
        while (true) {
            whitespace();
            if (object) {
                names.add(fieldName(names::contains));
            }
            skipValue();
            whitespace();
            char next = next();
            if (next == close) {
                return;
            }
            if (next != ',') {
                throw error(object ? "expected ',' or '}'" : "expected ',' or ']'");
            }
        }
    }

    private void skipString() {
        int start = at;
        expect('"');
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return;
            }
            if (c == '\\' || c < 0x20) {
                at = start;
                string(); // escapes and errors exactly as a string read whole
                return;
            }
            at++;
        }
        throw error("unexpected end");
    }

    private void skipNumber() {
        int start = at;
        if (!smallInteger()) {
            at = start;
            number();
        }
    }

    /** Reads {@code -?(0|[1-9][0-9]{0,17})} ending where a number's text ends; false (and {@code at} anywhere) if it is not one. */
    private boolean smallInteger() {
        if (at < text.length() && text.charAt(at) == '-') {
            at++;
        }
        int digits = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        int count = at - digits;
        boolean ended = at == text.length() || "0123456789.eE+-".indexOf(text.charAt(at)) < 0;
        return ended && count >= 1 && count <= 18 && (count == 1 || text.charAt(digits) != '0');
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("unexpected text");
        }
        at += word.length();
        return value;
    }

    private void whitespace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("not valid JSON at character %d: %s".formatted(at + 1, problem));
    }
}
