package org.binkindly.ledger.core.audit;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonLineTest {

    @Test
    void readsObjectsArraysStringsNumbersAndLiteralsAsTheExportWritesThem() {
        Map<String, Object> line = JsonLine.object(
                "{\"kind\":\"event\",\"position\":12,\"n\":-1.50e2,\"ok\":true,\"none\":null,\"list\":[1,\"a\",{}],"
                        + "\"text\":\"tab\\there \\\"q\\\" \\u00e9 \\\\ / \\/\"}");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("kind", "event");
        expected.put("position", new BigDecimal("12"));
        expected.put("n", new BigDecimal("-150").stripTrailingZeros());
        expected.put("ok", true);
        expected.put("none", null);
        expected.put("list", Arrays.asList(BigDecimal.ONE, "a", Map.of()));
        expected.put("text", "tab\there \"q\" é \\ / /");
        assertThat(line).isEqualTo(expected);
        assertThat(JsonLine.parse("1.0")).isEqualTo(JsonLine.parse("1"));
        assertThat(JsonLine.parse(" [ ] ")).isEqualTo(List.of());
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "01", "1.", "\"open", "{\"a\":1}x", "tru",
                "{\"a\":1,\"a\":2}", "\"\\x\"", "\"a\nb\"")) {
            assertThatThrownBy(() -> JsonLine.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** An export line's objects and arrays are built only when read, but checked as strictly when the line is read. */
    @Test
    void anExportLineReadsAsTheWholeParseAndRefusesWhatItRefuses() {
        String line = "{\"kind\":\"event\",\"position\":-12,\"payload\":{\"a\":[1,2.50,\"x\\u00e9\",{\"b\":null}],\"c\":{}},"
                + "\"metadata\":[true,false,-0,1e3],\"empty\":[]}";
        Map<String, Object> whole = JsonLine.object(line);
        JsonLine.Fields deferred = JsonLine.exportLine(line);

        assertThat(deferred.keySet()).containsExactlyElementsOf(whole.keySet());
        for (String field : whole.keySet()) {
            assertThat(deferred.get(field)).as(field).isEqualTo(whole.get(field));
        }
        assertThat(deferred.raw("payload")).isEqualTo("{\"a\":[1,2.50,\"x\\u00e9\",{\"b\":null}],\"c\":{}}");
        for (String bad : List.of("{\"a\":{\"x\":1,\"x\":2}}", "{\"a\":[1 2]}", "{\"a\":{\"b\":01}}", "{\"a\":[1.]}",
                "{\"a\":[\"\\x\"]}", "{\"a\":[\"a\nb\"]}", "{\"a\":{\"b\":tru}}", "{\"a\":[}", "{\"a\":[1,]}",
                "{\"a\":{\"b\" 1}}", "{\"a\":{1:2}}", "{\"a\":[\"open]}", "{\"a\":[1]]}", "{\"a\":[-]}", "[1]", "{\"a\":1}x")) {
            assertThatThrownBy(() -> JsonLine.object(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> JsonLine.exportLine(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
