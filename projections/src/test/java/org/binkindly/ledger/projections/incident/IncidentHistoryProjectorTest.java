package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.projections.incident.IncidentEvents.STOCKHOLM;
import static org.binkindly.ledger.projections.incident.IncidentEvents.SWEDEN;

class IncidentHistoryProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(30));

    private IncidentHistoryProjector projector;

    @BeforeEach
    void newProjector() {
        projector = new IncidentHistoryProjector(database.jdbc());
    }

    @Test
    void findsDeclarationsOfTheClassAndScopeDetectedInThePeriodOldestFirst() {
        declare(3, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.plus(Duration.ofDays(10)));
        declare(1, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.plus(Duration.ofDays(2)));
        declare(2, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.plus(Duration.ofDays(5)));

        assertThat(projector.detectedBetween(IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM, TO))
                .containsExactly(incident(1), incident(2), incident(3));
    }

    @Test
    void periodBoundariesAreInclusive() {
        declare(1, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM);
        declare(2, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, TO);
        declare(3, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.minusMillis(1));
        declare(4, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, TO.plusMillis(1));

        assertThat(projector.detectedBetween(IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM, TO))
                .containsExactly(incident(1), incident(2));
    }

    @Test
    void otherClassesAndScopesAreNotPartOfTheHistory() {
        declare(1, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.plusSeconds(60));
        declare(2, IncidentClass.STALE_PACK, STOCKHOLM, FROM.plusSeconds(120));
        declare(3, IncidentClass.SOURCE_OUTAGE, SWEDEN, FROM.plusSeconds(180));
        // Same id, different kind of scope: a country is not the locality that shares its name.
        declare(4, IncidentClass.SOURCE_OUTAGE, Scope.parse("country/se-stockholm"), FROM.plusSeconds(240));

        assertThat(projector.detectedBetween(IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM, TO))
                .containsExactly(incident(1));
        assertThat(projector.detectedBetween(IncidentClass.STALE_PACK, STOCKHOLM, FROM, TO))
                .containsExactly(incident(2));
        assertThat(projector.detectedBetween(IncidentClass.SOURCE_OUTAGE, SWEDEN, FROM, TO))
                .containsExactly(incident(3));
        assertThat(projector.detectedBetween(IncidentClass.BAD_PUBLISH, STOCKHOLM, FROM, TO)).isEmpty();
    }

    @Test
    void redeliveredDeclarationIsRecordedOnce() {
        IncidentDeclared declared = declare(1, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.plusSeconds(60));

        projector.on(declared);

        assertThat(projector.detectedBetween(IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM, TO))
                .containsExactly(incident(1));
        assertThat(database.jdbc().queryForObject("select count(*) from incident_history", Integer.class)).isEqualTo(1);
    }

    @Test
    void resetForgetsEveryDeclaration() {
        declare(1, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.plusSeconds(60));
        declare(2, IncidentClass.STALE_PACK, SWEDEN, FROM.plusSeconds(120));

        projector.reset();

        assertThat(projector.detectedBetween(IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM, TO)).isEmpty();
        assertThat(projector.detectedBetween(IncidentClass.STALE_PACK, SWEDEN, FROM, TO)).isEmpty();
        assertThat(database.jdbc().queryForObject("select count(*) from incident_history", Integer.class)).isZero();
    }

    @Test
    void replayAfterResetRemembersTheSameDeclarations() {
        IncidentDeclared first = declare(1, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.plusSeconds(60));
        IncidentDeclared second = declare(2, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM.plusSeconds(120));

        projector.reset();
        projector.on(first);
        projector.on(second);

        assertThat(projector.detectedBetween(IncidentClass.SOURCE_OUTAGE, STOCKHOLM, FROM, TO))
                .containsExactly(incident(1), incident(2));
    }

    private IncidentDeclared declare(int n, IncidentClass incidentClass, Scope scope, Instant detectedAt) {
        IncidentDeclared declared = IncidentEvents.declared(incident(n), incidentClass, scope, Severity.SEV2, detectedAt);
        projector.on(declared);
        return declared;
    }

    private static IncidentId incident(int n) {
        return IncidentId.of("inc-%012x".formatted(n));
    }
}
