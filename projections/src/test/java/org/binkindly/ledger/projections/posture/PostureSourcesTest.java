package org.binkindly.ledger.projections.posture;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindStep;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.projections.posture.ScopePostureRulesTest.activated;
import static org.binkindly.ledger.projections.posture.ScopePostureRulesTest.completed;
import static org.binkindly.ledger.projections.posture.ScopePostureRulesTest.declared;
import static org.binkindly.ledger.projections.posture.ScopePostureRulesTest.incident;
import static org.binkindly.ledger.projections.posture.ScopePostureRulesTest.killSwitch;
import static org.binkindly.ledger.projections.posture.ScopePostureRulesTest.rebind;
import static org.binkindly.ledger.projections.posture.ScopePostureRulesTest.started;

/** The posture rules in memory, with no database: what time travel folds events through. */
class PostureSourcesTest {

    /** Each event is recorded a minute after the one before, as the event store would stamp it. */
    private java.time.Instant clock = java.time.Instant.parse("2026-11-27T00:00:00Z");

    private java.time.Instant tick() {
        clock = clock.plusSeconds(60);
        return clock;
    }

    private static final Scope STOCKHOLM = Scope.parse("locality/se-stockholm");
    private static final Scope MALMO = Scope.parse("locality/se-malmo");

    @Test
    void foldingEventsInOrderGivesThePostureAsItStoodAfterTheLastOne() {
        PostureSources sources = new PostureSources();
        sources.apply(declared(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV1), tick());
        sources.apply(activated(killSwitch(1), KillSwitchKind.AI_LANE, MALMO, false), tick());
        sources.apply(started(rebind(1), STOCKHOLM, false), tick());

        ScopePostureView stockholm = sources.posture(STOCKHOLM);
        assertThat(stockholm.degraded()).isTrue();
        assertThat(stockholm.publishPaused()).isTrue();
        assertThat(stockholm.reasons()).extracting(ScopePostureView.Reason::sourceId)
                .containsExactlyInAnyOrder(incident(1).value(), rebind(1).value());
        assertThat(sources.posture(MALMO).graduationFrozen()).isTrue();

        sources.apply(new IncidentClosed(incident(1), "done"), tick());
        sources.apply(completed(rebind(1)), tick());
        assertThat(sources.posture(STOCKHOLM).reasons()).isEmpty();
    }

    @Test
    void aFoldReportsOnlyWhatChangedAndIgnoresWhatItNeverSawBegin() {
        PostureSources sources = new PostureSources();

        assertThat(sources.apply(new RebindFailed(rebind(2), RebindStep.ACTIVE_WRITE, "x"), tick())).isEmpty();
        assertThat(sources.apply(started(rebind(2), STOCKHOLM, false), tick())).hasSize(1);
        assertThat(sources.apply(started(rebind(2), STOCKHOLM, false), tick())).as("begun once").isEmpty();
        assertThat(sources.apply(new RebindFailed(rebind(2), RebindStep.ACTIVE_WRITE, "x"), tick()))
                .extracting(PostureSources.Source::subtype).containsExactly("FAILED");

        sources.apply(started(rebind(3), STOCKHOLM, false), tick());
        assertThat(sources.apply(completed(rebind(3)), tick())).extracting(PostureSources.Source::sourceId)
                .as("the completed rebind and the failed one it settles")
                .containsExactlyInAnyOrder(rebind(3).value(), rebind(2).value());
    }
}
