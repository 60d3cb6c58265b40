package org.binkindly.ledger.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.binkindly.ledger.core.alert.AlertCorrelationEvent;
import org.binkindly.ledger.core.alert.AlertCorrelationId;
import org.binkindly.ledger.core.alert.AlertDeliveryEvent;
import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertDeliveryRecorded;
import org.binkindly.ledger.core.alert.AlertIncidentFoundClosed;
import org.binkindly.ledger.core.alert.AlertIncidentOpened;
import org.binkindly.ledger.core.alert.AlertOutcome;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.AlertsLost;
import org.binkindly.ledger.core.alert.FiringCorrelated;
import org.binkindly.ledger.core.alert.IntakeResult;
import org.binkindly.ledger.core.alert.UnmappedAlertKept;
import org.binkindly.ledger.core.freshness.ActiveManifestUnreadable;
import org.binkindly.ledger.core.freshness.ActivePackObserved;
import org.binkindly.ledger.core.freshness.FreshnessThresholdChanged;
import org.binkindly.ledger.core.freshness.FreshnessWatchStarted;
import org.binkindly.ledger.core.freshness.PackFreshAgain;
import org.binkindly.ledger.core.freshness.PackFreshnessEvent;
import org.binkindly.ledger.core.freshness.PackFreshnessId;
import org.binkindly.ledger.core.freshness.PackWentStale;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.launch.BuildChecksumArchived;
import org.binkindly.ledger.core.launch.ExpansionCompleted;
import org.binkindly.ledger.core.launch.ExpansionId;
import org.binkindly.ledger.core.launch.FirstPublishValidated;
import org.binkindly.ledger.core.launch.LaunchCompleted;
import org.binkindly.ledger.core.launch.LaunchDayValidated;
import org.binkindly.ledger.core.launch.LaunchEvent;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.LaunchSignedOff;
import org.binkindly.ledger.core.launch.LaunchValidationStarted;
import org.binkindly.ledger.core.launch.LiveAppFetchProbed;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.launch.NoGoRule;
import org.binkindly.ledger.core.launch.ProductionConfigVerified;
import org.binkindly.ledger.core.launch.SignOffArea;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events of alert intake, the stale-pack watch and launch day are stored as JSON for good:
 * each carries revision 1 and comes back from JSON (plain and through Axon's serializer) equal to
 * what was written. Every event of the three sealed families must have a sample here.
 */
class AlertFreshnessLaunchEventsSerializationTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant AT = Instant.parse("2026-11-27T03:04:05.123456Z");
    private static final Scope SCOPE = Scope.parse("locality/se-stockholm");
    private static final IncidentId INCIDENT = IncidentId.of("inc-0123456789ab");
    private static final AlertCorrelationId CORRELATION = new AlertCorrelationId(IncidentClass.PUBLISH_FAILURE, SCOPE);
    private static final AlertDeliveryId DELIVERY = AlertDeliveryId.of("dlv-0123456789abcdef0123456789abcdef");
    private static final PackFreshnessId FRESHNESS = new PackFreshnessId(SCOPE);
    private static final LaunchId LAUNCH = new LaunchId(SCOPE, "2.4.0+311");
    private static final ReceivedAlert ALERT = new ReceivedAlert("PublishBlocked", "5e1a7b3c9d2f4e60", AT,
            Map.of("alertname", "PublishBlocked", "scope", "locality/se-stockholm"), Map.of("summary", "blocked — ünïcode"),
            "http://prometheus/graph", "ledger");
    private static final List<NoGoFinding> FINDINGS = List.of(
            new NoGoFinding(NoGoRule.ROLLBACK_OBJECTIVE_PROVEN, true, List.of("drill rb-1"), List.of()),
            new NoGoFinding(NoGoRule.PUBLISH_FAILURES_ROUTED, false, List.of(), List.of("a PublishBlocked alert")));

    static Stream<Object> samples() {
        return Stream.of(
                new AlertIncidentOpened(CORRELATION, INCIDENT),
                new FiringCorrelated(CORRELATION, "5e1a7b3c9d2f4e60", AT, INCIDENT),
                new AlertIncidentFoundClosed(CORRELATION, INCIDENT),
                new org.binkindly.ledger.core.alert.ManualIncidentAdopted(CORRELATION, INCIDENT),
                new AlertDeliveryRecorded(DELIVERY, "ledger", "firing", "{}:{alertname=\"PublishBlocked\"}", "http://am", 2,
                        List.of(new AlertOutcome("PublishBlocked", "5e1a7b3c9d2f4e60", AT, AlertStatus.FIRING,
                                IncidentClass.PUBLISH_FAILURE, SCOPE, IntakeResult.OPENED, INCIDENT, null),
                                new AlertOutcome(null, "ff", AT, AlertStatus.RESOLVED, null, null, IntakeResult.UNMAPPED, null,
                                        "no alertname"))),
                new org.binkindly.ledger.core.alert.AlertDeliveryReceived(DELIVERY, new org.binkindly.ledger.core.alert.IncomingDelivery(
                        "ledger", "firing", "{}:{alertname=\"PublishBlocked\"}", "http://am", 2, List.of(
                        new org.binkindly.ledger.core.alert.IncomingAlert(AlertStatus.FIRING,
                                Map.of("alertname", "PublishBlocked", "scope", "locality/se-stockholm"),
                                Map.of("summary", "gate \u241B[31mFAILED — ünïcode"), AT, null, "http://prometheus/graph",
                                "5e1a7b3c9d2f4e60", new org.binkindly.ledger.core.incident.AlertCorrections("ab".repeat(32),
                                AT.plusSeconds(86_400), List.of("ESC replaced")), null),
                        new org.binkindly.ledger.core.alert.IncomingAlert(AlertStatus.RESOLVED, Map.of(), Map.of(), AT, AT.plusSeconds(60),
                                null, "ff", null, "no alertname")))),
                new AlertsLost(DELIVERY, "ledger", "g", 2),
                new UnmappedAlertKept(DELIVERY, ALERT, AlertStatus.FIRING, "no row for alertname"),
                new FreshnessWatchStarted(FRESHNESS, 129_600),
                new FreshnessThresholdChanged(FRESHNESS, 129_600, 3600),
                new ActivePackObserved(FRESHNESS, "m-1", AT),
                new ActiveManifestUnreadable(FRESHNESS, "storage timed out"),
                new PackWentStale(FRESHNESS, "m-1", AT, 3600, AT.plusSeconds(3600), AT.plusSeconds(3700)),
                new PackFreshAgain(FRESHNESS, "m-2", AT, AT.plusSeconds(3600), AT.plusSeconds(7200)),
                new LaunchValidationStarted(LAUNCH),
                new ProductionConfigVerified(LAUNCH, List.of("https://api"), Map.of("RESOLVER_API_KEY", true),
                        Map.of("ENV", "production"), Map.of(KillSwitchKind.AI_LANE, "armed", KillSwitchKind.BAD_PACK, "armed"),
                        true, List.of()),
                new FirstPublishValidated(LAUNCH, "m-1", AT, "ab".repeat(32), "cd".repeat(32), "cd".repeat(32), true, "agree"),
                new LiveAppFetchProbed(LAUNCH, "m-1", List.of(new ResolutionProbe(ResolutionProbe.Target.RULES_API,
                        "https://rules", 200, 12, true, "ok")), true),
                new BuildChecksumArchived(LAUNCH, "app.ipa", "ef".repeat(32), null),
                new LaunchSignedOff(LAUNCH, SignOffArea.QA, "rita"),
                new LaunchDayValidated(LAUNCH),
                new LaunchCompleted(LAUNCH, FINDINGS),
                new ExpansionCompleted(ExpansionId.of("exp-0123456789ab"), SCOPE, "add se-uppsala", FINDINGS));
    }

    @Test
    void everyEventOfTheThreeFamiliesHasASample() {
        Set<Class<?>> sampled = samples().map(Object::getClass).collect(Collectors.toSet());
        Stream.of(AlertCorrelationEvent.class, AlertDeliveryEvent.class, PackFreshnessEvent.class, LaunchEvent.class)
                .flatMap(family -> Arrays.stream(family.getPermittedSubclasses()))
                .forEach(event -> assertThat(sampled).as("a sample of %s", event.getSimpleName()).contains(event));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventCarriesRevisionOneAndRoundTrips(Object event) throws Exception {
        Revision revision = event.getClass().getAnnotation(Revision.class);
        assertThat(revision).as("@Revision on %s", event.getClass().getSimpleName()).isNotNull();
        assertThat(revision.value()).isEqualTo("1");

        String written = JSON.writeValueAsString(event);
        assertThat(JSON.readValue(written, event.getClass())).isEqualTo(event);

        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JSON).build();
        SerializedObject<String> serialized = serializer.serialize(event, String.class);
        assertThat(serialized.getType().getRevision()).isEqualTo("1");
        assertThat((Object) serializer.deserialize(serialized)).isEqualTo(event);
    }

    @Test
    void idsAreStoredAsTheirText() throws Exception {
        assertThat(JSON.writeValueAsString(new AlertIncidentOpened(CORRELATION, INCIDENT)))
                .contains("\"alerts:PUBLISH_FAILURE:locality/se-stockholm\"");
        assertThat(JSON.writeValueAsString(new LaunchDayValidated(LAUNCH))).contains("\"launch:locality/se-stockholm@2.4.0+311\"");
        assertThat(JSON.writeValueAsString(new FreshnessWatchStarted(FRESHNESS, 1))).contains("\"freshness:locality/se-stockholm\"");
    }
}
