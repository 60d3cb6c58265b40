package org.binkindly.ledger.adapters.eventlog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Axon's Jackson serializer, remembering what Axon works out anew for every event it reads and which
 * cannot change while the ledger runs:
 * <ul>
 * <li>the class each stored type name resolves to. Axon resolves an event's payload type by name twice
 * per event (once to build the lazy message, once more to know its payload type), through Jackson's
 * {@code TypeFactory.findClass}, that is {@code Class.forName} each time: 8% of a view's rebuild in a
 * profile. A name that resolves to no class is not remembered here: Axon keeps those apart and answers
 * {@link UnknownSerializedType};</li>
 * <li>the Jackson reader of each class, which Axon asks the object mapper for per event;</li>
 * <li>how to read metadata: Axon's {@code MetaDataDeserializer} looks up and sets up Jackson's map
 * deserializer for every event's metadata, three times the work of reading it (14% of the CPU of the
 * incident views in a rebuild, whose handler reads the actor from the metadata).
 * {@link MetaDataReader} does the same look-up once.</li>
 * </ul>
 */
public final class ClassCachingJacksonSerializer extends JacksonSerializer {

    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    public ClassCachingJacksonSerializer(Builder builder) {
        super(builder);
        // after Axon's own module (registered by the constructor above): Jackson asks the last one first
        getObjectMapper().registerModule(
                new SimpleModule("ledger-metadata-reader").addDeserializer(MetaData.class, new MetaDataReader()));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        Class<?> known = classes.get(type.getName());
        if (known != null) {
            return known;
        }
        Class<?> resolved = super.classForType(type);
        if (resolved != UnknownSerializedType.class && resolved != Void.class) {
            classes.put(type.getName(), resolved);
        }
        return resolved;
    }

    @Override
    protected ObjectReader getReader(Class<?> type) {
        return readers.computeIfAbsent(type, super::getReader);
    }

    /**
     * Reads metadata exactly as Axon's {@code MetaDataDeserializer} does (a map of strings to plain values,
     * read by the object mapper's own map deserializer, polymorphic metadata through its type deserializer),
     * with that map deserializer looked up when Jackson sets this one up, not per value.
     */
    static final class MetaDataReader extends JsonDeserializer<MetaData> implements ContextualDeserializer {

        private final JsonDeserializer<Object> map;

        MetaDataReader() {
            this(null);
        }

        private MetaDataReader(JsonDeserializer<Object> map) {
            this.map = map;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            return map != null ? this : new MetaDataReader(mapDeserializer(context));
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MetaData deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonDeserializer<Object> reader = map != null ? map : mapDeserializer(context);
            return MetaData.from((Map) reader.deserialize(parser, context, new HashMap<>()));
        }

        @Override
        public Object deserializeWithType(JsonParser parser, DeserializationContext context, TypeDeserializer types)
                throws IOException {
            return types.deserializeTypedFromObject(parser, context);
        }

        boolean resolved() {
            return map != null;
        }

        private static JsonDeserializer<Object> mapDeserializer(DeserializationContext context) throws JsonMappingException {
            return context.findRootValueDeserializer(
                    context.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        }
    }
}
