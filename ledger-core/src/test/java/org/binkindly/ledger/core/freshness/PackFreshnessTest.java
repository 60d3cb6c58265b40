package org.binkindly.ledger.core.freshness;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.binkindly.ledger.core.freshness.command.CheckPackFreshness;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class PackFreshnessTest {

    private static final PackFreshnessId ID = new PackFreshnessId(Scope.parse("locality/se-stockholm"));
    private static final long HOUR = 3600;
    private static final long THRESHOLD = 36 * HOUR;
    private static final Instant PUBLISHED = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant STALE_AT = PUBLISHED.plusSeconds(THRESHOLD);

    private AggregateTestFixture<PackFreshness> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PackFreshness.class);
    }

    private static CheckPackFreshness check(Instant at, String manifestId, Instant publishedAt) {
        return new CheckPackFreshness(ID, THRESHOLD, at, manifestId, publishedAt, null);
    }

    @Test
    void theFirstCheckStartsTheWatchAndRecordsWhatIsActive() {
        fixture.givenNoPriorActivity()
                .when(check(PUBLISHED.plusSeconds(HOUR), "m-1", PUBLISHED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new FreshnessWatchStarted(ID, THRESHOLD), new ActivePackObserved(ID, "m-1", PUBLISHED));
    }

    @Test
    void aFreshScopeCheckedAgainRecordsNothing() {
        fixture.given(new FreshnessWatchStarted(ID, THRESHOLD), new ActivePackObserved(ID, "m-1", PUBLISHED))
                .when(check(PUBLISHED.plusSeconds(2 * HOUR), "m-1", PUBLISHED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void passingTheThresholdIsABreachFromTheMomentItWasPassed() {
        Instant later = STALE_AT.plusSeconds(600);
        fixture.given(new FreshnessWatchStarted(ID, THRESHOLD), new ActivePackObserved(ID, "m-1", PUBLISHED))
                .when(check(later, "m-1", PUBLISHED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PackWentStale(ID, "m-1", PUBLISHED, THRESHOLD, STALE_AT, later));
    }

    @Test
    void aStaleScopeCheckedAgainIsNotASecondBreach() {
        fixture.given(new FreshnessWatchStarted(ID, THRESHOLD), new ActivePackObserved(ID, "m-1", PUBLISHED),
                        new PackWentStale(ID, "m-1", PUBLISHED, THRESHOLD, STALE_AT, STALE_AT))
                .when(check(STALE_AT.plusSeconds(5 * HOUR), "m-1", PUBLISHED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aFreshPublishEndsTheBreach() {
        Instant republished = STALE_AT.plusSeconds(HOUR);
        Instant checked = republished.plusSeconds(60);
        fixture.given(new FreshnessWatchStarted(ID, THRESHOLD), new ActivePackObserved(ID, "m-1", PUBLISHED),
                        new PackWentStale(ID, "m-1", PUBLISHED, THRESHOLD, STALE_AT, STALE_AT))
                .when(check(checked, "m-2", republished))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ActivePackObserved(ID, "m-2", republished),
                        new PackFreshAgain(ID, "m-2", republished, STALE_AT, checked));
    }

    @Test
    void anUnreadableManifestIsRecordedOnceAndJudgedByTheLastPublishSeen() {
        Instant later = STALE_AT.plusSeconds(1);
        fixture.given(new FreshnessWatchStarted(ID, THRESHOLD), new ActivePackObserved(ID, "m-1", PUBLISHED))
                .when(new CheckPackFreshness(ID, THRESHOLD, later, null, null, "storage timed out"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ActiveManifestUnreadable(ID, "storage timed out"),
                        new PackWentStale(ID, "m-1", PUBLISHED, THRESHOLD, STALE_AT, later));
        fixture.given(new FreshnessWatchStarted(ID, THRESHOLD), new ActiveManifestUnreadable(ID, "timeout"))
                .when(new CheckPackFreshness(ID, THRESHOLD, later, null, null, "timeout again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aChangedThresholdIsRecordedAndApplied() {
        Instant checked = PUBLISHED.plusSeconds(13 * HOUR);
        fixture.given(new FreshnessWatchStarted(ID, THRESHOLD), new ActivePackObserved(ID, "m-1", PUBLISHED))
                .when(new CheckPackFreshness(ID, 12 * HOUR, checked, "m-1", PUBLISHED, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new FreshnessThresholdChanged(ID, THRESHOLD, 12 * HOUR),
                        new PackWentStale(ID, "m-1", PUBLISHED, 12 * HOUR, PUBLISHED.plusSeconds(12 * HOUR), checked));
    }
}
