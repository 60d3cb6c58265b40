package org.binkindly.ledger.core.shared;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RandomIdsTest {

    @Test
    void uuidsAreVersionFourOfTheIetfVariantAndReadBackAsTheyAreWritten() {
        for (int i = 0; i < 1_000; i++) {
            UUID uuid = RandomIds.uuid();
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(UUID.fromString(uuid.toString())).isEqualTo(uuid);
        }
    }

    @Test
    void idsDrawnOnManyThreadsAtOnceDoNotRepeat() {
        Set<String> uuids = ConcurrentHashMap.newKeySet();
        Set<String> hex = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 20_000).parallel().forEach(i -> {
            uuids.add(RandomIds.uuid().toString());
            hex.add(RandomIds.hex(6));
        });
        assertThat(uuids).hasSize(20_000);
        // 48 random bits: 20,000 draws collide with a chance of about 7 in a million
        assertThat(hex).hasSize(20_000);
    }

    @Test
    void hexHasTwoLowerCaseDigitsPerByteAndUsesEveryDigit() {
        Set<Character> digits = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = RandomIds.hex(6);
            assertThat(id).matches("[0-9a-f]{12}");
            id.chars().forEach(c -> digits.add((char) c));
        }
        assertThat(digits).hasSize(16);
    }
}
