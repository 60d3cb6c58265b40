package org.binkindly.ledger.core.alert;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.binkindly.ledger.core.alert.command.AdoptIncident;
import org.binkindly.ledger.core.alert.command.CorrelateFiring;
import org.binkindly.ledger.core.alert.command.CorrelateFirings;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class AlertCorrelationTest {

    private static final AlertCorrelationId KEY = new AlertCorrelationId(IncidentClass.PUBLISH_FAILURE,
            Scope.parse("locality/se-stockholm"));
    private static final IncidentId FIRST = IncidentId.of("inc-111111111111");
    private static final IncidentId SECOND = IncidentId.of("inc-222222222222");
    private static final IncidentId THIRD = IncidentId.of("inc-333333333333");
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    private AggregateTestFixture<AlertCorrelation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AlertCorrelation.class);
    }

    @Test
    void theFirstFiringOpensTheCandidateIncident() {
        fixture.givenNoPriorActivity()
                .when(new CorrelateFiring(KEY, "fp-a", T0, FIRST, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertIncidentOpened(KEY, FIRST), new FiringCorrelated(KEY, "fp-a", T0, FIRST))
                .expectResultMessagePayload(new Correlation(FIRST));
    }

    @Test
    void anotherFiringOfTheSameClassAndScopeAttachesToTheOpenIncident() {
        fixture.given(new AlertIncidentOpened(KEY, FIRST), new FiringCorrelated(KEY, "fp-a", T0, FIRST))
                .when(new CorrelateFiring(KEY, "fp-b", T0.plusSeconds(5), SECOND, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new FiringCorrelated(KEY, "fp-b", T0.plusSeconds(5), FIRST))
                .expectResultMessagePayload(new Correlation(FIRST));
    }

    @Test
    void theSameFiringAgainIsANoOpThatNamesItsIncident() {
        fixture.given(new AlertIncidentOpened(KEY, FIRST), new FiringCorrelated(KEY, "fp-a", T0, FIRST))
                .when(new CorrelateFiring(KEY, "fp-a", T0, SECOND, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new Correlation(FIRST));
    }

    @Test
    void aNewFiringOfTheSameAlertAfterItsIncidentClosedOpensANewIncident() {
        fixture.given(new AlertIncidentOpened(KEY, FIRST), new FiringCorrelated(KEY, "fp-a", T0, FIRST))
                .when(new CorrelateFiring(KEY, "fp-a", T0.plusSeconds(86_400), SECOND, FIRST))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertIncidentFoundClosed(KEY, FIRST), new AlertIncidentOpened(KEY, SECOND),
                        new FiringCorrelated(KEY, "fp-a", T0.plusSeconds(86_400), SECOND))
                .expectResultMessagePayload(new Correlation(SECOND));
    }

    @Test
    void aClosedHintForAnIncidentNoLongerOpenReleasesNothingTwice() {
        fixture.given(new AlertIncidentOpened(KEY, FIRST), new AlertIncidentFoundClosed(KEY, FIRST),
                        new AlertIncidentOpened(KEY, SECOND), new FiringCorrelated(KEY, "fp-b", T0, SECOND))
                .when(new CorrelateFiring(KEY, "fp-c", T0.plusSeconds(1), THIRD, FIRST))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new FiringCorrelated(KEY, "fp-c", T0.plusSeconds(1), SECOND))
                .expectResultMessagePayload(new Correlation(SECOND));
    }

    @Test
    void theFiringsOfADeliveryAreRoutedInOneCommandOpeningOneIncidentAndNamingKnownFiringsIncident() {
        fixture.given(new AlertIncidentOpened(KEY, FIRST), new FiringCorrelated(KEY, "fp-a", T0, FIRST),
                        new AlertIncidentFoundClosed(KEY, FIRST))
                .when(new CorrelateFirings(KEY, List.of(new CorrelateFirings.Firing("fp-a", T0),
                        new CorrelateFirings.Firing("fp-b", T0), new CorrelateFirings.Firing("fp-c", T0),
                        new CorrelateFirings.Firing("fp-b", T0)), SECOND, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertIncidentOpened(KEY, SECOND), new FiringCorrelated(KEY, "fp-b", T0, SECOND),
                        new FiringCorrelated(KEY, "fp-c", T0, SECOND))
                .expectResultMessagePayload(List.of(FIRST, SECOND, SECOND, SECOND));
    }

    @Test
    void firingsAClosedIncidentRefusedAreRoutedToTheNextIncident() {
        fixture.given(new AlertIncidentOpened(KEY, FIRST), new FiringCorrelated(KEY, "fp-a", T0, FIRST),
                        new FiringCorrelated(KEY, "fp-b", T0, FIRST))
                .when(new CorrelateFirings(KEY, List.of(new CorrelateFirings.Firing("fp-a", T0),
                        new CorrelateFirings.Firing("fp-b", T0)), SECOND, FIRST))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertIncidentFoundClosed(KEY, FIRST), new AlertIncidentOpened(KEY, SECOND),
                        new FiringCorrelated(KEY, "fp-a", T0, SECOND), new FiringCorrelated(KEY, "fp-b", T0, SECOND))
                .expectResultMessagePayload(List.of(SECOND, SECOND));
    }

    @Test
    void aManuallyDeclaredIncidentIsAdoptedWhenNoneIsOpenAndAlertsAttachToIt() {
        fixture.givenNoPriorActivity()
                .when(new AdoptIncident(KEY, FIRST))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ManualIncidentAdopted(KEY, FIRST));
        fixture.given(new ManualIncidentAdopted(KEY, FIRST))
                .when(new CorrelateFiring(KEY, "fp-a", T0, SECOND, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new FiringCorrelated(KEY, "fp-a", T0, FIRST))
                .expectResultMessagePayload(new Correlation(FIRST));
    }

    @Test
    void aManualIncidentIsNotAdoptedWhileAnotherIsOpen() {
        fixture.given(new AlertIncidentOpened(KEY, FIRST))
                .when(new AdoptIncident(KEY, SECOND))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void correlationIdsRoundTripThroughText() {
        org.assertj.core.api.Assertions.assertThat(AlertCorrelationId.parse(KEY.toString())).isEqualTo(KEY);
        org.assertj.core.api.Assertions.assertThat(KEY.toString()).isEqualTo("alerts:PUBLISH_FAILURE:locality/se-stockholm");
    }
}
