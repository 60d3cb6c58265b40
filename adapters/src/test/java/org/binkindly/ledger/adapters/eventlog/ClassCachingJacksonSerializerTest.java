package org.binkindly.ledger.adapters.eventlog;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remembering serializer answers what Axon's own answers, for a class found, a name of none and the empty type,
 * and reads metadata as Axon's does.
 */
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

    @Test
    void readsMetadataAsAxonDoes() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("role", "OPERATOR");
        nested.put("nothing", null);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("actor", "op-\u00e9\u6f22 \"quoted\"\t\uD83D\uDE80");
        values.put("correlationId", "7f8e6c1e-1d1a-4c55-9f51-8a1d2b3c4d5e");
        values.put("count", 3);
        values.put("big", 9_007_199_254_740_993L);
        values.put("ratio", 0.25);
        values.put("flag", true);
        values.put("absent", null);
        values.put("list", List.of("a", 1, false));
        values.put("nested", nested);
        MetaData metaData = MetaData.from(values);
        for (MetaData each : List.of(metaData, MetaData.emptyInstance())) {
            SerializedObject<byte[]> written = axons.serialize(each, byte[].class);
            MetaData expected = axons.deserialize(written);
            for (int round = 0; round < 3; round++) {
                MetaData read = remembering.deserialize(written);
                assertThat(read).as("round %d", round).isEqualTo(expected);
                assertThat(read.get("big")).isEqualTo(expected.get("big"));
            }
            assertThat(remembering.deserialize(remembering.serialize(each, byte[].class)).equals(expected)).isTrue();
        }
    }

    @Test
    void looksUpTheMapDeserializerOnceNotPerValue() throws Exception {
        ObjectMapper mapper = remembering.getObjectMapper();
        DeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createDummyInstance(mapper.getDeserializationConfig());
        assertThat(context.findRootValueDeserializer(mapper.constructType(MetaData.class)))
                .isInstanceOfSatisfying(ClassCachingJacksonSerializer.MetaDataReader.class,
                        reader -> assertThat(reader.resolved()).isTrue());
    }
}
