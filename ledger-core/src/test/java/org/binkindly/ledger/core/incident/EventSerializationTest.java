package org.binkindly.ledger.core.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
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
 * Every incident event is stored as JSON for good, so each must carry its revision and come back
 * from JSON equal to what was written. The events are found from the sealed interface, so a new
 * event is covered the day it is added (or this test says which component type it cannot sample).
 */
class EventSerializationTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    static Stream<Class<?>> incidentEvents() {
        return Arrays.stream(IncidentEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyEventIsARecordOfTheSealedInterface() {
        assertThat(incidentEvents()).hasSize(20).allMatch(Class::isRecord);
    }

    @ParameterizedTest
    @MethodSource("incidentEvents")
    void everyEventCarriesRevisionOne(Class<?> eventType) {
        Revision revision = eventType.getAnnotation(Revision.class);

        assertThat(revision).as("@Revision on %s", eventType.getSimpleName()).isNotNull();
        assertThat(revision.value()).isEqualTo("1");
    }

    @ParameterizedTest
    @MethodSource("incidentEvents")
    void everyEventRoundTripsThroughJson(Class<?> eventType) throws Exception {
        Object event = sample(eventType);

        String written = json.writeValueAsString(event);
        Object read = json.readValue(written, eventType);

        assertThat(read).isEqualTo(event);
        assertThat(json.writeValueAsString(read)).isEqualTo(written);
    }

    @ParameterizedTest
    @MethodSource("incidentEvents")
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
    void absentOptionalValuesRoundTrip() throws Exception {
        List<Object> events = List.of(
                new FollowUpRecorded(GivenIncident.ID, "add an alert", null),
                new InterventionRecorded(GivenIncident.ID, InterventionKind.NONE_USED, null, "LKG never left"),
                new IncidentDeclared(GivenIncident.ID, IncidentClass.STALE_PACK, GivenIncident.SCOPE,
                        ImpactAssessment.nothingKnown(), org.binkindly.ledger.core.shared.Severity.SEV1,
                        org.binkindly.ledger.core.shared.Severity.SEV1, GivenIncident.TRIGGER, "stale", Instant.EPOCH));

        for (Object event : events) {
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
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            Type element = parameterized.getActualTypeArguments()[0];
            if (element == ChecklistItem.class) {
                return List.of(
                        new ChecklistItem("SP_CHECK_REFRESH_STATE", ChecklistItem.Origin.RUNBOOK_STEP, "Check refresh."),
                        SeverityResponses.recurrenceReview());
            }
            if (element == IncidentId.class) {
                return List.of(IncidentId.of("inc-aaaaaaaaaaaa"), IncidentId.of("inc-bbbbbbbbbbbb"));
            }
        }
        if (type == ReceivedAlert.class) {
            return new ReceivedAlert("PublishBlocked", "a1b2c3d4e5f60718", Instant.parse("2025-03-01T07:58:00.5Z"),
                    Map.of("alertname", "PublishBlocked", "scope", "country/se"), Map.of("summary", "blocked ünïcode"),
                    "http://prometheus/graph?g0.expr=up", "ledger");
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
        if (type == int.class) {
            return 30;
        }
        if (type == Scope.class) {
            return Scope.parse("country/se");
        }
        if (type == ImpactAssessment.class) {
            return ImpactAssessment.of(Map.of(ImpactFact.ACTIVE_TRUTH_WRONG_FOR_USERS, ImpactFact.Value.NO,
                    ImpactFact.FALLBACK_PATH_SPIKING, ImpactFact.Value.YES));
        }
        if (type == TriggerSource.class) {
            return new TriggerSource(TriggerSource.Kind.MANUAL, "reported by support");
        }
        if (type instanceof Class<?> enumType && enumType.isEnum()) {
            Object[] constants = enumType.getEnumConstants();
            return constants[constants.length - 1];
        }
        return fail("no sample value for %s of type %s; teach EventSerializationTest about it", what, type);
    }
}
