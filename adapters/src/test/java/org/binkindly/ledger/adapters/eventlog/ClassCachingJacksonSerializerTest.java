package org.binkindly.ledger.adapters.eventlog;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The remembering serializer answers what Axon's own answers, for a class found, a name of none and the empty type. */
class ClassCachingJacksonSerializerTest {

    private final JacksonSerializer axons = JacksonSerializer.defaultSerializer();
    private final ClassCachingJacksonSerializer remembering = new ClassCachingJacksonSerializer(JacksonSerializer.builder());

    @Test
    void resolvesEveryTypeAsAxonDoesTheFirstTimeAndAfter() {
        List<SerializedType> types = List.of(new SimpleSerializedType(Instant.class.getName(), null),
                new SimpleSerializedType(Map.class.getName(), "2"), new SimpleSerializedType("org.binkindly.NoSuchEvent", null),
                SimpleSerializedType.emptyType());
        for (int round = 0; round < 3; round++) {
            for (SerializedType type : types) {
                assertThat(remembering.classForType(type)).as("%s, round %d", type, round).isEqualTo(axons.classForType(type));
            }
        }
        assertThat(remembering.classForType(types.get(2))).isEqualTo(UnknownSerializedType.class);
        assertThat(remembering.classForType(types.get(3))).isEqualTo(Void.class);
    }

    @Test
    void readsBackWhatItWrote() {
        SerializedObject<byte[]> written = remembering.serialize(Map.of("scope", "locality/gate-town"), byte[].class);
        Map<?, ?> read = remembering.deserialize(written);
        assertThat(read).isEqualTo(Map.of("scope", "locality/gate-town"));
        Map<?, ?> again = remembering.deserialize(written);
        assertThat(again).isEqualTo(read);
    }
}
