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
}
