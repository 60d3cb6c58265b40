package org.binkindly.ledger.projections.freshness;

import org.binkindly.ledger.core.freshness.ActiveManifestUnreadable;
import org.binkindly.ledger.core.freshness.ActivePackObserved;
import org.binkindly.ledger.core.freshness.FreshnessThresholdChanged;
import org.binkindly.ledger.core.freshness.FreshnessWatchStarted;
import org.binkindly.ledger.core.freshness.PackFreshAgain;
import org.binkindly.ledger.core.freshness.PackFreshnessId;
import org.binkindly.ledger.core.freshness.PackWentStale;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PackFreshnessProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final PackFreshnessId ID = new PackFreshnessId(Scope.parse("locality/se-stockholm"));
    private static final Instant PUBLISHED = Instant.parse("2026-11-25T00:00:00Z");

    private PackFreshnessProjector projector;

    @BeforeEach
    void setUp() {
        projector = new PackFreshnessProjector(database.jdbc());
    }

    private PackFreshnessView view(Instant asOf) {
        return projector.handle(new ListPackFreshness(asOf)).get(0);
    }

    @Test
    void aWatchedScopeShowsItsPackAgeBreachAndRecovery() {
        projector.on(new FreshnessWatchStarted(ID, 36 * 3600), PUBLISHED);
        projector.on(new ActivePackObserved(ID, "m-1", PUBLISHED));
        PackFreshnessView fresh = view(PUBLISHED.plusSeconds(3600));
        assertThat(fresh.threshold()).isEqualTo(Duration.ofHours(36));
        assertThat(fresh.ageSeconds()).isEqualTo(3600);
        assertThat(fresh.stale()).isFalse();

        PackWentStale stale = new PackWentStale(ID, "m-1", PUBLISHED, 36 * 3600, PUBLISHED.plusSeconds(36 * 3600),
                PUBLISHED.plusSeconds(37 * 3600));
        projector.on(stale);
        projector.on(stale);
        assertThat(view(PUBLISHED.plusSeconds(37 * 3600)).stale()).isTrue();
        assertThat(view(PUBLISHED.plusSeconds(37 * 3600)).breaches()).isEqualTo(1);

        projector.on(new ActiveManifestUnreadable(ID, "timeout"));
        assertThat(view(PUBLISHED).unreadableReason()).isEqualTo("timeout");
        Instant republished = PUBLISHED.plusSeconds(38 * 3600);
        projector.on(new ActivePackObserved(ID, "m-2", republished));
        projector.on(new PackFreshAgain(ID, "m-2", republished, PUBLISHED.plusSeconds(36 * 3600), republished));
        projector.on(new FreshnessThresholdChanged(ID, 36 * 3600, 12 * 3600));

        PackFreshnessView recovered = view(republished.plusSeconds(60));
        assertThat(recovered.stale()).isFalse();
        assertThat(recovered.manifestId()).isEqualTo("m-2");
        assertThat(recovered.unreadableReason()).isNull();
        assertThat(recovered.threshold()).isEqualTo(Duration.ofHours(12));
        assertThat(recovered.breaches()).isEqualTo(1);
    }

    @Test
    void theResetClearsTheView() {
        projector.on(new FreshnessWatchStarted(ID, 3600), PUBLISHED);
        projector.reset();
        assertThat(projector.handle(new ListPackFreshness(PUBLISHED))).isEmpty();
    }
}
