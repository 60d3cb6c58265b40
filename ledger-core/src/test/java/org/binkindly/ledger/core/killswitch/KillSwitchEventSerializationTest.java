package org.binkindly.ledger.core.killswitch;

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
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every kill-switch event is stored as JSON for good, so each must carry its revision and come back
 * from JSON equal to what was written. The events are found from the sealed interface, so a new
 * event is covered the day it is added (or this test says which component type it cannot sample).
 */
class KillSwitchEventSerializationTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    static Stream<Class<?>> killSwitchEvents() {
        return Arrays.stream(KillSwitchEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyEventIsARecordOfTheSealedInterface() {
        assertThat(killSwitchEvents()).hasSize(8).allMatch(Class::isRecord);
    }

    @ParameterizedTest
    @MethodSource("killSwitchEvents")
    void everyEventCarriesRevisionOne(Class<?> eventType) {
        Revision revision = eventType.getAnnotation(Revision.class);

        assertThat(revision).as("@Revision on %s", eventType.getSimpleName()).isNotNull();
        assertThat(revision.value()).isEqualTo("1");
    }

    @ParameterizedTest
    @MethodSource("killSwitchEvents")
    void everyEventRoundTripsThroughJson(Class<?> eventType) throws Exception {
        Object event = sample(eventType);

        String written = json.writeValueAsString(event);
        Object read = json.readValue(written, eventType);

        assertThat(read).isEqualTo(event);
        assertThat(json.writeValueAsString(read)).isEqualTo(written);
    }

    @ParameterizedTest
    @MethodSource("killSwitchEvents")
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
    void absentOptionalValuesAndEmptyCollectionsRoundTrip() throws Exception {
        List<Object> events = List.of(
                new KillSwitchActivated(GivenKillSwitch.ID, KillSwitchKind.AI_LANE, GivenKillSwitch.SCOPE, "reason", null,
                        false, Instant.EPOCH),
                new RollbackConfidenceRecorded(GivenKillSwitch.ID, "drill", null),
                new TargetedValidationRecorded(GivenKillSwitch.ID,
                        List.of(new LocalityValidation("se-stockholm", LocalityValidation.Outcome.PASSED, null))),
                new RuntimePolicyStateRecorded(GivenKillSwitch.ID, "deterministic", "normal", List.of(), Map.of()));

        for (Object event : events) {
            assertThat(json.readValue(json.writeValueAsString(event), event.getClass())).isEqualTo(event);
        }
    }

    @Test
    void idsAndScopesAreWrittenAsTheirText() throws Exception {
        String written = json.writeValueAsString(GivenKillSwitch.AI_LANE_ACTIVATED);

        assertThat(json.readTree(written).get("killSwitchId").asText()).isEqualTo("ks-0123456789ab");
        assertThat(json.readTree(written).get("scope").asText()).isEqualTo("locality/se-stockholm");
        assertThat(json.readTree(written).get("incidentId").asText()).isEqualTo("inc-0123456789ab");
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
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            Type element = parameterized.getActualTypeArguments()[0];
            if (element == LocalityValidation.class) {
                return List.of(
                        new LocalityValidation("se-stockholm", LocalityValidation.Outcome.PASSED, "12 addresses — ok"),
                        new LocalityValidation("se-uppsala", LocalityValidation.Outcome.FAILED, null));
            }
            if (element == String.class) {
                return List.of("E_AI_TIMEOUT", "E_AI_MALFORMED");
            }
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Map.class
                && Arrays.equals(parameterized.getActualTypeArguments(), new Type[] {String.class, Integer.class})) {
            return Map.of("country/se", 3, "country/no", 0);
        }
        if (type == KillSwitchId.class) {
            return KillSwitchId.of("ks-0123456789ab");
        }
        if (type == IncidentId.class) {
            return IncidentId.of("inc-0123456789ab");
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
        if (type == Scope.class) {
            return Scope.parse("country/se");
        }
        if (type instanceof Class<?> enumType && enumType.isEnum()) {
            Object[] constants = enumType.getEnumConstants();
            return constants[constants.length - 1];
        }
        return fail("no sample value for %s of type %s; teach KillSwitchEventSerializationTest about it", what, type);
    }
}
