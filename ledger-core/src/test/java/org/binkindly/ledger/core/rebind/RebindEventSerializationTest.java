package org.binkindly.ledger.core.rebind;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every rebind event is stored as JSON for good, so each must carry its revision and come back from
 * JSON equal to what was written. The events are found from the sealed interface, so a new event is
 * covered the day it is added (or this test says which component type it cannot sample).
 */
class RebindEventSerializationTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    static Stream<Class<?>> rebindEvents() {
        return Arrays.stream(RebindEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyEventIsARecordOfTheSealedInterface() {
        assertThat(rebindEvents()).hasSize(11).allMatch(Class::isRecord);
    }

    @ParameterizedTest
    @MethodSource("rebindEvents")
    void everyEventCarriesRevisionOne(Class<?> eventType) {
        Revision revision = eventType.getAnnotation(Revision.class);

        assertThat(revision).as("@Revision on %s", eventType.getSimpleName()).isNotNull();
        assertThat(revision.value()).isEqualTo("1");
    }

    @ParameterizedTest
    @MethodSource("rebindEvents")
    void everyEventRoundTripsThroughJson(Class<?> eventType) throws Exception {
        Object event = sample(eventType);

        String written = json.writeValueAsString(event);
        Object read = json.readValue(written, eventType);

        assertThat(read).isEqualTo(event);
        assertThat(json.writeValueAsString(read)).isEqualTo(written);
    }

    @ParameterizedTest
    @MethodSource("rebindEvents")
    void everyEventRoundTripsThroughAxonsSerializerWithItsRevision(Class<?> eventType) {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(json).build();
        Object event = sample(eventType);

        SerializedObject<String> serialized = serializer.serialize(event, String.class);
        Object read = serializer.deserialize(serialized);

        assertThat(serialized.getType().getName()).isEqualTo(eventType.getName());
        assertThat(serialized.getType().getRevision()).isEqualTo("1");
        assertThat(read).isEqualTo(event);
    }

    @Test
    void idsAndScopesAreWrittenAsTheirRawText() throws Exception {
        String written = json.writeValueAsString(GivenRebind.started());

        assertThat(written).contains("\"rebindId\":\"rb-0123456789ab\"", "\"scope\":\"locality/se-stockholm\"",
                "\"incidentId\":\"inc-0123456789ab\"");
    }

    @Test
    void absentOptionalValuesRoundTrip() throws Exception {
        List<RebindEvent> events = List.of(
                new RebindStarted(GivenRebind.ID, GivenRebind.SCOPE, null, null, false, RebindMode.MANUAL,
                        Instant.EPOCH, Instant.EPOCH.plusSeconds(900), Instant.EPOCH.plusSeconds(1800)),
                new ManifestProbed(GivenRebind.ID, null, GivenRebind.LKG),
                new ManifestProbed(GivenRebind.ID, GivenRebind.ACTIVE,
                        new StoredManifest("mf-1", GivenRebind.SCOPE, null, "ab".repeat(32), null, "cd".repeat(32), null)),
                new ActiveManifestRebound(GivenRebind.ID, "mf-1", "cd".repeat(32), "\"etag\"", null),
                new ResolutionProbed(GivenRebind.ID, List.of(GivenRebind.RESOLVER_OK), true),
                new ResolutionProbed(GivenRebind.ID, List.of(), false));

        for (RebindEvent event : events) {
            assertThat(json.readValue(json.writeValueAsString(event), event.getClass())).isEqualTo(event);
        }
    }

    /** An instance with every component set to a value unlike any default, so a lost field shows. */
    private static Object sample(Class<?> eventType) {
        RecordComponent[] components = eventType.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = sampleOf(components[i].getGenericType(), eventType.getSimpleName() + "." + components[i].getName());
        }
        try {
            Constructor<?> canonical = eventType.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build a sample " + eventType.getSimpleName(), e);
        }
    }

    private static Object sampleOf(Type type, String what) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class
                && parameterized.getActualTypeArguments()[0] == ResolutionProbe.class) {
            return List.of(
                    new ResolutionProbe(ResolutionProbe.Target.RESOLVER, "https://resolver.example/v1?s=a&b=\"c\"", 200,
                            84, true, null),
                    new ResolutionProbe(ResolutionProbe.Target.RULES_API, "https://rules.example/v1/rules", 503, 2004,
                            false, "upstream timeout — ünïcode"));
        }
        if (type == RebindId.class) {
            return RebindId.of("rb-0123456789ab");
        }
        if (type == IncidentId.class) {
            return IncidentId.of("inc-0123456789ab");
        }
        if (type == Scope.class) {
            return Scope.parse("country/se");
        }
        if (type == String.class) {
            return "sample " + what + " — with \"quotes\" and ünïcode";
        }
        if (type == Instant.class) {
            return Instant.parse("2025-03-01T08:15:30.123456789Z");
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == long.class) {
            return 48_213L;
        }
        if (type == StoredManifest.class) {
            return new StoredManifest("mf-2025-02-27-0600", Scope.parse("locality/se-stockholm"),
                    "packs/locality/se-stockholm/pk-2025-02-27.json", "2b".repeat(32),
                    Instant.parse("2025-02-27T06:00:00.5Z"), "1a".repeat(32), "\"e5f6a7b8\"");
        }
        if (type instanceof Class<?> enumType && enumType.isEnum()) {
            Object[] constants = enumType.getEnumConstants();
            return constants[constants.length - 1];
        }
        return fail("no sample value for %s of type %s; teach RebindEventSerializationTest about it", what, type);
    }
}
