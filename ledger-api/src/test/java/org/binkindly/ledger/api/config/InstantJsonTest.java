package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstantJsonTest {

    /** Fractions of each length ISO-8601 writes: none, milliseconds, microseconds, nanoseconds. */
    @Provide
    Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(1, 999_999).map(us -> us * 1_000), Arbitraries.integers().between(1, 999_999_999));
    }

    @Property(tries = 5_000)
    void theTextIsInstantToString(@ForAll @LongRange(min = InstantJson.FIRST_SECOND - 1_000_000_000L,
            max = InstantJson.LAST_SECOND + 1_000_000_000L) long seconds, @ForAll("nanos") int nanos) {
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        assertThat(InstantJson.format(instant)).isEqualTo(instant.toString());
    }

    @Test
    void theTextIsInstantToStringAtTheEdges() {
        assertThat(LocalDateTime.ofEpochSecond(InstantJson.FIRST_SECOND, 0, ZoneOffset.UTC)).hasToString("0000-01-01T00:00");
        assertThat(LocalDateTime.ofEpochSecond(InstantJson.LAST_SECOND, 0, ZoneOffset.UTC)).hasToString("9999-12-31T23:59:59");
        for (Instant instant : List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.ofEpochSecond(-1, 999_999_999),
                Instant.ofEpochSecond(InstantJson.FIRST_SECOND), Instant.ofEpochSecond(InstantJson.FIRST_SECOND - 1, 999_999_999),
                Instant.ofEpochSecond(InstantJson.LAST_SECOND, 999_999_999), Instant.ofEpochSecond(InstantJson.LAST_SECOND + 1),
                Instant.parse("2026-12-05T00:00:00Z"), Instant.parse("2026-12-05T06:48:14.088Z"), Instant.parse("2024-02-29T23:59:59.000001Z"),
                Instant.parse("0999-03-01T01:02:03.100Z"), Instant.parse("2100-02-28T12:00:00.000000100Z"))) {
            assertThat(InstantJson.format(instant)).as(instant.toString()).isEqualTo(instant.toString());
        }
    }

    record Stamped(Instant at, @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant number,
                   @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd", timezone = "UTC") Instant day,
                   List<Instant> list, Map<String, Instant> map) {
    }

    @Test
    void aMapperWithTheModuleWritesWhatJacksonsOwnWrites() throws Exception {
        Instant instant = Instant.parse("2026-12-05T06:48:14.088123Z");
        Stamped stamped = new Stamped(instant, instant, instant, List.of(instant, Instant.EPOCH), Map.of("at", instant));
        for (boolean timestamps : List.of(false, true)) {
            ObjectMapper jacksons = new ObjectMapper().registerModule(new JavaTimeModule())
                    .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, timestamps);
            ObjectMapper ours = jacksons.copy().registerModule(new InstantJson().instantJsonModule());
            assertThat(ours.writeValueAsString(stamped)).as("timestamps " + timestamps).isEqualTo(jacksons.writeValueAsString(stamped));
        }
        ObjectMapper ours = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new InstantJson().instantJsonModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        assertThat(ours.writeValueAsString(stamped)).contains("\"at\":\"2026-12-05T06:48:14.088123Z\"", "\"day\":\"2026-12-05\"");
        assertThat(ours.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(InstantJson.IsoInstantSerializer.class);
        // what Jackson derives for a property without a format of its own is still the fast one
        assertThat(ours.getSerializerProviderInstance().findValueSerializer(Instant.class, new BeanProperty.Bogus()))
                .isInstanceOf(InstantJson.IsoInstantSerializer.class);
    }
}
