package org.binkindly.ledger.adapters.eventlog;

import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Axon's Jackson serializer, remembering the class each stored type name resolves to. Axon resolves
 * an event's payload type by name for every event it reads, twice (once to build the lazy message,
 * once more to know its payload type), through Jackson's {@code TypeFactory.findClass}, that is
 * {@code Class.forName} each time: 8% of a view's rebuild in a profile. The ledger's classes do not
 * change while it runs, so a name resolved once stays resolved. A name that resolves to no class is
 * not remembered here: Axon keeps those apart and answers {@link UnknownSerializedType}.
 */
public final class ClassCachingJacksonSerializer extends JacksonSerializer {

    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    public ClassCachingJacksonSerializer(Builder builder) {
        super(builder);
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
}
